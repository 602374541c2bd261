"""Map today's terms (FNCLCC grade, UPS, MPNST, site words, ICD-O-3) to the models' 2002 categories.

Every mapping that is applied becomes a plain-language assumption shown with the result.
Inputs that the mapping table does not cover, or that fall outside a model's validated range,
are refused with a :class:`PrognosisInputError`: nothing is guessed or extrapolated.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .._icdo import parse_morphology
from .._tables import normalize_token
from ..errors import InvalidInput, StagingError
from ..staging import round_size_mm, route_site
from ._data import ModelSpec, load_mapping

__all__ = ["PrognosisInputError", "NoModelFits", "MappedInputs", "map_inputs", "map_grade", "map_histology", "map_site"]


class PrognosisInputError(InvalidInput):
    """An input a prognosis model cannot use: outside its validated range or a category it never saw.

    .. versionadded:: 0.1
    """


class NoModelFits(PrognosisInputError):
    """No prognosis model fits the case: its situation (spread, recurrence, removal) or its tumor type.

    ``rule_id`` names the applicability row (or histology row) that refused it.

    .. versionadded:: 0.2
    """

    def __init__(self, message: str, *, field: str | None = None, rule_id: str | None = None) -> None:
        super().__init__(message, field=field)
        self.rule_id = rule_id


@dataclass(frozen=True)
class MappedInputs:
    """The inputs in the model's own categories, with the assumptions made to get there."""

    age: float
    size_class: str
    size_label: str
    depth: str
    site: str
    site_label: str
    histology: str
    grade: str
    grade_ambiguous: bool
    assumptions: tuple[str, ...]

    def categories(self) -> dict[str, str]:
        """The model categories used, for display."""
        return {
            "age": f"{self.age:g} years",
            "size": self.size_label,
            "depth": self.depth,
            "site": self.site_label,
            "histology": load_mapping()["histology_labels"][self.histology],
            "grade": f"{self.grade} (2-tier)",
        }


def _norm(text: str) -> str:
    """Lower-case, hyphens and underscores to spaces, 'tumour' to 'tumor', single spaces."""
    return " ".join(text.lower().replace("tumour", "tumor").replace("-", " ").replace("_", " ").split())


def _in_codes(code: int, cell: str) -> bool:
    for part in cell.split(","):
        low, sep, high = part.strip().partition("-")
        if int(low) <= code <= int(high if sep else low):
            return True
    return False


def _text(value: Any, field: str) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise PrognosisInputError(f"{field}: a value is required", field=field)
    return str(value).strip()


def _age(spec: ModelSpec, age: Any) -> float:
    try:
        value = float(age)
    except (TypeError, ValueError):
        raise PrognosisInputError(f"age: {age!r} is not a number of years", field="age") from None
    if math.isnan(value) or not spec.age_min <= value <= spec.age_max:
        raise PrognosisInputError(
            f"age: {value:g} is outside the range this model was built for ({spec.age_min:g} to {spec.age_max:g} "
            "years); it is not extrapolated",
            field="age",
        )
    return value


def _size(size_cm: Any) -> tuple[str, str, str]:
    table = load_mapping()["size"]
    try:
        value = float(size_cm)
    except (TypeError, ValueError):
        raise PrognosisInputError(f"size_cm: {size_cm!r} is not a number of centimetres", field="size_cm") from None
    if math.isnan(value) or value <= 0 or value > float(table["max_cm"]):
        raise PrognosisInputError(
            f"size_cm: {value:g} is not a possible tumor size (give more than 0 and at most {table['max_cm']} cm)",
            field="size_cm",
        )
    mm = round_size_mm(size_cm=value)
    assert mm is not None
    for row in table["classes"]:
        if row["max_mm"] is None or mm <= int(row["max_mm"]):
            label = str(row["label"])
            text = str(table["assumption"]).format(size=f"{value:g} cm", label=label)
            return str(row["id"]), label, " ".join(text.split())
    raise AssertionError("the last size class has no upper bound")  # pragma: no cover


def _depth(depth: Any) -> str:
    values: dict[str, str] = load_mapping()["depth"]["values"]
    word = _norm(_text(depth, "depth"))
    if word not in values:
        raise PrognosisInputError(f"depth: {depth!r} is not a depth: use deep or superficial", field="depth")
    return values[word]


