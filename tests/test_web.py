"""The web app through FastAPI's TestClient: pages, the JSON API, every error case, CSRF,
the reviewer's overrides and the run-history filter."""

from __future__ import annotations

import csv
import io
import re
import warnings
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from harmonise.settings import Settings
from harmonise.web import create_app

with warnings.catch_warnings():  # starlette's advice to install httpx2 is not ours to act on
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

LABELLED = Path(__file__).resolve().parent.parent / "corpora" / "labelled"
STATUTE = LABELLED / "beltrania-electronic-crimes-act-2015.txt"
API = {"X-Harmonise-Client": "tests"}
FW = "hipcar-cybercrime"


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    app = create_app(Settings(max_input_bytes=400_000), db=tmp_path / "runs.db")
    with TestClient(app) as c:
        yield c


def _csrf(client: TestClient, url: str = "/") -> str:
    page = client.get(url)
    assert page.status_code == 200
    match = re.search(r'name="csrf" value="([0-9a-f]{64})"', page.text)
    assert match, "the form carries a CSRF token"
    return match.group(1)


def _api_check(client: TestClient, data: bytes, name: str = "act.txt", **form) -> dict:
    form.setdefault("frameworks", [FW])
    r = client.post("/api/check", files={"file": (name, data)}, data=form, headers=API)
    assert r.status_code == 200, r.text
    return r.json()


def _error(r, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "hint"}
    assert body["error"]["code"] == code
    return body["error"]


# --- pages ------------------------------------------------------------------------------


def test_upload_form_offers_frameworks_auto_all_and_status(client: TestClient) -> None:
    soup = BeautifulSoup(client.get("/").text, "html.parser")
    form = soup.find("form", action="/check")
    assert form["enctype"] == "multipart/form-data"
    options = [o["value"] for o in form.find("select", id="frameworks").find_all("option")]
    assert options[:2] == ["auto", "all"] and FW in options
    statuses = [o["value"] for o in form.find("select", id="instrument_status").find_all("option")]
    assert statuses == ["in force", "bill", "repealed"]
    assert form.find("input", attrs={"name": "csrf"})["value"]


