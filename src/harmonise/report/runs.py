"""The HTML page of ``harmonise runs diff``: provisions whose status changed between two
stored reviews. The CLI passes plain labels and change rows (it owns the store)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from jinja2 import TemplateError

from harmonise.errors import HarmoniseError
from harmonise.report.environment import get_environment

_LABELS = {"addressed": "Addressed", "partial": "Partial", "missing": "Missing"}


def render_diff_html(
    before: str, after: str, changes: Sequence[Any], *, where: str = "Framework"
) -> str:
    """``changes``: objects with framework, model_ref, title, before, after (status or None)."""
    rows = [
        (
            c.framework,
            f"s.{c.model_ref} {c.title}",
            c.before or "none",
            _LABELS.get(c.before or "", "not assessed"),
            c.after or "none",
            _LABELS.get(c.after or "", "not assessed"),
        )
        for c in changes
    ]
    try:
        template = get_environment().get_template("runs_diff.html.j2")
        return template.render(before=before, after=after, rows=rows, where=where)
    except TemplateError as exc:
        raise HarmoniseError("H502", f"report template runs_diff.html.j2 failed: {exc}") from exc
