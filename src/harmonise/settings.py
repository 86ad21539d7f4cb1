"""One settings object: every threshold, limit and path the pipeline uses lives here.

Nothing else in the package hard-codes a tunable number. A ``Settings`` is passed down the
pipeline; ``Settings()`` gives the defaults, and ``HARMONISE_<FIELD>`` environment variables
override single fields (for example ``HARMONISE_MAX_INPUT_BYTES=1000000``).
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # --- ingest -------------------------------------------------------------------------
    max_input_bytes: int = Field(50_000_000, gt=0, description="Largest input file accepted.")
    binary_control_ratio: float = Field(
        0.02, ge=0, le=1, description="Share of control characters above which input is binary."
    )

    # --- checklists ---------------------------------------------------------------------
    checklist_dirs: tuple[Path, ...] = Field(
        (), description="User checklist folders, read ahead of the packaged ones."
    )

    # --- structure ----------------------------------------------------------------------
    margin_gap_columns: int = Field(
        6, ge=2, description="Run of spaces that separates a marginal note from the body."
    )
    running_head_min_repeats: int = Field(
        2, ge=2, description="An all-capitals line seen this often is a running head."
    )

    # --- matching -----------------------------------------------------------------------
    heading_match_min: float = Field(
        70.0, ge=0, le=100, description="Heading/alias similarity (0-100) that proposes a section."
    )
    fuzzy_cue_min: float = Field(
        90.0, ge=0, le=100, description="Similarity (0-100) at which an OCR-damaged cue counts."
    )
    candidate_limit: int = Field(4, ge=1, description="Candidate sections kept per provision.")
    term_match_min: float = Field(
        88.0, ge=0, le=100, description="Similarity (0-100) of a national to a model term."
    )
    heading_weight: float = Field(
        0.4, ge=0, le=1, description="Share of a candidate's score from heading similarity."
    )
    present_min_score: float = Field(
        0.3, ge=0, le=1, description="Score a candidate with core evidence needs to count."
    )
    support_min_score: float = Field(
        0.3, ge=0, le=1, description="Score another section needs to lend missing elements."
    )

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Defaults, then ``HARMONISE_*`` environment variables, then explicit overrides."""
        values: dict[str, object] = {}
        for name in cls.model_fields:
            env = os.environ.get(f"HARMONISE_{name.upper()}")
            if env is None:
                continue
            values[name] = env.split(os.pathsep) if name == "checklist_dirs" else env
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls.model_validate(values)