def test_form_upload_redirects_to_report_with_downloads(client: TestClient) -> None:
    token = _csrf(client)
    r = client.post(
        "/check",
        data={"csrf": token, "country": "Beltrania", "frameworks": [FW]},
        files={"file": ("beltrania.txt", STATUTE.read_bytes())},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/runs/1"
    page = client.get("/runs/1")
    soup = BeautifulSoup(page.text, "html.parser")
    assert soup.find("h1").get_text().startswith("Gap report")
    assert soup.find(id=f"{FW}--illegal-access") is not None
    links = [a["href"] for a in soup.select("p.downloads a")]
    assert links == [
        "/runs/1/report.html",
        "/runs/1/report.json",
        "/runs/1/findings.csv",
        "/runs/1/act.xml",
    ]
    for href in links:
        assert client.get(href).status_code == 200, href
    assert b"<akomaNtoso" in client.get("/runs/1/act.xml").content


def test_report_page_shows_the_cli_report(client: TestClient) -> None:
    from harmonise.report import render_html
    from harmonise.review import review_file

    _api_check(client, STATUTE.read_bytes(), name=STATUTE.name)
    page = BeautifulSoup(client.get("/runs/1").text, "html.parser")
    cli = BeautifulSoup(render_html(review_file(STATUTE, [FW])), "html.parser")
    ids = lambda s: [a["id"] for a in s.select("article.finding")]  # noqa: E731
    assert ids(page) == ids(cli)


def test_script_in_uploaded_law_is_shown_as_text(client: TestClient) -> None:
    law = STATUTE.read_text(encoding="utf-8").replace(
        "ELECTRONIC CRIMES", "ELECTRONIC <script>alert('x')</script> CRIMES", 1
    )
    law += "\n<script>alert('pwned')</script>\n"
    rid = _api_check(client, law.encode(), name="evil.txt")["id"]
    for url in (f"/runs/{rid}", f"/runs/{rid}/report.html", "/runs"):
        html = client.get(url).text
        assert "<script>alert" not in html, url
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in client.get(f"/runs/{rid}").text


def test_history_filters_by_country_and_framework(client: TestClient) -> None:
    data = STATUTE.read_bytes()
    _api_check(client, data, country="Beltrania")
    _api_check(client, data, country="Arcadia", frameworks=["budapest"])
    runs = client.get("/api/runs").json()
    assert [r["country"] for r in runs] == ["Arcadia", "Beltrania"]  # newest first
    only = client.get("/api/runs", params={"country": "Beltrania"}).json()
    assert [r["id"] for r in only] == [1]
    fw = client.get("/api/runs", params={"framework": "budapest"}).json()
    assert [r["id"] for r in fw] == [2]
    page = BeautifulSoup(client.get("/runs?country=Arcadia").text, "html.parser")
    assert [td.get_text() for td in page.select("table.runs tbody tr td:nth-of-type(3)")] == [
        "Arcadia"
    ]


def test_regional_matrix_and_frameworks_browser(client: TestClient) -> None:
    _api_check(client, STATUTE.read_bytes(), country="Beltrania")
    regional = client.get("/regional")
    assert regional.status_code == 200 and "Beltrania" in regional.text
    assert str(regional.url).endswith("/regional/")  # so that its relative links resolve
    matrix = BeautifulSoup(regional.text, "html.parser")
    for a in matrix.find_all("a", href=True):
        if not a["href"].startswith("#"):
            assert client.get(f"/regional/{a['href']}").status_code == 200, a["href"]
    assert client.get("/regional/index.html").status_code == 200
    assert client.get("/regional/countries/BEL.html").status_code == 200
    assert client.get("/regional/regional.csv").text.startswith("country,iso,")
    assert client.get("/regional/regional.json").json()["countries"][0]["iso"] == "BEL"
    assert client.get("/regional/regional.xlsx").content[:2] == b"PK"
    assert client.get("/regional/regional.sh").status_code == 404
    country = BeautifulSoup(client.get("/regional/countries/BEL.html").text, "html.parser")
    href = next(a["href"] for a in country.find_all("a") if a["href"].startswith("BEL/"))
    r = client.get(f"/regional/countries/{href}", follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"] == "/runs/1"
    index = BeautifulSoup(client.get("/frameworks").text, "html.parser")
    assert f"/frameworks/{FW}" in [a["href"] for a in index.find_all("a")]
    page = BeautifulSoup(client.get(f"/frameworks/{FW}").text, "html.parser")
    card = page.find(id="p-illegal-access")
    assert card is not None and card.select("table.elements tbody tr")
    assert any(a["href"].startswith("/frameworks/budapest#p-") for a in card.find_all("a"))


# --- errors: one JSON shape, one error page ---------------------------------------------


def test_oversized_upload_is_refused(client: TestClient) -> None:
    big = b"x " * 300_000  # 600 kB against a 400 kB limit
    _error(client.post("/api/check", files={"file": ("big.txt", big)}, headers=API), 413, "H702")
    token = _csrf(client)
    r = client.post("/check", data={"csrf": token}, files={"file": ("big.txt", big)})
    assert r.status_code == 413 and "[H702]" in r.text and "<!DOCTYPE html>" in r.text


def test_upload_over_the_limit_without_content_length_hint(client: TestClient) -> None:
    # Within the form overhead the middleware lets it through; reading the file stops it.
    body = b"y " * 205_000  # 410 kB
    r = client.post("/api/check", files={"file": ("big.txt", body)}, headers=API)
    _error(r, 413, "H702")


def test_unsupported_file_is_refused(client: TestClient) -> None:
    rtf = b"{\\rtf1\\ansi Computer Misuse Act}"
    err = _error(
        client.post("/api/check", files={"file": ("act.rtf", rtf)}, headers=API), 415, "H107"
    )
    assert err["hint"]
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20
    r = client.post("/api/check", files={"file": ("act.png", png)}, headers=API)
    assert r.json()["error"]["code"] in {"H103", "H107"}


def test_pdf_saved_html_is_a_mismatch(client: TestClient) -> None:
    r = client.post(
        "/api/check", files={"file": ("act.pdf", b"<html><body>Not found</body>")}, headers=API
    )
    _error(r, 415, "H108")


def test_scanned_pdf_error_page(client: TestClient) -> None:
    pytest.importorskip("reportlab")
    from tests.fixtures.ingest.make_fixtures import scanned_pdf

    token = _csrf(client)
    r = client.post("/check", data={"csrf": token}, files={"file": ("scan.pdf", scanned_pdf())})
    assert r.status_code == 400
    box = BeautifulSoup(r.text, "html.parser").find(class_="errorbox").get_text()
    assert "[H109]" in box and "ocr" in box.lower()


def test_missing_file_and_empty_file(client: TestClient) -> None:
    _error(client.post("/api/check", data={"frameworks": [FW]}, headers=API), 400, "H701")
    _error(client.post("/api/check", files={"file": ("a.txt", b"")}, headers=API), 400, "H102")


def test_unknown_framework(client: TestClient) -> None:
    r = client.post(
        "/api/check",
        files={"file": ("a.txt", STATUTE.read_bytes())},
        data={"frameworks": ["nope"]},
        headers=API,
    )
    _error(r, 400, "H302")


def test_missing_csrf_token_is_refused(client: TestClient) -> None:
    files = {"file": ("a.txt", STATUTE.read_bytes())}
    client.get("/")
    r = client.post("/check", files=files)
    assert r.status_code == 403 and "[H703]" in r.text
    r = client.post("/check", files=files, data={"csrf": "0" * 64})
    assert r.status_code == 403
    _error(client.post("/api/check", files=files), 403, "H703")  # no API header
    fresh = TestClient(client.app)  # a token from another session does not work either
    token = _csrf(client)
    assert fresh.post("/check", files=files, data={"csrf": token}).status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/api/runs/..%2F..%2Fetc%2Fpasswd",
        "/api/runs/../../etc/passwd",
        "/api/runs/1%20OR%201",
        "/runs/..%2Fruns.db/report.json",
        "/frameworks/..%2F..%2Fpyproject.toml",
        "/frameworks/%2E%2E",
        "/regional/countries/..%2F..%2Fetc.html",
    ],
)
def test_path_traversal_is_refused(client: TestClient, url: str) -> None:
    r = client.get(url, headers={"Accept": "application/json"})
    assert r.status_code in (404, 422), r.text
    assert r.json()["error"]["code"] in {"H704", "H705"}
    assert "root:" not in r.text and "[project]" not in r.text


