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
        "The file looks binary, and is not a PDF or DOCX either. Supported: PDF, DOCX, HTML, "
        "Akoma Ntoso XML and plain text (UTF-8, cp1252, latin-1).",
    ),
    "H104": (
        "undecodable text",
        "Save the file as UTF-8 (or cp1252/latin-1) and try again.",
    ),
    "H105": ("input too large", "Split the document or raise max_input_bytes in the settings."),
    "H106": ("unreadable file", "Check the file's permissions and that it is a regular file."),
    "H107": (
        "unsupported format",
        "Supported: PDF, DOCX, HTML, Akoma Ntoso XML and plain text. Save or export the "
        "document as one of these (Word: File > Save As > .docx or PDF).",
    ),
    "H108": (
        "content does not match the file name",
        "The file is not what its extension says (a download that saved an error page?). "
        "Download it again, or rename it to the extension of what it really is.",
    ),
    "H109": (
        "no text layer",
        "The PDF is scanned images without text. Run with --ocr (needs OCRmyPDF: "
        "`apt-get install ocrmypdf`, or tesseract: `apt-get install tesseract-ocr`).",
    ),
    "H110": (
        "encrypted PDF",
        "The PDF needs a password to open. Save an unprotected copy (for example "
        "`qpdf --decrypt --password=PASSWORD in.pdf out.pdf`) and check that.",
    ),
    "H111": (
        "damaged PDF",
        "The PDF is truncated or corrupt. Download it again; `qpdf --check FILE` shows "
        "what is wrong, and `qpdf FILE repaired.pdf` may repair it.",
    ),
    "H112": (
        "OCR not available",
        "Install OCRmyPDF (`apt-get install ocrmypdf`) or tesseract "
        "(`apt-get install tesseract-ocr`), then run again with --ocr.",
    ),
    "H113": ("OCR failed", "Run the OCR tool on the file yourself to see its full message."),
    "H114": (
        "archive refused",
        "The DOCX unpacks to more than the limits allow (a zip bomb?). If it is genuine, "
        "raise max_unzipped_bytes / max_zip_member_bytes / max_zip_ratio in the settings.",
    ),
    "H115": (
        "damaged document",
        "The DOCX or XML file is damaged. Open and re-save it in Word (or export a PDF).",
    ),
    "H116": (
        "no document in folder",
        "Give a folder that holds the Act's files (PDF, DOCX, HTML, XML or text), or the files.",
    ),
    "H301": ("checklist invalid", "Fix the listed problems in the checklist file."),
    "H302": ("checklist not found", "Run `harmonise frameworks` to list the known frameworks."),
    "H303": (
        "checklist unreadable",
        "The file is not valid YAML; fix the syntax at the line shown.",
    ),
    "H304": ("duplicate framework", "Two checklist files declare the same framework id."),
    "H305": ("crosswalk invalid", "Fix the listed references in models/crosswalks."),
    "H401": ("no framework selected", "Pass --framework ID (see `harmonise frameworks`)."),
    "H501": ("report write failed", "Check that the output folder exists and is writable."),
    "H502": ("template error", "A report template is broken; run with --debug for details."),
    "H601": (
        "run history unreadable",
        "The --db file is not a harmonise run history (or is locked). Choose another --db FILE.",
    ),
    "H602": ("run not found", "Run `harmonise runs list` to see the stored reviews and ids."),
    "H603": (
        "run history too new",
        "The database was written by a newer harmonise; upgrade, or use another --db FILE.",
    ),
    "H701": (
        "no file uploaded",
        "Choose the Act's file (PDF, DOCX, HTML, XML or text) and send it.",
    ),
    "H702": (
        "upload too large",
        "Split the document, or start the server with a larger HARMONISE_MAX_INPUT_BYTES.",
    ),
    "H703": (
        "form expired",
        "The form's security token is missing or wrong. Reload the page and submit it again.",
    ),
    "H704": ("page not found", "Start from the upload page or the run history."),
    "H705": ("invalid request", "Check the request's parameters against /docs (the API schema)."),
    "H706": (
        "invalid override",
        "Give a provision the review assessed and a status: addressed, partial or missing.",
    ),
    "H707": ("method not allowed", "See /docs for the methods each address accepts."),
    "H708": (
        "internal error",
        "Something failed inside harmonise; the server log has the traceback. Please report it.",
    ),
    "H801": ("corpus invalid", "Each corpus document needs a gold file beside it."),
    "H802": (
        "manifest invalid",
        "Fix the rows listed (columns: country, iso, title, year, status, file, frameworks); "
        "file paths are relative to the manifest.",
    ),
    "H803": ("manifest unreadable", "Give a YAML or CSV manifest, or a COUNTRY/ folder."),
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
