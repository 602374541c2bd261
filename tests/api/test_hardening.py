"""Issue 16 server items: no 500 for hostile JSON, headers on every error, per-route body limits, bounded
OperationOutcomes, no-store, HEAD, JSON access log, relative redirects, trusted hosts, rate limit, HSTS."""

from __future__ import annotations

import json
import logging
import warnings
from typing import Any

import pytest
from fastapi import FastAPI

from sarcoma.api import create_app
from sarcoma.api._middleware import access_line
from sarcoma.api._settings import ServerSettings

with warnings.catch_warnings():
    from starlette.exceptions import StarletteDeprecationWarning

    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

FHIR = "/fhir/r4/$stage"
FHIR_JSON = "application/fhir+json"
CASE = "site=leg&size=8&unit=cm&grade=3&n=no&m=no"


def _fhir(client: Any, data: bytes) -> Any:
    return client.post(FHIR, content=data, headers={"content-type": FHIR_JSON})


def _assert_secured(response: Any) -> None:
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"[" * 1000 + b"]" * 1000, "nested more than"),
        (b'{"resourceType": "Bundle", "entry": ' + b"[" * 200 + b"]" * 200 + b"}", "nested more than"),
        (b'{"resourceType": "Bundle", "x": ' + b"9" * 5000 + b"}", "number is too long"),
    ],
    ids=["deep-1000", "deep-200-in-bundle", "int-5000-digits"],
)
def test_hostile_json_is_an_operation_outcome_not_a_500(client: Any, data: bytes, words: str) -> None:
    response = _fhir(client, data)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith(FHIR_JSON)
    issue = response.json()["issue"][0]
    assert issue["code"] == "structure" and words in issue["diagnostics"]
    _assert_secured(response)


def test_forced_500_carries_the_security_headers_and_no_details(caplog: pytest.LogCaptureFixture) -> None:
    app = create_app()

    @app.get("/api/v1/boom")
    def boom() -> None:
        raise RuntimeError("secret-case-value")

    @app.post("/fhir/r4/boom")
    def fhir_boom() -> None:
        raise RuntimeError("secret-case-value")

    caplog.set_level(logging.INFO)
    with TestClient(app, raise_server_exceptions=True) as client:
        api = client.get("/api/v1/boom")
        fhir = client.post("/fhir/r4/boom")
        page = client.get("/api/v1/boom", headers={"accept": "text/html"})
    assert api.status_code == fhir.status_code == page.status_code == 500
    assert api.json()["type"] == "InternalError"
    assert fhir.json()["resourceType"] == "OperationOutcome"
    for response in (api, fhir, page):
        _assert_secured(response)
        assert "secret-case-value" not in response.text
    assert "secret-case-value" not in caplog.text
    assert "unhandled RuntimeError on /api/v1/boom" in caplog.text


def test_fhir_accepts_bundles_between_64_kib_and_5_mb(client: Any) -> None:
    # 100 KB of padding in an otherwise useless Bundle: the FHIR reader answers, not the 64 KiB limit.
    data = json.dumps({"resourceType": "Bundle", "type": "collection", "entry": [], "id": "x" * 100_000}).encode()
    response = _fhir(client, data)
    assert response.status_code == 422
    assert response.json()["resourceType"] == "OperationOutcome"


def test_fhir_over_5_mb_is_an_operation_outcome_413(client: Any) -> None:
    response = _fhir(client, b'{"resourceType": "Bundle", "id": "' + b"x" * 5_000_001 + b'"}')
    assert response.status_code == 413
    assert response.headers["content-type"].startswith(FHIR_JSON)
    issue = response.json()["issue"][0]
    assert issue["code"] == "too-costly" and "5,000,000" in issue["diagnostics"]
    _assert_secured(response)


def test_api_keeps_its_64_kib_limit(client: Any) -> None:
    body = b'{"site": "leg", "histology": "' + b"x" * 70_000 + b'"}'
    response = client.post("/api/v1/stage", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 413 and response.json()["type"] == "PayloadTooLarge"


def test_many_empty_entries_give_a_bounded_outcome(client: Any) -> None:
    data = json.dumps({"resourceType": "Bundle", "type": "collection", "entry": [{}] * 16_000}).encode()
    response = _fhir(client, data)
    assert response.status_code == 422
    issues = response.json()["issue"]
    assert len(issues) <= 100
    assert "more issues not shown" in issues[-1]["diagnostics"]
    assert len(response.content) < 40_000


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", f"/result?{CASE}"),
        ("GET", f"/check?{CASE}&step=nodes"),
        ("GET", f"/result.fhir.json?{CASE}"),
        ("GET", "/result?site=leg&grade=7"),
        ("GET", "/api/v1/health"),
        ("POST", "/api/v1/stage"),
        ("POST", FHIR),
        ("GET", "/"),
    ],
)
def test_answers_with_health_data_are_not_stored(client: Any, method: str, path: str) -> None:
    body = {"site": "leg", "size_cm": 8} if method == "POST" else None
    response = client.request(method, path, json=body)
    assert response.headers["cache-control"] == "no-store"


def test_static_files_may_be_cached(client: Any) -> None:
    assert "no-store" not in client.get("/static/css/site.css").headers.get("cache-control", "")


