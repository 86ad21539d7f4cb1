"""The JSON report: ``Review`` dumped as the documented contract (see README)."""

from __future__ import annotations

from harmonise.review import Review


def render_json(review: Review) -> str:
    return review.model_dump_json(indent=2) + "\n"
