"""A page's text laid out in columns from pypdfium2's text runs, like ``pdftotext -layout``.

PDFium's own reading order (``get_text_range``) emits a page's separate text objects one
after the other: a section number printed in the margin comes after the whole body of the
page, and a marginal note lands far from its text. Here every text run (one of PDFium's
"rects": characters of one line and one object) is placed on a character grid instead:

- runs whose vertical bands overlap form one line, top to bottom;
- a run starts at the column its left edge gives (the page's leftmost text is column 0; one
  column is the page's median character width), at least one space after the run before it
  (none when they touch: ``3.`` + ``(1)`` -> ``3.(1)``);
- a vertical gap of 1.75 line heights or more becomes a blank line (two at most).

So a marginal-note column stays a column the structure stage can recognise, and lines are
never glued across a page. Soft-hyphen codes PDFium emits (``\\x02``, ``\\ufffe``,
``\\u00ad``) become ``-`` at the end of a line, where the page shows a hyphen (the structure
stage decides whether to join the word), and are dropped elsewhere.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from typing import Protocol

#: A gap between baselines of this many line heights (or twice it) prints as a blank line
#: (or two), as pdftotext does: body lines are ~1.1 apart, paragraphs ~1.5, headings ~2.
BLANK_LINE_GAP = 1.75
#: Codes PDFium emits for a hyphen that breaks a word at a line end.
SOFT_HYPHENS = "\x02\ufffe\u00ad"
_LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufeff\ufffe\uffff]")
_SOFT_AT_END = re.compile(r"[\x02\ufffe\u00ad]+(?=[ \t]*(?:\n|$))")
_SOFT = re.compile(r"[\x02\ufffe\u00ad]")
_TRAILING = re.compile(r"[ \t]+(?=\n|$)")


class TextPage(Protocol):  # the part of pypdfium2.PdfTextPage used here
    def count_chars(self) -> int: ...
    def get_text_range(self, index: int = 0, count: int = -1, errors: str = "ignore") -> str: ...
    def get_charbox(self, index: int, loose: bool = False) -> tuple[float, float, float, float]: ...


def clean_text(text: str) -> str:
    """Extracted text made plain: soft hyphens resolved, control characters and ligatures
    gone, tabs as spaces, no trailing blanks; line breaks and form feeds are the caller's."""
    text = _SOFT_AT_END.sub("-", text)
    text = _SOFT.sub("", text)
    text = text.replace("\t", " ").replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROLS.sub("", text.replace("\f", "\n")).translate(_LIGATURES)
    return _TRAILING.sub("", text)


@dataclass(slots=True)
class _Run:
    left: float
    bottom: float
    right: float
    top: float
    text: str

    @property
    def middle(self) -> float:
        return (self.bottom + self.top) / 2


@dataclass(slots=True)
class _Line:
    runs: list[_Run] = field(default_factory=list)
    bottom: float = 0.0
    top: float = 0.0

    def add(self, run: _Run) -> None:
        self.runs.append(run)
        if run.top - run.bottom > self.top - self.bottom:
            self.bottom, self.top = run.bottom, run.top

    def takes(self, run: _Run) -> bool:
        middle = (self.bottom + self.top) / 2
        return self.bottom <= run.middle <= self.top or run.bottom <= middle <= run.top


