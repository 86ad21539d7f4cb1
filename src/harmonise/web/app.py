"""The web app factory: ``create_app(settings, db=...)``.

Server-rendered pages (the same Jinja environment and templates as the CLI reports) and a
JSON API under ``/api/``. Every failure goes through one handler: API requests get
``{"error": {"code", "message", "hint"}}``, pages get the error page with the same content.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Scope

from harmonise import __version__
from harmonise.checklist import ChecklistRegistry
from harmonise.errors import CATALOGUE, HarmoniseError
from harmonise.settings import Settings
from harmonise.store import default_db_path, open_store
from harmonise.web.pages import render_page
from harmonise.web.security import SESSION_COOKIE, Csrf, UploadLimit
from harmonise.web.service import WebContext

log = logging.getLogger("harmonise.web")

#: HTTP status per error code (or code prefix); anything else is a 400.
_STATUS = {
    "H101": 404,
    "H602": 404,
    "H704": 404,
    "H105": 413,
    "H702": 413,
    "H703": 403,
    "H707": 405,
    "H708": 500,
    "H107": 415,
    "H108": 415,
    "H5": 500,
    "H601": 500,
    "H603": 500,
    "H705": 422,
    "H706": 422,
}


def status_for(code: str) -> int:
    return _STATUS.get(code) or _STATUS.get(code[:2]) or 400


def error_body(exc: HarmoniseError) -> dict:
    hint = exc.hint if exc.hint is not None else CATALOGUE[exc.code][1]
    return {"error": {"code": exc.code, "message": exc.message, "hint": hint}}


def _wants_json(scope: Scope) -> bool:
    if str(scope.get("path", "")).startswith("/api/"):
        return True
    headers = dict(scope.get("headers", []))
    accept = headers.get(b"accept", b"").decode("latin-1")
    return "application/json" in accept and "text/html" not in accept


def error_response(scope: Scope, exc: HarmoniseError) -> Response:
    """The one place a failure becomes a response."""
    status = status_for(exc.code)
    if _wants_json(scope):
        return JSONResponse(error_body(exc), status_code=status)
    body = error_body(exc)["error"]
    html = render_page("web_error.html.j2", None, error=body, title=CATALOGUE[exc.code][0])
    return HTMLResponse(html, status_code=status)


def create_app(
    settings: Settings | None = None,
    *,
    db: Path | None = None,
    registry: ChecklistRegistry | None = None,
    csrf_secret: bytes | None = None,
) -> FastAPI:
    """A harmonise web app over one run history (``db``; default: the CLI's default)."""
    settings = settings or Settings.from_env()
    registry = registry or ChecklistRegistry(settings.checklist_dirs)
    db = db or default_db_path()
    open_store(db).close()  # create or migrate now: a bad --db fails at start, not per request
    executor = ThreadPoolExecutor(
        max_workers=settings.web_workers, thread_name_prefix="harmonise-review"
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        executor.shutdown(wait=False, cancel_futures=True)

    app = FastAPI(
        lifespan=lifespan,
        title="harmonise",
        version=__version__,
        description="Check Caribbean legislation against model-law checklists.",
    )
    app.state.ctx = WebContext(settings, registry, db)
    app.state.csrf = Csrf(csrf_secret)
    app.state.executor = executor
    app.add_middleware(UploadLimit, limit=settings.max_input_bytes, on_error=error_response)
    _handlers(app)

    @app.middleware("http")
    async def session_cookie(request: Request, call_next):
        existing = Csrf.session(request)
        request.state.session = existing or secrets.token_urlsafe(24)
        response = await call_next(request)
        if not existing:
            response.set_cookie(
                SESSION_COOKIE, request.state.session, httponly=True, samesite="strict"
            )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    from harmonise.web.api import router as api_router
    from harmonise.web.pages import router as page_router

    app.include_router(api_router)
    app.include_router(page_router)
    return app


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(HarmoniseError)
    async def harmonise_error(request: Request, exc: HarmoniseError) -> Response:
        return error_response(request.scope, exc)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            err = HarmoniseError("H704", f"nothing at {request.url.path}")
        elif exc.status_code == 405:
            err = HarmoniseError("H707", f"{request.method} is not accepted at {request.url.path}")
        else:
            err = HarmoniseError("H705", str(exc.detail))
        return error_response(request.scope, err)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(x) for x in e.get('loc', ()))}: {e.get('msg', '')}"
            for e in exc.errors()
        )
        return error_response(request.scope, HarmoniseError("H705", problems or "invalid request"))

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        err = HarmoniseError("H708", f"{type(exc).__name__} while handling {request.url.path}")
        return error_response(request.scope, err)
