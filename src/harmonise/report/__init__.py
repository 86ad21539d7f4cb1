"""Report: a Review -> HTML (Jinja2, self-contained) and JSON (the documented contract)."""

from harmonise.report.html import render_html
from harmonise.report.json import render_json

__all__ = ["render_html", "render_json"]
