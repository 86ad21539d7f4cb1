"""Page layout of printed statutes: running heads, page numbers and marginal notes.

Works on the raw lines of a :class:`SourceDocument` (columns count from the line start) and
only *classifies*: which lines are page furniture, and which columns of a line are a
marginal note beside the body. Moving things is :mod:`harmonise.structure.normalise`'s job.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum

from harmonise.settings import Settings
from harmonise.structure import numbering as nb


class LineKind(StrEnum):
    BODY = "body"
    BLANK = "blank"
    RUNNING_HEAD = "running_head"
    PAGE_NUMBER = "page_number"
    MARGIN_NOTE = "margin_note"


FURNITURE_KINDS = frozenset({LineKind.RUNNING_HEAD, LineKind.PAGE_NUMBER})

#: (Spaces around the number go with the dash they separate it from: with "[ \t]*" on their
#: own, an indented line could be split between the indentation and them in as many ways as
#: it has columns, and every way was tried before the line was found not to be a number.)
_PAGE_NUMBER = re.compile(
    r"^[ \t\f]*(?:(?:[-–—][ \t]*)?\d{1,4}(?:[ \t]*[-–—])?|"
    r"[Pp]age[ \t]+\d{1,4}(?:[ \t]+of[ \t]+\d{1,4})?)[ \t\f]*$"
)
#: Gazette numbers printed in running heads: "[No. 21]", "No. 12", OCR'd "[No. l]".
_GAZETTE = re.compile(r"\[?[ \t]*N[ \t]*o[ \t]*[.,]?[ \t]*[\dlIO]{1,4}[ \t]*[\]\d7]?")
_EDGE_NUMBER = re.compile(
    r"^[ \t\f]*[\dlI]{1,4}[;:,.]?(?=[ \t]{2,})|(?<=[ \t]{2})[\dlI]{1,4}[;:,.]?[ \t]*$"
)
_NOT_LETTER = re.compile(r"[^A-Za-z]+")
_SPACES = re.compile(r"[ \t]+")
#: "[The inclusion of this page is authorized by L.N. 11/2010]", however badly OCR'd.
_INCLUSION = re.compile(r"thispage|pageis|inclusionof")
_INCLUSION_LN = re.compile(r"l\.?n\.?[^a-z]")

_STRUCTURAL = (
    nb.PART,
    nb.SCHEDULE,
    nb.ARRANGEMENT,
    nb.MEMORANDUM,
    nb.SUBSECTION,
    nb.PARAGRAPH,
    nb.LONG_TITLE,
    nb.ENACTING,
    nb.CONCLUSION,
)
_STRUCTURAL_BY_FIRST = nb.by_first_char(_STRUCTURAL)
_HEADINGS_BY_FIRST = nb.by_first_char((nb.PART, nb.SCHEDULE))


def is_structural(text: str) -> bool:
    """A heading or numbered provision: never furniture, never a marginal note."""
    first = text.lstrip()[:1]
    if first.isdigit():
        return nb.section_line(text) is not None  # the only pattern starting with a digit
    # every other structural line starts with a capital or "(": only the patterns that
    # line's first character allows are tried
    return any(p.match(text) for p in _STRUCTURAL_BY_FIRST.get(first, ()))


def _is_heading(text: str) -> bool:
    """A PART or SCHEDULE heading line (the line after one is never a running head)."""
    return any(p.match(text) for p in _HEADINGS_BY_FIRST.get(text.lstrip()[:1], ()))


def is_blank(text: str) -> bool:
    return not text.strip()


# --- running heads and page numbers ---------------------------------------------------------


def find_furniture(lines: list[str], settings: Settings) -> list[LineKind]:
    """Kind of each raw line: BLANK, RUNNING_HEAD, PAGE_NUMBER or BODY.

    A running head is a short line repeated on many pages: in capitals, or marked with a
    page number or gazette number ("[No. 21]"), seen ``running_head_min_repeats`` times (or
    an OCR-damaged copy of one that is); a plain line ("The Evidence Act") counts only when
    the same words are also printed as a marked running head elsewhere."""
    kinds = [LineKind.BLANK if is_blank(t) else LineKind.BODY for t in lines]
    strong: dict[int, str] = {}
    weak: dict[int, str] = {}
    first_text = next((i for i, k in enumerate(kinds) if k is LineKind.BODY), -1)
    prev_heading = False
    inclusions = _inclusion_rows(lines)
    for i, text in enumerate(lines):
        if kinds[i] is LineKind.BLANK:
            continue
        if (i in inclusions and _is_inclusion(text)) or _is_page_marker(text):
            kinds[i] = LineKind.RUNNING_HEAD
            continue
        structural = is_structural(text)
        if not prev_heading and i != first_text and not structural:  # line 1: title
            key, is_strong = _head_key(text, settings)
            if key:
                (strong if is_strong else weak)[i] = key
        prev_heading = structural and _is_heading(text)  # (headings are structural lines)
    counts = Counter(strong.values())
    frequent = [k for k, n in counts.items() if n >= settings.running_head_min_repeats]
    for i, key in strong.items():
        if counts[key] >= settings.running_head_min_repeats or _like_any(key, frequent, settings):
            kinds[i] = LineKind.RUNNING_HEAD
    for i, key in weak.items():
        if key in frequent:
            kinds[i] = LineKind.RUNNING_HEAD
    for i, text in enumerate(lines):
        if (
            kinds[i] is LineKind.BODY
            and _PAGE_NUMBER.match(text)
            and _page_context(i, lines, kinds)
        ):
            kinds[i] = LineKind.PAGE_NUMBER
    return kinds


def _inclusion_rows(lines: list[str]) -> set[int]:
    """Rows where the words of an inclusion notice occur: one search over the whole text
    instead of one per line (the notice's words never span a line break), so only those
    rows are tested with :func:`_is_inclusion`."""
    compact = "\n".join(lines).replace(" ", "").replace("\t", "").lower()  # as _SPACES.sub
    rows: set[int] = set()
    row = pos = 0
    for m in _INCLUSION.finditer(compact):
        row += compact.count("\n", pos, m.start())
        pos = m.start()
        rows.add(row)
    return rows


def _is_inclusion(text: str) -> bool:
    compact = _SPACES.sub("", text).lower()
    return (
        len(compact) < 120
        and _INCLUSION.search(compact) is not None
        and _INCLUSION_LN.search(compact + " ") is not None
    )


def _is_page_marker(text: str) -> bool:
    """'50     [No. 1]': a page number and a gazette number, nothing else."""
    if "[" not in text:
        return False
    rest = _EDGE_NUMBER.sub("", _GAZETTE.sub("", text))
    return bool(_GAZETTE.search(text)) and not rest.strip(" \t\f[]()")


def _head_key(text: str, settings: Settings) -> tuple[str | None, bool]:
    """Letters of a running-head candidate, upper-cased, and whether the line looks like
    one on its own (capitals or a page/gazette number); (None, False) if it cannot be one."""
    if text.lstrip()[:1].islower():
        return None, False
    stripped = text.strip()
    if len(stripped) - stripped.count(" ") - stripped.count("\t") > settings.running_head_max_chars:
        return None, False  # too long even with its spaces collapsed (most lines: no regex)
    collapsed = _SPACES.sub(" ", stripped)
    if len(collapsed) > settings.running_head_max_chars:
        return None, False
    if "N" in text and _GAZETTE.search(text):  # "No. 21" needs its "N"
        marked, core = True, _EDGE_NUMBER.sub(" ", _GAZETTE.sub(" ", text))
    else:  # one scan finds the page numbers and takes them out
        core, edges = _EDGE_NUMBER.subn(" ", text)
        marked = edges > 0
    letters = _NOT_LETTER.sub("", core)
    if len(letters) < 3:
        return None, False
    upper = sum(map(str.isupper, letters))
    caps = upper / len(letters) >= 0.7
    sentence = collapsed.endswith((".", ",", ";"))
    if marked or (caps and not sentence):
        return letters.upper(), True
    return (letters.upper(), False) if not sentence else (None, False)


def _like_any(key: str, frequent: list[str], settings: Settings) -> bool:
    for head in frequent:
        if abs(len(head) - len(key)) > max(3, len(head) // 4):
            continue
        if SequenceMatcher(None, key, head).ratio() >= settings.running_head_similarity:
            return True
    return False


def _page_context(i: int, lines: list[str], kinds: list[LineKind]) -> bool:
    indent = len(lines[i]) - len(lines[i].lstrip())
    if indent >= 20:
        return True
    return any(j < 0 or j >= len(lines) or kinds[j] is not LineKind.BODY for j in (i - 1, i + 1))


# --- marginal notes -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NoteSplit:
    """Columns of one line: the note fragment, and the body beside it (None: note only)."""

    side: str  # "left" or "right"
    note: tuple[int, int]
    body: tuple[int, int] | None


_GAP2 = re.compile(r"[ \t]{2,}")
_GAP3 = re.compile(r"[ \t]{3,}")


def find_margin_notes(
    lines: list[str], kinds: list[LineKind], settings: Settings
) -> list[NoteSplit | None]:
    """For each BODY line, the marginal-note fragment it carries (left or right), if any."""
    out: list[NoteSplit | None] = [None] * len(lines)
    left: list[NoteSplit | None] = [None] * len(lines)
    for i, text in enumerate(lines):
        if kinds[i] is not LineKind.BODY:
            continue
        right, cand = _right_note(text, settings), _left_note(text, settings)
        if (
            right is not None
            and cand is not None
            and (cand.body is None or _two_blocks(text, cand, right))
        ):
            cand = None  # text alone far right, or beside the body's end: a right note
        out[i], left[i] = right, cand
    body_rows = [i for i, k in enumerate(kinds) if k is LineKind.BODY]
    position = {row: n for n, row in enumerate(body_rows)}
    for i, cand in enumerate(left):
        if cand is not None and cand.body is not None:
            if _left_context(i, body_rows, position, lines, left, settings):
                out[i] = cand  # a line with notes on both sides keeps the left one
            else:
                left[i] = None
        elif cand is not None and out[i] is not None:
            left[i] = None
    for n, i in enumerate(body_rows):  # a note alone on its line continues or starts a note
        cand = left[i]
        if cand is None or cand.body is not None:
            continue
        near = [body_rows[m] for m in (n - 1, n - 2, n + 1) if 0 <= m < len(body_rows)]
        if any(_is_left(out[r]) for r in near):
            out[i] = cand
    _aligned_right_notes(lines, kinds, out, settings)
    return out


#: Right notes that must start at one column before it counts as the notes' column.
_NOTE_COLUMN_MIN_LINES = 3


def _aligned_right_notes(
    lines: list[str], kinds: list[LineKind], out: list[NoteSplit | None], settings: Settings
) -> None:
    """'... (Amendment) Act,     Short title.': a long body line leaves less than the usual
    gap before its right note. Where the right notes of the page start at one column, a
    fragment starting exactly there after a narrower gap (two spaces or more) is a note too;
    body lines of such a layout stop short of the notes' column."""
    columns = Counter(s.note[0] for s in out if s is not None and s.side == "right")
    column = next((c for c, n in columns.most_common(1) if n >= _NOTE_COLUMN_MIN_LINES), None)
    if column is None or column < settings.right_note_min_column:
        return
    for i, text in enumerate(lines):
        if kinds[i] is not LineKind.BODY or out[i] is not None:
            continue
        stripped = text.rstrip()
        if len(stripped) <= column or stripped[column - 2 : column].strip():
            continue
        body, frag = stripped[:column].rstrip(), stripped[column:]
        if not body.strip() or frag[:1].isspace() or _GAP3.search(frag):
            continue
        if not _note_text_ok(frag, settings, right=True):
            continue
        if is_structural(body) and not any(p.match(body) for p in _NOTE_BESIDE):
            continue
        out[i] = NoteSplit("right", (column, len(stripped)), (0, column))


def _is_left(split: NoteSplit | None) -> bool:
    return split is not None and split.side == "left"


def indent_of(text: str) -> int:
    return len(text) - len(text.lstrip(" \t\f"))


#: A note citing a schedule ("Second / Schedule."), printed in the right margin: in title
#: case and without a number, unlike the schedule's own heading.
_SCHEDULE_CITED = re.compile(
    r"^(?:(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth)[ \t]+)?"
    r"Schedules?[.,;]?$"
)


#: Numbered lines a right note may sit beside (a PART heading or an arrangement may not).
_NOTE_BESIDE = (nb.SECTION, nb.SUBSECTION, nb.PARAGRAPH, nb.PROVISO)


#: Revised editions print "[Repealed]." or "[Spent]." as the note of a section that is gone.
_EDITORIAL_NOTE = re.compile(r"^\[(repealed|spent|deleted|omitted|revoked)[^\]]*\]\.?$", re.I)


def _note_text_ok(fragment: str, settings: Settings, right: bool = False) -> bool:
    return (
        len(fragment) <= settings.margin_note_max_chars
        and sum(1 for c in fragment if c.isalpha()) >= 2
        and (not fragment.startswith(("[", "(")) or _EDITORIAL_NOTE.match(fragment) is not None)
        and (not is_structural(fragment) or (right and _SCHEDULE_CITED.match(fragment) is not None))
    )


def _right_note(text: str, settings: Settings) -> NoteSplit | None:
    stripped = text.rstrip()
    start = indent_of(stripped)
    if start >= settings.right_note_min_column:
        frag = stripped[start:]
        if _note_text_ok(frag, settings, right=True) and not _GAP3.search(frag):
            return NoteSplit("right", (start, len(stripped)), None)
        return None
    words = stripped[start:]
    if not _may_have_gap(words, settings.margin_gap_columns):
        return None
    gaps = list(re.finditer(rf"[ \t]{{{settings.margin_gap_columns},}}", words))
    if not gaps:
        return None
    gap = gaps[-1]
    note_start = start + gap.end()
    body = stripped[start : start + gap.start()]
    frag = stripped[note_start:]
    if note_start < settings.right_note_min_column or not _note_text_ok(frag, settings, right=True):
        return None
    if _GAP3.search(frag):  # a column of a table, not a note
        return None
    if is_structural(body) and not any(p.match(body) for p in _NOTE_BESIDE):
        return None
    return NoteSplit("right", (note_start, len(stripped)), (0, note_start))


def _may_have_gap(text: str, width: int) -> bool:
    """False when ``text`` surely has no run of ``width`` spaces or tabs: most lines of a
    modern act, whose margin-note tests then need no regex scan of the line."""
    return "\t" in text or " " * width in text


def _two_blocks(text: str, left: NoteSplit, right: NoteSplit) -> bool:
    """'and without lawful authority-          interception of': read as a left note, the
    body beside it would be nothing but the right note's fragment, out at the right-note
    column (a left note's body starts far left of it). Such a line is short flush-left
    wording, a section's second line say, with a right note beside it."""
    body_start = left.note[1] + indent_of(text[left.note[1] :])
    return left.body is not None and right.body is not None and right.note[0] == body_start


def _left_note(text: str, settings: Settings) -> NoteSplit | None:
    stripped = text.rstrip()
    start = indent_of(stripped)
    if start > settings.left_note_max_indent:
        return None
    rest = stripped[start:]
    gap = _GAP2.search(rest) if _may_have_gap(rest, 2) else None
    if gap is None:
        if _note_text_ok(rest, settings) and not rest[0].isdigit():
            return NoteSplit("left", (start, len(stripped)), None)
        return None
    if gap.end() - gap.start() < settings.left_note_min_gap:
        return None
    frag = rest[: gap.start()]
    body_col = start + gap.end()
    if body_col < settings.left_body_min_column or not _note_text_ok(frag, settings):
        return None
    if frag[0].isdigit() or nb.definition_line(stripped):
        return None
    return NoteSplit("left", (start, start + gap.start()), (start + gap.start(), len(text)))


def _left_context(
    i: int,
    body_rows: list[int],
    position: dict[int, int],
    lines: list[str],
    left: list[NoteSplit | None],
    settings: Settings,
) -> bool:
    """A left note needs an indented body column around it (else it is flush-left text)."""
    floor = settings.left_body_min_column - settings.indent_tolerance
    n = position[i]
    for m in (*range(n + 1, min(n + 5, len(body_rows))), *range(max(0, n - 4), n)):
        row = body_rows[m]
        cand = left[row]
        if cand is None and indent_of(lines[row]) >= floor:
            return True
        if cand is not None and cand.body is not None and row != i:
            gap = lines[row][cand.note[1] :]
            if len(gap) - len(gap.lstrip(" \t")) >= 4:  # a wide gap: a column, not spacing
                return True
    return False
