"""The JSON API under ``/api/`` (schema at ``/openapi.json``, browsable at ``/docs``).

Ids are stored review ids (as in ``harmonise runs show ID``). Requests that change data
need the ``X-Harmonise-Client`` header (see :mod:`harmonise.web.security`). Every failure
is ``{"error": {"code", "message", "hint"}}``.
"""

from __future__ import annotations

import json
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Query, Request, UploadFile
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from harmonise.web.pages import in_worker
from harmonise.web.security import Csrf, read_upload
from harmonise.web.service import (
    CheckRequest,
    WebContext,
    add_override,
    load_review,
    run_check,
)
from harmonise.web.views import history_view

router = APIRouter(prefix="/api", tags=["api"])


class ErrorDetail(BaseModel):
    code: str = Field(description="H7xx for the web layer, else the HarmoniseError code.")
    message: str
    hint: str | None


class ErrorBody(BaseModel):
    error: ErrorDetail


_ERRORS: dict[int | str, dict] = {
    code: {"model": ErrorBody} for code in (400, 403, 404, 413, 415, 422)
}


class RunSummary(BaseModel):
    id: int
    created: str
    country: str | None
    source: str
    instrument: str | None
    instrument_status: str | None
    frameworks: list[str]
    summary: dict[str, int]
    overrides: int = Field(0, description="Provisions a reviewer has overruled.")
    url: str


class CheckResponse(BaseModel):
    id: int = Field(description="The stored review's id.")
    run_id: int
    url: str
    summary: dict[str, int]
    overrides_carried: int


class OverrideIn(BaseModel):
    framework: str = Field(max_length=100)
    provision: str = Field(max_length=200)
    status: Literal["addressed", "partial", "missing"]
    note: str = Field("", max_length=4000)
    reviewer: str = Field("reviewer", min_length=1, max_length=100)


def _ctx(request: Request) -> WebContext:
    return request.app.state.ctx


@router.post("/check", response_model=CheckResponse, responses=_ERRORS)
async def api_check(
    request: Request,
    file: UploadFile | None = None,
    frameworks: Annotated[list[str] | None, Form()] = None,
    country: Annotated[str | None, Form(max_length=100)] = None,
    instrument_status: Annotated[str, Form()] = "in force",
) -> CheckResponse:
    """Upload a law (multipart field ``file``) and review it; the review is stored."""
    Csrf.check_api(request)
    ctx = _ctx(request)
    data, name = await read_upload(file, ctx.settings.max_input_bytes)
    req = CheckRequest(
        data, name, frameworks or ["auto"], (country or "").strip() or None, instrument_status
    )
    result = await in_worker(request, run_check, ctx, req)
    return CheckResponse(
        id=result.review_id,
        run_id=result.run_id,
        url=f"/runs/{result.review_id}",
        summary=result.review.summary.model_dump(),
        overrides_carried=result.carried,
    )


@router.get("/runs", response_model=list[RunSummary], responses=_ERRORS)
async def api_runs(
    request: Request,
    country: Annotated[str | None, Query(max_length=100)] = None,
    framework: Annotated[str | None, Query(max_length=100)] = None,
) -> list[RunSummary]:
    """Stored reviews, newest first; filter by country and/or framework assessed."""
    view = await run_in_threadpool(history_view, _ctx(request), country, framework)
    return [
        RunSummary(
            id=r.id,
            created=r.created,
            country=r.country or None,
            source=r.source,
            instrument=r.instrument or None,
            instrument_status=r.status or None,
            frameworks=[x for x in r.frameworks.split(", ") if x],
            summary=r.summary,
            overrides=r.overrides,
            url=f"/runs/{r.id}",
        )
        for r in view["rows"]
    ]


@router.get("/runs/{review_id}", responses=_ERRORS)
async def api_run(request: Request, review_id: int) -> dict:
    """The JSON report (schema_version 1) plus ``overrides``, the reviewers' audit trail."""
    from harmonise.web.service import review_json

    page = await run_in_threadpool(load_review, _ctx(request), review_id)
    return json.loads(review_json(page))


@router.post("/runs/{review_id}/overrides", status_code=201, responses=_ERRORS)
async def api_override(request: Request, review_id: int, body: OverrideIn) -> dict:
    """Record a reviewer's status for one provision (appended; nothing is overwritten)."""
    Csrf.check_api(request)
    o = await run_in_threadpool(
        add_override,
        _ctx(request),
        review_id,
        body.framework,
        body.provision,
        body.status,
        body.note,
        body.reviewer,
    )
    return o.as_dict()
