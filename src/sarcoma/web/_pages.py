"""The HTML pages: home, guided questions, result, summary PDF, Learn, API docs.

Every page is a GET; a case lives only in the URL query and is never stored or logged.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .._tables import load_table, normalize_token
from ..errors import OutOfScope, StagingError
from ..kb import load_kb, summary_source
from ..staging import DISCLAIMER, EDITION, stage
from ._case import STEP_KEYS, WebCase, read_case, step_of_field
from ._content import content, step, step_ids
from ._plain import FieldError, assert_plain
from ._quick import QUICK_MARK, anchor_for, plain_words, quick_context, quick_errors, staging_error
from ._size import SizeError, parse_size
from ._survival import framings, survival_curve, survival_errors
from ._views import content_dates, glossary_for, result_view
from ._words import WordsOnPage

__all__ = ["web_router", "templates", "render_error", "fhir_available"]

_env = Environment(
    loader=PackageLoader("sarcoma.web", "templates"),
    autoescape=select_autoescape(default=True),
    undefined=StrictUndefined,
)
templates = Jinja2Templates(env=_env)
_env.filters["plain"] = plain_words


def size_notes(case: WebCase) -> list[str]:
    """How the typed size was read ("We used the greatest, 8 cm."), for the result page."""
    try:
        return parse_size(case.get("size"), case.get("unit", "cm")).notes() if case.get("size") else []
    except SizeError:
        return []


_env.globals.update(
    size_notes=size_notes,
    framings=framings,
    survival_curve=survival_curve,
    survival_errors=survival_errors,
    anchor_for=anchor_for,
)
web_router = APIRouter(include_in_schema=False)

NAV = (("/", "Home"), ("/check", "Check a stage"), ("/learn", "Learn"))
"""The patient menu; the API docs are linked from the footer and the clinician section."""


def fhir_available() -> bool:
    """Whether the FHIR export (sarcoma.interop.fhir) is installed."""
    try:
        from ..interop.fhir import result_to_bundle  # noqa: F401 - imported only to see that the extra is there
    except ImportError:
        return False
    return True


def _page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    base = {
        "nav": NAV,
        "path": request.url.path,
        "disclaimer": DISCLAIMER,
        "edition": EDITION,
        "content": content(),
        "dates": content_dates(),
        "summary_url": summary_source("").url,
    }
    assert_plain(context)  # an exception in a context leaks memory (issue 16): pass FieldError
    return templates.TemplateResponse(request, name, {**base, **context}, status_code=status)


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    """An HTML error page (used for 404s on pages)."""
    title = "Page not found" if status == 404 else "Something is not right"
    return _page(request, "error.html", {"title": title, "message": message, "status": status}, status)


def _params(request: Request) -> dict[str, str]:
    params = dict(request.query_params.items())
    extents = request.query_params.getlist("extent")
    if len(extents) > 1:  # head and neck extent is a multiple choice (issue 10): one comma-joined answer
        params["extent"] = ",".join(extents)
    return params


def _site_group(case: WebCase) -> str | None:
    try:
        return stage(site=case.get("site")).site_group if case.get("site") else None
    except StagingError:
        return None


def _extent_choices(site_group: str | None) -> list[tuple[str, str]]:
    if site_group is None:
        return []
    token = normalize_token(site_group)
    rows = load_table("t_extent").rows
    return [(r.get("extent"), r.get("plain")) for r in rows if token in r.sets.get("site_group", ())]


def _step_page(request: Request, case: WebCase, step_id: str, error: FieldError | None = None) -> HTMLResponse:
    order = step_ids()
    index = order.index(step_id)
    site_group = _site_group(case) if step_id == "size" else None
    context = {
        "title": step(step_id)["title"],
        "step": step(step_id),
        "index": index + 1,
        "total": len(order),
        "case": case,
        "hidden": case.without_step(step_id) | ({"step": order[index + 1]} if index + 1 < len(order) else {}),
        "action": "/check" if index + 1 < len(order) else "/result",
        "back": f"/check?{case.query(step=order[index - 1])}" if index > 0 else "/",
        "error": error,
        "site_group": site_group,
        "extents": _extent_choices(site_group),
        "answered_all": all(case.get(k) for k in ("site", "n", "m", "recurrent", "resectable")),
    }
    return _page(request, "step.html", context, 422 if error is not None else 200)


@web_router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    """Home page."""
    return _page(request, "home.html", {"title": content()["home"]["title"]})


@web_router.get("/check", response_class=HTMLResponse)
def check(request: Request) -> HTMLResponse:
    """One guided question; answers so far travel in the query."""
    params = _params(request)
    case = read_case(params)
    order = step_ids()
    wanted = params.get("step", order[0])
    if wanted not in order:
        wanted = order[0]
    found = case.error_step()
    if found is not None and order.index(found[0]) < order.index(wanted):
        return _step_page(request, case, found[0], found[1])
    return _step_page(request, case, wanted)


def _quick_page(request: Request, case: WebCase, errors: list[Any]) -> HTMLResponse:
    return _page(request, "quick.html", quick_context(case, errors, _params(request)), 422 if errors else 200)


def _staged(request: Request) -> tuple[WebCase, Any] | HTMLResponse:
    params = _params(request)
    case = read_case(params)
    via_quick = params.get(QUICK_MARK[0]) == QUICK_MARK[1]
    if via_quick and (errors := quick_errors(case)):
        return _quick_page(request, case, errors)
    try:
        return case, result_view(case)
    except OutOfScope as exc:
        title = "This tool does not cover this tumor"
        return _page(request, "out_of_scope.html", {"title": title, "error": FieldError.of(exc)})
    except StagingError as exc:
        if via_quick:
            return _quick_page(request, case, [staging_error(exc)])
        step_id = step_of_field(exc.field)
        if step_id is not None and step_id in STEP_KEYS:
            return _step_page(request, case, step_id, FieldError.of(exc))
        return render_error(request, 422, exc.message)


@web_router.get("/quick", response_class=HTMLResponse)
def quick(request: Request) -> HTMLResponse:
    """Every question on one page; the form goes straight to /result."""
    return _quick_page(request, read_case(_params(request)), [])


@web_router.get("/result", response_class=HTMLResponse)
def result(request: Request) -> HTMLResponse:
    """The result page for the case in the query."""
    staged = _staged(request)
    if isinstance(staged, HTMLResponse):
        return staged
    case, view = staged
    return _page(
        request,
        "result.html",
        {
            "title": f"Result: {view.result.headline}",
            "view": view,
            "query": case.query(),
            "fhir": fhir_available(),
            "words": WordsOnPage(load_kb().glossary.values()),
        },
    )


@web_router.get("/summary.pdf")
def summary_pdf(request: Request) -> Response:
    """My summary as a PDF (WeasyPrint), from the same data as the result page."""
    from ._pdf import NO_PDF_MESSAGE, pdf_unavailable

    if pdf_unavailable() is not None:  # no Pango on this machine, or SARCOMA_DISABLE_PDF=1
        return render_error(request, 503, NO_PDF_MESSAGE)
    staged = _staged(request)
    if isinstance(staged, HTMLResponse):
        return staged
    case, view = staged
    from ._pdf import render_pdf

    html = _env.get_template("summary.html").render(
        view=view,
        dates=content_dates(),
        disclaimer=DISCLAIMER,
        edition=EDITION,
        content=content(),
        summary_url=summary_source("").url,
        result_url=f"{str(request.base_url).rstrip('/')}/result?{case.query()}",
    )
    return Response(
        render_pdf(html),
        media_type="application/pdf",
        headers={"content-disposition": 'attachment; filename="sarcoma-summary.pdf"', "cache-control": "no-store"},
    )


@web_router.get("/result.fhir.json")
def result_fhir(request: Request) -> Response:
    """The result as a FHIR R4 (mCODE) Bundle, when the FHIR export is installed."""
    if not fhir_available():
        return JSONResponse({"type": "NotFound", "message": "FHIR export is not installed"}, status_code=404)
    from ..interop.fhir import result_to_bundle

    case = read_case(_params(request))
    try:
        from ..staging import parse_input

        fields = parse_input(case.staging_fields())
        bundle = result_to_bundle(fields, stage(fields))
    except StagingError as exc:
        return JSONResponse(exc.to_dict(), status_code=422)
    return JSONResponse(
        bundle,
        media_type="application/fhir+json",
        headers={"content-disposition": 'attachment; filename="sarcoma-stage.fhir.json"'},
    )


@web_router.get("/learn", response_class=HTMLResponse)
def learn(request: Request) -> HTMLResponse:
    """All knowledge-base topics and items."""
    return _page(request, "learn.html", {"title": "Learn about soft tissue sarcoma", "topics": load_kb().topics()})


@web_router.get("/learn/search", response_class=HTMLResponse)
def learn_search(request: Request, q: Annotated[str, Query(max_length=200)] = "") -> HTMLResponse:
    """Search the knowledge base."""
    answer = load_kb().answer(q, limit=20) if q.strip() else None
    context = {
        "title": "Search results" if q else "Search",
        "q": q,
        "hits": [item for item, _ in answer.hits] if answer else [],
        "corrected": answer.corrected if answer else None,
        "spanish": answer.spanish if answer else None,
    }
    return _page(request, "search.html", context)


@web_router.get("/learn/{item_id}", response_class=HTMLResponse)
def learn_item(request: Request, item_id: str) -> HTMLResponse:
    """One knowledge-base page: key points first."""
    kb = load_kb()
    try:
        item = kb.get(item_id)
    except KeyError as exc:
        return render_error(request, 404, str(exc.args[0]))
    topic = next((t for t in kb.topics() if t.id == item.topic), None)
    return _page(
        request,
        "item.html",
        {"title": item.title, "item": item, "topic": topic, "glossary": glossary_for(kb, [item.id])},
    )


@web_router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    """Swagger UI, served from local files and started by a static script (no inline script)."""
    return templates.TemplateResponse(request, "docs.html", {"title": "API documentation"})


@web_router.get("/start")
def start() -> RedirectResponse:
    """Shortcut to the first question."""
    return RedirectResponse("/check", status_code=303)
