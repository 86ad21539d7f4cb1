"""The structure stage's diagnostic codes: what the parser noticed, fixed or could not place.

Diagnostics are not errors: the parser never refuses a text. ``S1xx`` record a repair made
while normalising (info), ``S2xx`` something a reviewer should look at (warning).
"""

from __future__ import annotations

from harmonise.structure.act import Diagnostic, Severity

#: code -> (severity, short title)
CODES: dict[str, tuple[Severity, str]] = {
    "S101": (Severity.INFO, "OCR numbering repaired"),
    "S102": (Severity.INFO, "hyphenated word joined"),
    "S103": (Severity.INFO, "marginal note moved before its text"),
    "S104": (Severity.INFO, "displaced number moved before its text"),
    "S105": (Severity.INFO, "unclosed quotation ignored"),
    "S106": (Severity.INFO, "section number with a lost leading digit restored"),
    "S201": (Severity.WARNING, "unrecognised text"),
    "S202": (Severity.WARNING, "section in the arrangement but not in the body"),
    "S203": (Severity.WARNING, "section in the body but not in the arrangement"),
    "S204": (Severity.WARNING, "gap in section numbering"),
    "S205": (Severity.WARNING, "section number repeated or out of order"),
    "S206": (Severity.WARNING, "no sections found"),
    "S207": (Severity.WARNING, "parser failure: the text is kept as one unrecognised node"),
}


def diagnostic(code: str, message: str, line: int | None) -> Diagnostic:
    severity, _ = CODES[code]
    return Diagnostic.model_construct(code=code, severity=severity, message=message, line=line)
