"""The HTML pages: upload form, report (with the reviewer's form), run history and the
frameworks browser. Templates are ``reports/templates/web_*.html.j2`` in the one Jinja
environment; each gets a prepared view and computes nothing."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import TemplateError
from starlette.concurrency import run_in_threadpool

from harmonise import __version__
from harmonise.errors import HarmoniseError
from harmonise.report import render_html
from harmonise.report.environment import get_environment
from harmonise.web import views
from harmonise.web.security import read_upload
from harmonise.web.service import (
    INSTRUMENT_STATUSES,
    CheckRequest,
    WebContext,
    add_override,
    findings_csv,
    load_review,
    review_akn,
    review_json,
    run_check,
)

router = APIRouter(include_in_schema=False)
ReviewId = Annotated[int, "a stored review's id"]


def render_page(template: str, request: Request | None, **view: object) -> str:
    token = ""
    if request is not None:
        session = getattr(request.state, "session", None) or ""
        token = request.app.state.csrf.token(session) if session else ""
    view.setdefault("title", "harmonise")
    try:
        return (
            get_environment().get_template(template).render(csrf=token, version=__version__, **view)
        )
    except TemplateError as exc:
        raise HarmoniseError("H502", f"web template {template} failed: {exc}") from exc


def _ctx(request: Request) -> WebContext:
    return request.app.state.ctx


async def in_worker(request: Request, fn, *args):
    """Run blocking work (reviews, SQLite) in the app's worker pool."""
    import asyncio

    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(request.app.state.executor, fn, *args)


@router.get("/", response_class=HTMLResponse)
def upload_page(request: Request) -> HTMLResponse:
    """The upload form. (The session cookie is set by the app's middleware.)"""
    view = views.upload_view(_ctx(request))
    return HTMLResponse(render_page("web_upload.html.j2", request, **view))


@router.post("/check")
async def upload(
    request: Request,
    file: UploadFile | None = None,
    country: Annotated[str, Form(max_length=100)] = "",
    frameworks: Annotated[list[str] | None, Form()] = None,
    instrument_status: Annotated[str, Form()] = "in force",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    request.app.state.csrf.check_form(request, csrf)
    ctx = _ctx(request)
    data, name = await read_upload(file, ctx.settings.max_input_bytes)
    req = CheckRequest(
        data, name, frameworks or ["auto"], country.strip() or None, instrument_status
    )
    result = await in_worker(request, run_check, ctx, req)
    return RedirectResponse(f"/runs/{result.review_id}", status_code=303)


@router.get("/runs", response_class=HTMLResponse)
async def history(
    request: Request,
    country: Annotated[str | None, Query(max_length=100)] = None,
    framework: Annotated[str | None, Query(max_length=100)] = None,
) -> HTMLResponse:
    view = await run_in_threadpool(views.history_view, _ctx(request), country, framework)
    return HTMLResponse(render_page("web_runs.html.j2", request, **view))


@router.get("/runs/{review_id}", response_class=HTMLResponse)
async def report_page(request: Request, review_id: ReviewId) -> HTMLResponse:
    ctx = _ctx(request)
    page = await run_in_threadpool(load_review, ctx, review_id)
    view = views.report_view(page, render_html(page.effective, ctx.registry))
    return HTMLResponse(render_page("web_report.html.j2", request, **view))


@router.get("/runs/{review_id}/report.html", response_class=HTMLResponse)
async def download_html(request: Request, review_id: ReviewId) -> Response:
    ctx = _ctx(request)
    page = await run_in_threadpool(load_review, ctx, review_id)
    return _download(render_html(page.effective, ctx.registry), review_id, "html", "text/html")


@router.get("/runs/{review_id}/report.json")
async def download_json(request: Request, review_id: ReviewId) -> Response:
    page = await run_in_threadpool(load_review, _ctx(request), review_id)
    return _download(review_json(page), review_id, "json", "application/json")


@router.get("/runs/{review_id}/findings.csv")
async def download_csv(request: Request, review_id: ReviewId) -> Response:
    page = await run_in_threadpool(load_review, _ctx(request), review_id)
    return _download(findings_csv(page), review_id, "csv", "text/csv")


@router.get("/runs/{review_id}/act.xml")
async def download_akn(request: Request, review_id: ReviewId) -> Response:
    xml = await run_in_threadpool(review_akn, _ctx(request), review_id)
    return _download(xml, review_id, "akn.xml", "application/akn+xml")


def _download(body: str | bytes, review_id: int, ext: str, media: str) -> Response:
    name = f"harmonise-review-{review_id}.{ext}"
    return Response(
        body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@router.post("/runs/{review_id}/overrides")
async def override_form(
    request: Request,
    review_id: ReviewId,
    target: Annotated[str, Form(max_length=300)],
    status: Annotated[str, Form(max_length=20)],
    note: Annotated[str, Form(max_length=4000)] = "",
    reviewer: Annotated[str, Form(max_length=100)] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    request.app.state.csrf.check_form(request, csrf)
    framework, _, provision = target.partition("/")
    await run_in_threadpool(
        add_override,
        _ctx(request),
        review_id,
        framework,
        provision,
        status,
        note.strip(),
        reviewer.strip() or "reviewer",
    )
    return RedirectResponse(f"/runs/{review_id}#{framework}--{provision}", status_code=303)


@router.get("/regional")
def regional_redirect() -> Response:
    """The matrix links its pages relatively (as the files of `harmonise batch` do)."""
    return RedirectResponse("/regional/", status_code=307)


@router.get("/regional/", response_class=HTMLResponse)
@router.get("/regional/index.html", response_class=HTMLResponse)
async def regional(request: Request) -> HTMLResponse:
    html = await run_in_threadpool(views.regional_page, _ctx(request), None)
    return HTMLResponse(html)


@router.get("/regional/countries/{iso}.html", response_class=HTMLResponse)
async def regional_country(request: Request, iso: str) -> HTMLResponse:
    html = await run_in_threadpool(views.regional_page, _ctx(request), iso)
    return HTMLResponse(html)


@router.get("/regional/countries/{iso}/r{review_id}.html")
def regional_instrument(iso: str, review_id: ReviewId) -> Response:
    return RedirectResponse(f"/runs/{review_id}", status_code=307)


@router.get("/regional/regional.{ext}")
async def regional_export(request: Request, ext: str) -> Response:
    body, media = await run_in_threadpool(views.regional_export, _ctx(request), ext)
    return Response(body, media_type=media)


@router.get("/frameworks", response_class=HTMLResponse)
def frameworks(request: Request) -> HTMLResponse:
    view = views.frameworks_view(_ctx(request))
    return HTMLResponse(render_page("web_frameworks.html.j2", request, **view))


@router.get("/frameworks/{framework_id}", response_class=HTMLResponse)
def framework(request: Request, framework_id: str) -> HTMLResponse:
    view = views.framework_view(_ctx(request), framework_id)
    return HTMLResponse(render_page("web_framework.html.j2", request, **view))


__all__ = ["INSTRUMENT_STATUSES", "render_page", "router"]
