"""One settings object: every threshold, limit and path the pipeline uses lives here.

Nothing else in the package hard-codes a tunable number. A ``Settings`` is passed down the
pipeline; ``Settings()`` gives the defaults, and ``HARMONISE_<FIELD>`` environment variables
override single fields (for example ``HARMONISE_MAX_INPUT_BYTES=1000000``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # --- ingest -------------------------------------------------------------------------
    max_input_bytes: int = Field(50_000_000, gt=0, description="Largest input file accepted.")
    binary_control_ratio: float = Field(
        0.02, ge=0, le=1, description="Share of control characters above which input is binary."
    )
    max_unzipped_bytes: int = Field(
        200_000_000, gt=0, description="Largest total a DOCX may unpack to (zip bombs)."
    )
    max_zip_member_bytes: int = Field(
        100_000_000, gt=0, description="Largest single part of a DOCX, unpacked."
    )
    max_zip_ratio: float = Field(
        200.0, gt=1, description="Highest unpacked/packed size ratio of a large DOCX part."
    )
    zip_ratio_min_bytes: int = Field(
        2_000_000, ge=0, description="Parts smaller than this (unpacked) skip the ratio check."
    )
    pdf_extractor: Literal["auto", "pdftotext", "pypdfium2"] = Field(
        "auto", description="PDF text extractor: pdftotext -layout when installed, else pypdfium2."
    )
    extract_timeout: float = Field(
        300.0, gt=0, description="Seconds pdftotext may take on one file before pypdfium2 is used."
    )
    ocr_language: str = Field("eng", description="Tesseract language(s) for --ocr, e.g. eng+fra.")
    ocr_timeout: float = Field(900.0, gt=0, description="Seconds one OCR run may take.")
    ocr_dpi: int = Field(300, ge=72, le=1200, description="Resolution pages are OCR'd at.")

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
    running_head_max_chars: int = Field(
        70, ge=8, description="Longest line (page numbers removed) taken for a running head."
    )
    running_head_similarity: float = Field(
        0.8, ge=0, le=1, description="Similarity (0-1) at which an OCR-damaged running head counts."
    )
    left_note_max_indent: int = Field(
        6, ge=0, description="Deepest indent (columns) at which a left marginal note starts."
    )
    left_note_min_gap: int = Field(
        2, ge=1, description="Spaces between a left marginal note and the body beside it."
    )
    left_body_min_column: int = Field(
        10, ge=1, description="Column from which the body sits when notes are on the left."
    )
    right_note_min_column: int = Field(
        50, ge=1, description="Column from which text alone on a line is a right marginal note."
    )
    margin_note_max_chars: int = Field(
        30, ge=4, description="Longest marginal-note fragment on one line."
    )
    margin_note_max_gap_lines: int = Field(
        1, ge=0, description="Lines without a note fragment that a marginal note may skip."
    )
    note_heading_max_lines: int = Field(
        3, ge=0, description="A note this many lines into a section is still its heading."
    )
    heading_max_chars: int = Field(
        90, ge=10, description="Longest heading line (above or beside a section number)."
    )
    arrangement_entry_max_chars: int = Field(
        110, ge=10, description="Longest line taken as an entry of an arrangement of sections."
    )
    displaced_number_min_chars: int = Field(
        60, ge=10, description="A text line this long before a lone number was displaced by it."
    )
    section_max_jump: int = Field(
        30, ge=1, description="Largest step in section numbers accepted mid-sentence."
    )
    quote_max_lines: int = Field(
        150, ge=1, description="Longest quoted passage (amending text) before a quote is ignored."
    )
    indent_tolerance: int = Field(
        2, ge=0, description="Columns of indentation noise ignored when nesting text."
    )

    # --- framework detection (--framework auto) ---------------------------------------
    auto_min_share: float = Field(
        0.2,
        ge=0,
        le=1,
        description="Share of a framework's substantive provisions a document must touch "
        "(addressed or partial) for auto to assess it.",
    )
    auto_min_addressed: int = Field(
        3, ge=0, description="...and at least this many of them fully addressed..."
    )
    auto_min_addressed_share: float = Field(
        0.1, ge=0, le=1, description="...and at least this share of them fully addressed."
    )

    # --- matching -----------------------------------------------------------------------
    heading_floor: float = Field(
        50.0,
        ge=0,
        lt=100,
        description="Heading similarity (0-100) that unrelated headings reach; rescaled to 0.",
    )
    heading_strong: float = Field(
        0.5,
        ge=0,
        le=1,
        description="Rescaled heading similarity that on its own says a section is about a "
        "provision (proposes it as a candidate and allows fuzzy cue search there).",
    )
    fuzzy_cue_min: float = Field(
        90.0, ge=0, le=100, description="Similarity (0-100) at which an OCR-damaged cue counts."
    )
    proximity: bool = Field(
        True,
        description="Find an element where a cue's content words occur near each other in any "
        "order (in sections that already show the provision's core or its heading).",
    )
    proximity_core: bool = Field(
        True, description="...and core cues too, in sections headed somewhat like the provision."
    )
    proximity_heading_min: float = Field(
        0.15, ge=0, le=1, description="Rescaled heading similarity those sections need."
    )
    proximity_min_words: int = Field(
        3, ge=2, description="Content words a cue needs for proximity matching (fewer: too loose)."
    )
    proximity_slack: int = Field(
        6, ge=0, description="Window for that: twice the cue's content words plus this many tokens."
    )
    candidate_limit: int = Field(4, ge=1, description="Candidate sections kept per provision.")
    term_match_min: float = Field(
        88.0, ge=0, le=100, description="Similarity (0-100) of a national to a model term."
    )
    heading_weight: float = Field(
        0.4, ge=0, le=1, description="Share of a candidate's score from heading similarity."
    )
    body_only_min_share: float = Field(
        0.5,
        ge=0,
        le=1,
        description="Without a matching heading, share of a provision's own (non-generic) "
        "elements a section must show to count as carrying it.",
    )
    heading_exact: float = Field(
        0.9,
        ge=0,
        le=1,
        description="Rescaled heading similarity at which a section counts as carrying the "
        "provision even where none of its core cues occur.",
    )
    common_cue_sections: int = Field(
        2,
        ge=1,
        description="A matched phrase found in more sections of an Act than this is too "
        "common there to show a provision's core without a matching heading.",
    )
    present_min_score: float = Field(
        0.3, ge=0, le=1, description="Score a candidate with core evidence needs to count."
    )
    support_min_score: float = Field(
        0.3, ge=0, le=1, description="Score another section needs to lend missing elements."
    )

    # --- web (harmonise serve) ---------------------------------------------------------
    web_workers: int = Field(
        1,
        ge=1,
        le=64,
        description="Worker threads of `harmonise serve` for uploads; the review pipeline "
        "itself (one shared spaCy pipeline) still runs one document at a time.",
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
