"""CSRF tokens, the upload size limit and reading an upload within it.

CSRF: every browser gets a random session id in a cookie (HttpOnly, SameSite=Strict); the
form token is ``HMAC(secret, session id)`` with a secret generated when the app starts.
A form post is accepted only if its ``csrf`` field matches the token of its cookie. API
posts (``/api/...``) are not forms: they must carry the ``X-Harmonise-Client`` header (any
value), which a cross-site page cannot send without a CORS preflight the app never allows.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from fastapi import Request, UploadFile
from starlette.types import ASGIApp, Receive, Scope, Send

from harmonise.errors import HarmoniseError

SESSION_COOKIE = "harmonise_session"
API_HEADER = "x-harmonise-client"
_CHUNK = 1 << 16
#: Room for the form fields and multipart framing around the file itself.
FORM_OVERHEAD = 64 * 1024


class Csrf:
    def __init__(self, secret: bytes | None = None) -> None:
        self.secret = secret or secrets.token_bytes(32)

    def token(self, session: str) -> str:
        return hmac.new(self.secret, session.encode(), hashlib.sha256).hexdigest()

    @staticmethod
    def session(request: Request) -> str | None:
        value = request.cookies.get(SESSION_COOKIE)
        return value if value and len(value) <= 64 else None

    def check_form(self, request: Request, submitted: str | None) -> None:
        session = self.session(request)
        if not session or not submitted or not hmac.compare_digest(self.token(session), submitted):
            raise HarmoniseError("H703", "the form's security token is missing or does not match")

    @staticmethod
    def check_api(request: Request) -> None:
        if not request.headers.get(API_HEADER):
            raise HarmoniseError(
                "H703", f"API requests that change data need the {API_HEADER} header"
            )


async def read_upload(upload: UploadFile | None, limit: int) -> tuple[bytes, str]:
    """The uploaded bytes (at most ``limit``) and the name the browser gave."""
    if upload is None or not upload.filename:
        raise HarmoniseError("H701", "no file was uploaded")
    chunks: list[bytes] = []
    size = 0
    while chunk := await upload.read(_CHUNK):
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    await upload.close()
    if not size:
        raise HarmoniseError("H102", f"{upload.filename}: the uploaded file is empty")
    return b"".join(chunks), upload.filename


def _too_large(limit: int) -> HarmoniseError:
    return HarmoniseError(
        "H702", f"the upload is larger than the limit of {limit:,} bytes (max_input_bytes)"
    )


class UploadLimit:
    """ASGI middleware: refuse a POST whose Content-Length is beyond the upload limit before
    its body is read; the exception handler turns the error into a page or the JSON shape."""

    def __init__(self, app: ASGIApp, limit: int, on_error) -> None:
        self.app = app
        self.limit = limit + FORM_OVERHEAD
        self.on_error = on_error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("method") == "POST":
            for name, value in scope.get("headers", []):
                if name == b"content-length" and value.isdigit() and int(value) > self.limit:
                    response = self.on_error(scope, _too_large(self.limit - FORM_OVERHEAD))
                    await response(scope, receive, send)
                    return
        await self.app(scope, receive, send)