@pytest.mark.parametrize("path", ["/", "/check", "/learn", f"/result?{CASE}", "/api/v1/health", "/openapi.json"])
def test_head_answers_like_get_without_a_body(client: Any, path: str) -> None:
    response = client.head(path)
    assert response.status_code == 200
    assert response.content == b""
    _assert_secured(response)


@pytest.mark.parametrize("path", ["/a%0aGET%20/forged%20200", "/x%22,%22status%22:200%0d%0a", "/%1b[31m"])
def test_access_log_lines_cannot_be_forged(client: Any, caplog: pytest.LogCaptureFixture, path: str) -> None:
    caplog.set_level(logging.INFO, logger="sarcoma.access")
    client.get(path + "?site=leg&size=8")
    lines = [r.getMessage() for r in caplog.records if r.name == "sarcoma.access"]
    assert len(lines) == 1 and "\n" not in lines[0] and "\r" not in lines[0] and "\x1b" not in lines[0]
    record = json.loads(lines[0])
    assert record["status"] == 404 and "site=" not in lines[0]


def test_access_line_is_one_escaped_json_object() -> None:
    line = access_line("GET", "/a\nGET /b 200\x00" + "y" * 500, 404, 1.234)
    assert "\n" not in line and "\x00" not in line
    record = json.loads(line)
    assert record["path"].startswith("/a\nGET /b 200") and len(record["path"]) == 200
    assert (record["method"], record["status"], record["ms"]) == ("GET", 404, 1.2)


def test_trailing_slash_redirect_does_not_reflect_the_host(client: Any) -> None:
    response = client.get("/learn/?q=1", headers={"host": "evil.example"}, follow_redirects=False)
    assert response.status_code in (307, 308)
    assert response.headers["location"] == "/learn?q=1"


def _app_client(settings: ServerSettings, base_url: str = "http://testserver") -> TestClient:
    app: FastAPI = create_app(settings)
    return TestClient(app, base_url=base_url)


def test_trusted_hosts_refuse_other_hosts() -> None:
    with _app_client(ServerSettings.unlimited().with_changes(trusted_hosts=("sarcoma.example.org",))) as client:
        assert client.get("/", headers={"host": "sarcoma.example.org"}).status_code == 200
        refused = client.get("/", headers={"host": "evil.example"})
    assert refused.status_code == 400
    assert refused.headers["x-content-type-options"] == "nosniff"


def test_rate_limit_answers_429_with_retry_after_and_headers() -> None:
    settings = ServerSettings(rate_limit="5/minute", pdf_rate_limit="1/minute")
    with _app_client(settings) as client:
        statuses = [client.get("/api/v1/health").status_code for _ in range(6)]
        static = client.get("/static/css/site.css")
        refused = client.get("/api/v1/health")
    assert statuses == [200] * 5 + [429]
    assert static.status_code == 200
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
    assert refused.json()["type"] == "TooManyRequests"
    _assert_secured(refused)


def test_pdf_has_its_own_lower_limit() -> None:
    settings = ServerSettings(rate_limit="100/minute", pdf_rate_limit="1/minute")
    with _app_client(settings) as client:
        client.get("/summary.pdf?site=leg&grade=7")  # counted even when the answer is an error page
        refused = client.get(f"/summary.pdf?{CASE}", headers={"accept": "text/html"})
        other = client.get(f"/result?{CASE}")
    assert refused.status_code == 429 and "summary PDFs" in refused.text
    assert other.status_code == 200


def test_settings_from_environment() -> None:
    env = {"SARCOMA_RATE_LIMIT": "off", "SARCOMA_PDF_RATE_LIMIT": "2/minute", "SARCOMA_TRUSTED_HOSTS": "a.org, b.org"}
    settings = ServerSettings.from_env(env)
    assert (settings.rate_limit, settings.pdf_rate_limit) == (None, "2/minute")
    assert settings.trusted_hosts == ("a.org", "b.org") and settings.hsts is False
    assert ServerSettings.from_env({}).rate_limit == "300/minute"


def test_hsts_only_over_https() -> None:
    settings = ServerSettings.unlimited().with_changes(hsts=True)
    with _app_client(settings, "https://testserver") as secure:
        assert secure.get("/").headers["strict-transport-security"].startswith("max-age=31536000")
    with _app_client(settings) as plain:
        assert "strict-transport-security" not in plain.get("/").headers


@pytest.mark.parametrize("path", ["/api/v1/stage", "/api/v1/grade", "/api/v1/treatments"])
@pytest.mark.parametrize("data", [b"[" * 5000 + b"]" * 5000, b'{"site": "leg", "size_cm": ' + b"9" * 5000 + b"}"])
def test_hostile_json_to_the_api_is_422(client: Any, path: str, data: bytes) -> None:
    response = client.post(path, content=data, headers={"content-type": "application/json"})
    assert response.status_code == 422 and response.json()["type"] == "InvalidInput"
    _assert_secured(response)


def test_429_is_declared(client: Any) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path, method in (("/api/v1/stage", "post"), ("/api/v1/kb/items/{item_id}", "get"), (FHIR, "post")):
        assert "429" in paths[path][method]["responses"], path
