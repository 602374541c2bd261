"""Build result models from values our own code produced, without validating them a second time.

:meth:`pydantic.BaseModel.model_construct` skips validation but is slower than validating (it walks
aliases and defaults field by field in Python). :func:`trusted` does what it does for the plain
models of the staging result (no aliases, no private attributes, no ``model_post_init``, no extra
fields), checked once per class, and refuses a field name the model does not have. It is for the
engine's own output (trace steps, notices, the :class:`~sarcoma.StageResult`), never for user input,
which always goes through validation (:func:`sarcoma.staging.parse_input`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic.fields import FieldInfo

__all__ = ["trusted", "trusted_from", "trusted_whole"]

Model = TypeVar("Model", bound=BaseModel)

_set = object.__setattr__
_IMMUTABLE = (str, int, float, bool, type(None), tuple, frozenset)


def _fresh(info: FieldInfo) -> Callable[[], Any]:
    """A new default each time (a default factory, or a copy of a mutable default), as pydantic gives."""
    return lambda: info.get_default(call_default_factory=True, validated_data={})


_REQUIRED = object()
"""Placeholder of a required field in a layout's template (never left in a built model)."""


@cache
def _layout(
    cls: type[BaseModel],
) -> tuple[frozenset[str], frozenset[str], dict[str, Any], dict[str, Callable[[], Any]]]:
    """The field names, the names that must be given, a template of every field in order (its default, or
    a placeholder) and, for the defaults that must be made afresh, how to make them."""
    if cls.__pydantic_root_model__ or cls.__pydantic_post_init__ or cls.__private_attributes__:
        raise TypeError(f"{cls.__name__}: trusted() builds only plain models")
    if cls.model_config.get("extra") == "allow":
        raise TypeError(f"{cls.__name__}: trusted() does not build models with extra fields")
    template: dict[str, Any] = {}
    fresh: dict[str, Callable[[], Any]] = {}
    required = []
    for name, info in cls.model_fields.items():
        if info.alias is not None or info.validation_alias is not None:
            raise TypeError(f"{cls.__name__}.{name}: trusted() does not read aliases")
        if info.is_required():
            required.append(name)
            template[name] = _REQUIRED
        elif info.default_factory is None and isinstance(info.default, _IMMUTABLE):
            template[name] = info.default
        else:
            template[name] = _REQUIRED
            fresh[name] = _fresh(info)
    return frozenset(template), frozenset(required), template, fresh


def trusted(cls: type[Model], /, **values: Any) -> Model:
    """An instance of ``cls`` holding ``values`` as given, as :meth:`~pydantic.BaseModel.model_construct` would.

    Fields not given take their defaults; ``model_fields_set`` is the names given. A name the model
    does not have, or a required field left out, raises ``TypeError`` (a bug in our code).
    """
    return trusted_from(cls, values)


def trusted_from(cls: type[Model], values: dict[str, Any], /) -> Model:
    """:func:`trusted` with the values in a dict (no keyword unpacking: for the engine's hot path)."""
    names, required, template, fresh = _layout(cls)
    given = values.keys()
    if not (given <= names and required <= given):
        raise TypeError(
            f"{cls.__name__}: unknown fields {sorted(given - names)}, missing fields {sorted(required - given)}"
        )
    data = template.copy()  # every field in the model's order; update keeps that order
    data.update(values)
    for name, make in fresh.items():
        if name not in values:
            data[name] = make()
    return trusted_whole(cls, data, given)


def trusted_whole(cls: type[Model], data: dict[str, Any], fields_set: Iterable[str], /) -> Model:
    """An instance of ``cls`` whose ``__dict__`` is ``data``, which holds every field in the model's order.

    No check at all: for the engine's hot path, where :func:`trusted_from` checking the names on every
    call was a fifth of a case. The caller gives ``data`` a literal with every field, and a test
    (``tests/staging/test_trusted.py``) validates its results again.
    """
    model = cls.__new__(cls)
    _set(model, "__dict__", data)
    _set(model, "__pydantic_fields_set__", set(fields_set))  # a set of its own, as pydantic gives
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)
    return model