def _runs(page: TextPage) -> tuple[list[_Run], float]:
    """Runs of characters on one line with no wide gap, and the median character width.

    Works on single characters (text and loose boxes, which PDFium gives one for one), so
    no character is lost or repeated at a run boundary."""
    count = page.count_chars()
    if count <= 0:
        return [], 0.0
    text = page.get_text_range(0, count)
    if len(text) != count:  # never seen; be safe rather than misalign
        text = text[:count].ljust(count)
    boxes = [page.get_charbox(i, loose=True) for i in range(count)]
    turn = _direction(text, boxes)
    if turn:
        boxes = [_turn(box, turn) for box in boxes]
    widths = sorted(b[2] - b[0] for c, b in zip(text, boxes, strict=True) if not c.isspace())
    if widths:  # narrow enough that small print (marginal notes) fits its columns
        median = widths[len(widths) // 2]
        char = max(widths[len(widths) // 10], 0.6 * median, 0.5)
    else:
        char = 5.0
    runs: list[_Run] = []
    run: _Run | None = None
    space = False
    for c, (left, bottom, right, top) in zip(text, boxes, strict=True):
        if c in "\r\n":
            run, space = None, False
            continue
        if c in SOFT_HYPHENS:
            if run is not None:
                run.text += c  # resolved by _clean_run: "-" at the run's end
            continue
        if c.isspace():
            space = True
            continue
        middle = (bottom + top) / 2
        if (
            run is None
            or not (run.bottom <= middle <= run.top)
            or left < run.right - char
            or left - run.right > 2 * char
        ):
            run = _Run(left, bottom, right, top, c)
            runs.append(run)
        else:
            run.text += (" " if space else "") + c
            run.right = max(run.right, right)
        space = False
    for r in runs:
        r.text = _clean_run(r.text)
    return [r for r in runs if r.text], char


def _direction(text: str, boxes: list[tuple[float, float, float, float]]) -> int:
    """Which way most of the page's writing runs: 0 left to right, 90 upwards, 180 right to
    left (upside down), 270 downwards. A page printed sideways (``/Rotate``, or a landscape
    table turned on a portrait page) is read in its own direction, as pdftotext does."""
    votes = [0, 0, 0, 0]
    for i in range(len(text) - 1):
        if text[i].isspace() or text[i + 1].isspace():
            continue
        a, b = boxes[i], boxes[i + 1]
        dx = (b[0] + b[2] - a[0] - a[2]) / 2
        dy = (b[1] + b[3] - a[1] - a[3]) / 2
        if abs(dx) >= abs(dy):
            votes[0 if dx > 0 else 2] += 1
        else:
            votes[1 if dy > 0 else 3] += 1
    return 90 * max(range(4), key=lambda k: (votes[k], k == 0))


def _turn(box: tuple[float, float, float, float], turn: int) -> tuple[float, float, float, float]:
    """``box`` in coordinates where writing running ``turn`` degrees runs left to right and
    the next line is below."""
    left, bottom, right, top = box
    if turn == 90:  # (x, y) -> (y, -x)
        return bottom, -right, top, -left
    if turn == 180:  # (x, y) -> (-x, -y)
        return -right, -top, -left, -bottom
    return -top, left, -bottom, right  # 270: (x, y) -> (-y, x)


def _clean_run(text: str) -> str:
    text = _SOFT_AT_END.sub("-", text)
    return _CONTROLS.sub("", _SOFT.sub("", text)).translate(_LIGATURES).strip()


def _lines(runs: list[_Run]) -> list[_Line]:
    lines: list[_Line] = []
    for run in sorted(runs, key=lambda r: -r.middle):
        for line in reversed(lines[-3:]):  # a short run may sit beside an earlier tall one
            if line.takes(run):
                line.add(run)
                break
        else:
            line = _Line()
            line.add(run)
            lines.append(line)
    lines.sort(key=lambda ln: -(ln.bottom + ln.top))
    return lines


def layout_page(page: TextPage) -> str:
    """The page's text on a character grid (see the module docstring); ends with a line
    break unless the page has no text."""
    runs, char = _runs(page)
    if not runs:
        return ""
    x0 = min(r.left for r in runs)
    lines = _lines(runs)
    height = statistics.median(ln.top - ln.bottom for ln in lines) or 10.0
    out: list[str] = []
    previous: _Line | None = None
    for line in lines:
        if previous is not None:
            gap = (previous.bottom - line.bottom) / height
            out.extend([""] * ((gap >= BLANK_LINE_GAP) + (gap >= 2 * BLANK_LINE_GAP)))
        out.append(_render(line, x0, char))
        previous = line
    return "\n".join(out) + "\n"


def _render(line: _Line, x0: float, char: float) -> str:
    text = ""
    right = None
    for run in sorted(line.runs, key=lambda r: r.left):
        col = round((run.left - x0) / char)
        if text:
            gap = run.left - right if right is not None else char
            if gap < 0.15 * char:  # touching: "3." + "(1)"
                col = len(text)
            elif gap < 1.5 * char:  # a word space
                col = len(text) + 1
            else:
                col = max(col, len(text) + 2)
        text += " " * (col - len(text)) + run.text
        right = run.right
    return text.rstrip()