def map_site(site: Any) -> tuple[str, str]:
    """Return the model site (one of six) and the assumption text, or raise :class:`PrognosisInputError`."""
    table = load_mapping()["site"]
    labels: dict[str, str] = table["labels"]
    given = _text(site, "site")
    word = _norm(given)
    fine = next((key for key in labels if _norm(key) == word), None)
    if fine is None:
        fine = next((v for k, v in table["aliases"].items() if _norm(k) == word), None)
    ambiguous = {_norm(k): v for k, v in table["ambiguous"].items()}
    if fine is None and word in ambiguous:
        raise PrognosisInputError(f"site: {' '.join(ambiguous[word].split())}", field="site")
    if fine is None:
        try:
            fine = route_site(given, None, None).fine_site
        except StagingError as exc:
            if exc.field == "schema_discriminator_2":
                message = f"site: topography {given} does not tell the model's site; give one of " + ", ".join(labels)
            else:
                message = exc.message if exc.message.startswith("site:") else f"site: {exc.message}"
            raise PrognosisInputError(message, field="site") from None
    if fine is None or fine not in labels:
        raise PrognosisInputError(
            f"site: {given!r} does not tell which of the model's sites applies; give one of " + ", ".join(labels),
            field="site",
        )
    # a site given as the model's own id (the web passes lower_extremity) is shown in words, not as a code name
    text = str(table["assumption"]).format(given=given.replace("_", " "), label=labels[fine])
    return fine, " ".join(text.split())


def map_grade(grade: Any) -> tuple[str, bool, str]:
    """Return the model's 2-tier grade, whether the mapping is ambiguous, and the assumption text."""
    given = _text(grade, "grade")
    token = normalize_token(given)
    for row in load_mapping()["grade"]:
        if token in {normalize_token(v) for v in str(row["values"]).split(",")}:
            if row["tier"] is None:
                raise PrognosisInputError(str(row["message"]), field="grade")
            return str(row["tier"]), bool(row["ambiguous"]), str(row["assumption"])
    raise PrognosisInputError(
        f"grade: {given!r} is not a grade the model can use: give FNCLCC 1, 2 or 3, or low or high", field="grade"
    )


def _histology_row(given: str) -> tuple[dict[str, Any], str]:
    rows: list[dict[str, Any]] = load_mapping()["histology"]
    morphology = parse_morphology(given.replace(" ", ""))
    if morphology is not None:
        code, behavior = morphology.code, morphology.behavior
        if behavior not in (None, 3):
            raise PrognosisInputError(
                f"histology: {given} is not a malignant tumor (behavior /3); the models cover sarcomas only",
                field="histology",
            )
        for row in rows:
            if _in_codes(code, str(row["codes"])):
                return row, f"ICD-O-3 {code}/3"
        raise PrognosisInputError(
            f"histology: ICD-O-3 {code}/3 is not a type the mapping knows; give the tumor type by name, "
            "or 'other' if it is a soft tissue sarcoma outside the model's named types",
            field="histology",
        )
    word = _norm(given)
    for row in rows:
        if word in {_norm(n) for n in str(row["names"]).split(",")}:
            return row, given
    known = sorted({str(r["names"]).split(",")[0] for r in rows if not r.get("refuse") and r["model"] != "other"})
    raise PrognosisInputError(
        f"histology: {given!r} is not a type the model knows; use one of {', '.join(known)}, "
        "an ICD-O-3 code such as 8890/3, or 'other' for another soft tissue sarcoma",
        field="histology",
    )


def map_histology(histology: Any) -> tuple[str, str]:
    """Return the model's histology class and the assumption text, or raise :class:`PrognosisInputError`."""
    given = _text(histology, "histology")
    row, name = _histology_row(given)
    if row.get("refuse"):
        message = f"histology: no model fits this tumor type: {row['message']}"
        raise NoModelFits(message, field="histology", rule_id=str(row["id"]))
    text = str(row["assumption"]).format(name=name[:1].upper() + name[1:])
    return str(row["model"]), text


def map_inputs(
    spec: ModelSpec, *, age: Any, size_cm: Any, depth: Any, site: Any, histology: Any, grade: Any
) -> MappedInputs:
    """Check and map every input for ``spec``; refuse the first one the model cannot use."""
    age_value = _age(spec, age)
    size_class, size_label, size_note = _size(size_cm)
    depth_value = _depth(depth)
    site_value, site_note = map_site(site)
    histology_value, histology_note = map_histology(histology)
    tier, ambiguous, grade_note = map_grade(grade)
    row, _ = _histology_row(_text(histology, "histology"))
    if row.get("low_grade_only") and tier != "low":
        raise PrognosisInputError(" ".join(str(row["grade_message"]).split()), field="grade")
    depth_rules = load_mapping()["depth"]
    if depth_value == "superficial" and site_value in depth_rules["deep_only_sites"]:
        label = load_mapping()["site"]["labels"][site_value]
        raise PrognosisInputError(
            " ".join(str(depth_rules["deep_only_message"]).format(site=label).split()), field="depth"
        )
    notes = [f"Age is read as {spec.age_label}.", size_note, site_note, histology_note, grade_note]
    return MappedInputs(
        age=age_value,
        size_class=size_class,
        size_label=size_label,
        depth=depth_value,
        site=site_value,
        site_label=load_mapping()["site"]["labels"][site_value],
        histology=histology_value,
        grade=tier,
        grade_ambiguous=ambiguous,
        assumptions=tuple(notes),
    )
