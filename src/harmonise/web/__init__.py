"""The web app: ``harmonise serve`` (FastAPI + uvicorn), pages and a JSON API.

from harmonise.web import create_app
app = create_app(Settings(), db=Path("runs.db"))
"""

from harmonise.web.app import create_app

__all__ = ["create_app"]
