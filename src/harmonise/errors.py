"""One catalogue of coded error messages.

Library code raises :class:`HarmoniseError` with a code from :data:`CATALOGUE`; it never
prints. The CLI renders ``Error: [H104] message`` (plus the hint) and exits 1; the web app
turns the same object into its one JSON error shape.

Code ranges follow the pipeline: H1xx ingest, H2xx structure, H3xx checklist, H4xx match,
H5xx report, H6xx store, H7xx web, H8xx CLI/batch input.
"""

from __future__ import annotations

from dataclasses import dataclass

# code -> (short title, what the user can do). The message itself is built where the error
# is raised, because only that place knows the file, line or YAML path involved.
CATALOGUE: dict[str, tuple[str, str]] = {
    "H101": ("file not found", "Check the path; it is read relative to the current folder."),
    "H102": ("empty input", "The file has no text. Is it the right file?"),
    "H103": (
        "binary input",
        "The file looks binary, not text. Supported here: plain text (UTF-8, cp1252, latin-1).",
    ),
    "H104": (
        "undecodable text",
        "Save the file as UTF-8 (or cp1252/latin-1) and try again.",
    ),
    "H105": ("input too large", "Split the document or raise max_input_bytes in the settings."),
    "H106": ("unreadable file", "Check the file's permissions and that it is a regular file."),
    "H301": ("checklist invalid", "Fix the listed problems in the checklist file."),
    "H302": ("checklist not found", "Run `harmonise frameworks` to list the known frameworks."),
    "H303": (
        "checklist unreadable",
        "The file is not valid YAML; fix the syntax at the line shown.",
    ),
    "H304": ("duplicate framework", "Two checklist files declare the same framework id."),
    "H401": ("no framework selected", "Pass --framework ID (see `harmonise frameworks`)."),
    "H501": ("report write failed", "Check that the output folder exists and is writable."),
    "H502": ("template error", "A report template is broken; run with --debug for details."),
    "H801": ("corpus invalid", "Each corpus document needs a gold file beside it."),
}


@dataclass
class HarmoniseError(Exception):
    """An error a user can act on: a catalogue code, what happened, and what to do."""

    code: str
    message: str
    hint: str | None = None

    def __post_init__(self) -> None:
        if self.code not in CATALOGUE:
            raise ValueError(f"unknown error code {self.code!r}; add it to errors.CATALOGUE")
        super().__init__(self.render())

    @property
    def title(self) -> str:
        return CATALOGUE[self.code][0]

    def render(self) -> str:
        """One line: ``[H104] message``; the hint (or the catalogue's advice) follows."""
        hint = self.hint if self.hint is not None else CATALOGUE[self.code][1]
        return f"[{self.code}] {self.message}" + (f"\n  Hint: {hint}" if hint else "")

    def __str__(self) -> str:
        return self.render()