def test_unknown_run_and_bad_id(client: TestClient) -> None:
    _error(client.get("/api/runs/99"), 404, "H602")
    _error(client.get("/api/runs/abc"), 422, "H705")
    _error(client.get("/api/nothing"), 404, "H704")
    _error(client.delete("/api/runs"), 405, "H707")
    page = client.get("/runs/99")
    assert page.status_code == 404 and "[H602]" in page.text


def test_openapi_schema_lists_the_api(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert {
        "/api/check",
        "/api/runs",
        "/api/runs/{review_id}",
        "/api/runs/{review_id}/overrides",
    } <= set(schema["paths"])
    assert "ErrorBody" in schema["components"]["schemas"]


# --- reviewer overrides ---------------------------------------------------------------


def _override(client: TestClient, rid: int, **body) -> dict:
    body.setdefault("framework", FW)
    r = client.post(f"/api/runs/{rid}/overrides", json=body, headers=API)
    assert r.status_code == 201, r.text
    return r.json()


def test_override_round_trip(client: TestClient) -> None:
    rid = _api_check(client, STATUTE.read_bytes(), country="Beltrania")["id"]
    review = client.get(f"/api/runs/{rid}").json()
    f = next(x for x in review["findings"] if x["status"] == "addressed")
    new = "partial"
    o = _override(
        client,
        rid,
        provision=f["provision"],
        status=new,
        note="penalty too low",
        reviewer="A. Drafter",
    )
    assert o["machine_status"] == "addressed" and o["status"] == new
    _override(client, rid, provision=f["provision"], status="missing", reviewer="B. Senior")
    # nothing overwritten: both decisions are in the trail, the newest is in effect
    trail = client.get(f"/api/runs/{rid}").json()["overrides"]
    assert [(x["reviewer"], x["status"]) for x in trail] == [
        ("A. Drafter", new),
        ("B. Senior", "missing"),
    ]
    assert client.get("/api/runs").json()[0]["overrides"] == 1
    page = BeautifulSoup(client.get(f"/runs/{rid}").text, "html.parser")
    card = page.find(id=f"{FW}--{f['provision']}")
    assert "reviewer: missing (was: addressed)" in card.get_text()
    assert "missing" in card["class"]
    assert len(page.select("table.overrides tbody tr")) == 2
    rows = list(csv.DictReader(io.StringIO(client.get(f"/runs/{rid}/findings.csv").text)))
    row = next(r for r in rows if r["provision"] == f["provision"])
    assert (row["status"], row["machine_status"], row["reviewer"]) == (
        "missing",
        "addressed",
        "B. Senior",
    )


def test_override_form_needs_csrf_and_valid_target(client: TestClient) -> None:
    rid = _api_check(client, STATUTE.read_bytes())["id"]
    token = _csrf(client, f"/runs/{rid}")
    form = {"target": f"{FW}/illegal-access", "status": "partial", "reviewer": "R"}
    assert client.post(f"/runs/{rid}/overrides", data=form).status_code == 403
    r = client.post(f"/runs/{rid}/overrides", data={**form, "csrf": token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith(f"#{FW}--illegal-access")
    bad = client.post(
        f"/runs/{rid}/overrides", data={**form, "target": f"{FW}/no-such", "csrf": token}
    )
    assert bad.status_code == 422 and "[H706]" in bad.text
    r = client.post(
        f"/api/runs/{rid}/overrides",
        json={"framework": FW, "provision": "illegal-access", "status": "maybe"},
        headers=API,
    )
    _error(r, 422, "H705")


def test_rerun_keeps_overrides_and_flags_changed_evidence(client: TestClient) -> None:
    text = STATUTE.read_text(encoding="utf-8")
    first = _api_check(client, text.encode(), name="act.txt", country="Beltrania")["id"]
    findings = client.get(f"/api/runs/{first}").json()["findings"]
    cited = [f for f in findings if f["sections"] and f["evidence"]]
    keep, change = cited[0], cited[-1]
    assert keep["sections"][0] != change["sections"][0]
    for f in (keep, change):
        _override(client, first, provision=f["provision"], status="missing", reviewer="R")
    # same bytes again: both carried, evidence unchanged
    again = _api_check(client, text.encode(), name="act.txt", country="Beltrania")
    assert again["overrides_carried"] == 2
    trail = client.get(f"/api/runs/{again['id']}").json()["overrides"]
    assert [o["evidence_changed"] for o in trail] == [False, False]
    # a revised version: a word added to the sentence quoted for `change`
    review = client.get(f"/api/runs/{first}").json()
    base = change["sections"][0].split("(")[0]
    start = next(c["line"] for c in review["cited_sections"] if c["num"] == base)
    first_word, second_word = change["evidence"][0]["quote"].split()[:2]
    lines = text.splitlines(keepends=True)
    at = next(i for i in range(start - 1, len(lines)) if f"{first_word} {second_word}" in lines[i])
    lines[at] = lines[at].replace(
        f"{first_word} {second_word}", f"{first_word} duly {second_word}", 1
    )
    revised = "".join(lines)
    assert revised != text
    third = _api_check(client, revised.encode(), name="act.txt", country="Beltrania")
    trail = {o["provision"]: o for o in client.get(f"/api/runs/{third['id']}").json()["overrides"]}
    assert trail[keep["provision"]]["evidence_changed"] is False
    assert trail[change["provision"]]["evidence_changed"] is True
    page = client.get(f"/runs/{third['id']}").text
    assert "evidence changed" in page


def test_override_note_is_escaped(client: TestClient) -> None:
    rid = _api_check(client, STATUTE.read_bytes())["id"]
    _override(
        client,
        rid,
        provision="illegal-access",
        status="partial",
        note="<script>alert(1)</script>",
        reviewer="<img src=x onerror=alert(2)>",
    )
    html = client.get(f"/runs/{rid}").text
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_unsupported_file_error_page(client: TestClient) -> None:
    token = _csrf(client)
    r = client.post("/check", data={"csrf": token}, files={"file": ("act.odt", b"PK\x03\x04odt")})
    assert r.status_code in (400, 415)
    box = BeautifulSoup(r.text, "html.parser").find(class_="errorbox")
    assert box is not None and box.find("b").get_text().startswith("[H1")


def test_internal_error_keeps_the_shape(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from harmonise.web import api, pages

    def boom(*_args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(pages, "load_review", boom)
    monkeypatch.setattr(api, "load_review", boom)
    app = create_app(Settings(), db=tmp_path / "runs.db")
    with TestClient(app, raise_server_exceptions=False) as c:
        err = _error(c.get("/api/runs/1"), 500, "H708")
        assert "disk on fire" not in err["message"]
        page = c.get("/runs/1")
        assert page.status_code == 500 and "[H708]" in page.text


def test_serve_command_binds_loopback_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn
    from click.testing import CliRunner

    from harmonise.cli import main

    seen: dict = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app, **kw))
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "w.db"), "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert (seen["host"], seen["port"]) == ("127.0.0.1", 8123)
    assert seen["app"].title == "harmonise" and (tmp_path / "w.db").exists()
    result = CliRunner().invoke(
        main, ["serve", "--db", str(tmp_path / "w.db"), "--host", "0.0.0.0"]
    )
    assert "without login" in result.output


def test_ci_installs_chromium_for_the_browser_tests() -> None:
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "apt-get install -y -qq chromium" in ci and "playwright install" not in ci
