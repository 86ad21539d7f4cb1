"""Quoted passages: the text an amending Act inserts into, or substitutes in, the principal
Act. Their lines are wording of the amending section that quotes them, never structure of
this Act: a quoted "8A. (1) A person who..." is not a section 8A of the amending Act.

Curly quotes face the way they go: any “ left open on a line starts a passage, which ends
where the marks balance again.

Straight quotes (") do not, OCR'd prints scatter them, and every interpretation section
starts lines with "term" means. So a straight-quoted passage starts only where the drafting
announces one:

- the line before ends "the following section(s)-", "the following definition(s)-",
  "... substituted-", "as follows-", "... the following:" (the words may break over two
  lines: "... the following" / "subsection-") and this line opens with ";
- or the quote comes after such words on the same line;
- or the quote opens a heading (or a numbered line) over a section number that is not the
  next one of this Act.

It ends at the matching closing quote, which must end its line ('".', '";', '"'); a first
quote closed in mid-line (a definition's own "term") or never closed within
``quote_max_lines`` lines starts no passage.

A passage announced as "the following definition(s)" inserts defined terms, and so does one
announced as "the following section(s)" or "Part" where it carries an interpretation
section of its own: its definition lines are listed in :attr:`Passages.definitions` too, and
the parser still opens DEFINITION nodes for the terms in it (inside the amending section),
so "s.3 inserts five definitions" can be counted and cited.

An announced passage may be long (a whole inserted Part): ``quote_max_lines`` bounds each
quoted provision, the count starting again at every numbered line inside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from harmonise.settings import Settings
from harmonise.structure import numbering as nb
from harmonise.structure.act import Diagnostic
from harmonise.structure.diagnostics import diagnostic
from harmonise.structure.lines import Info, Tag

#: Words that announce inserted text, at the end of the line before it (or before its quote).
_ANNOUNCE = re.compile(
    r"(?:\bfollowing(?:[ \t]+new)?(?:[ \t]+(?:sections?|definitions?|sub-?sections?|"
    r"(?:sub-?)?paragraphs?|items?|words|Parts?|Schedules?))?|\bsubstituted|"
    r"\bsubstituting|\bas[ \t]+follows|\bthe[ \t]+following)[ \t]*[-–—:,]*[ \t]*$",
    re.IGNORECASE,
)
#: The last thing the announcement names: "... the following definitions-" inserts terms.
_NAMED = re.compile(r"\b(?:definitions?|sub-?sections?|sections?|paragraphs?|Parts?)\b", re.I)
#: What the announcement says it inserts, named right after "following": a Part or sections
#: may bring an interpretation section of their own ("47A. In this Part ... "computer"
#: means"); "after section 72 the following:" names only where the text goes.
_INSERTS = re.compile(
    r"\bfollowing[ \t]+(?:new[ \t]+)?(definitions?|sub-?sections?|sections?|paragraphs?|"
    r"Parts?|Schedules?)\b",
    re.IGNORECASE,
)
#: What may follow the quote that closes a passage, up to the end of its line.
_AFTER_CLOSE = re.compile(r"[ \t]*[.;,:]?[ \t]*(?:(?:and|or)[ \t]*)?$")
#: '.";' or ';".' at the end of a line: the close of a passage however the marks count.
_END_MARK = re.compile(r'[.;:,)][ \t]*"[ \t]*[.;]?[ \t]*$')
_BEFORE_OPEN = frozenset("([{—–-")
_CARRYING = frozenset({Tag.BLANK, Tag.RUNNING_HEAD, Tag.PAGE_NUMBER, Tag.NOTE})


@dataclass(slots=True)
class Passages:
    lines: set[int] = field(default_factory=set)  # lines inside a quoted passage
    definitions: set[int] = field(default_factory=set)  # ... of one that inserts definitions
    diagnostics: list[Diagnostic] = field(default_factory=list)


def find_passages(infos: list[Info], settings: Settings, source_lines: list[int]) -> Passages:
    """The quoted passages of an amending text (``source_lines``: each line's number)."""
    found = Passages()
    _curly(infos, settings, source_lines, found)
    _straight(infos, settings, source_lines, found)
    return found


# --- curly quotes ---------------------------------------------------------------------------


def _curly(infos: list[Info], settings: Settings, source_lines: list[int], out: Passages) -> None:
    i = 0
    while i < len(infos):
        text = infos[i].text
        depth = text.count("“") - text.count("”")
        if depth <= 0:
            i += 1
            continue
        j = i + 1
        while j < len(infos) and j - i <= settings.quote_max_lines and depth > 0:
            depth += infos[j].text.count("“") - infos[j].text.count("”")
            j += 1
        if depth > 0:
            out.diagnostics.append(_unclosed(settings, source_lines[i]))
            i += 1
            continue
        first = i if infos[i].stripped.startswith("“") else i + 1
        _add(out, infos, first, j - 1, _announcement(infos, i, _last_open_curly(text)))
        i = j


def _last_open_curly(text: str) -> int:
    """Column of the “ that is still open at the end of the line."""
    depth = 0
    for k in range(len(text) - 1, -1, -1):
        if text[k] == "”":
            depth += 1
        elif text[k] == "“":
            if depth == 0:
                return k
            depth -= 1
    return 0


# --- straight quotes ------------------------------------------------------------------------


def _straight(
    infos: list[Info], settings: Settings, source_lines: list[int], out: Passages
) -> None:
    last: tuple[int, str] | None = None  # this Act's last section number so far
    i = 0
    while i < len(infos):
        info = infos[i]
        col = None if i in out.lines else _opening(infos, i, last, settings)
        end = None
        if col is not None:
            nxt = (last[0] + 1, "") if last else None
            announced = _ANNOUNCE.search(_announcement(infos, i, col)) is not None
            end, why = _closing(infos, i, col, settings.quote_max_lines, nxt, announced)
            if why:
                out.diagnostics.append(diagnostic("S105", why, source_lines[i]))
        if col is None or end is None:
            if info.tag is Tag.SECTION and info.num and i not in out.lines:
                last = nb.section_number(info.num)
            i += 1
            continue
        first = i if not info.text[:col].strip() else i + 1
        if first > i and info.tag is Tag.SECTION and info.num:
            last = nb.section_number(info.num)  # "4. ... the following section: "8A. ..."
        _add(out, infos, first, end, _announcement(infos, i, col))
        i = end + 1


def _opening(
    infos: list[Info], i: int, last: tuple[int, str] | None, settings: Settings
) -> int | None:
    """Column of the straight quote that opens a passage on line ``i``, if one does."""
    text = infos[i].text
    if '"' not in text:
        return None  # most lines
    marks = list(_marks(text))
    if not marks:
        return None
    stripped = text.lstrip()
    if stripped.startswith('"') and marks[0] == (len(text) - len(stripped), 1):
        col = marks[0][0]
        if _ANNOUNCE.search(_announcement(infos, i, col)):
            return col  # "... the following" / "subsection-" above the quote
        if _opens_inserted_section(infos, i, col, last, settings):
            return col
    for pos, step in marks:
        if step == 1 and _ANNOUNCE.search(text[:pos]):
            return pos
    return None


def _opens_inserted_section(
    infos: list[Info], i: int, col: int, last: tuple[int, str] | None, settings: Settings
) -> bool:
    """'"Illegal remaining' over '8A. (1) ...' (or '"8A. (1) ...') where this Act's next
    section would be 5: a section of another Act, quoted."""
    if last is None:
        return False
    rest = infos[i].text[col + 1 :]
    m = nb.section_line(rest)
    if m is None:
        if not _heading_like(rest, settings):
            return False
        nxt = _carrying_after(infos, i)
        if nxt is not None and not infos[i].text[col + 1 :].strip():
            nxt = _carrying_after(infos, nxt) if _heading_like(infos[nxt].text, settings) else nxt
        if nxt is None or infos[nxt].tag is not Tag.SECTION or not infos[nxt].num:
            return False
        num = nb.section_number(infos[nxt].num or "")
    else:
        num = nb.section_number(m.group("num"))
    return num != (last[0] + 1, "")


def _heading_like(text: str, settings: Settings) -> bool:
    words = text.strip()
    if not words:
        return True  # the quote alone on its line: the heading comes next
    return (
        len(words) <= settings.heading_max_chars
        and words[0].isupper()
        and not words.endswith((",", ";", ":"))
        and nb.DEFINITION.match(f'"{words}') is None
    )


def _closing(
    infos: list[Info],
    i: int,
    col: int,
    limit: int,
    next_num: tuple[int, str] | None,
    announced: bool = False,
) -> tuple[int | None, str | None]:
    """The line whose quote closes the passage opened at ``(i, col)``, or None and why not
    (None: no need to say, the first quote was a term's or a word's, closed in mid-line).
    Past its first numbered line, a passage never takes in this Act's next section or the
    one after (``next_num``, plain numbers): the quote was a stray mark.

    ``limit`` lines bound one quoted provision: in a passage the drafting announces ("the
    following Part-"), each numbered line of the inserted text starts the count again, so a
    whole inserted Part of short sections is one passage."""
    depth = 0
    numbered = nb.section_line(infos[i].text[col + 1 :]) is not None
    horizon = i + limit
    j = i - 1
    while j + 1 < len(infos) and j < horizon:
        j += 1
        info = infos[j]
        if j > i and info.tag is Tag.SECTION and info.num:
            if numbered and next_num and _soon(nb.section_number(info.num), next_num):
                return None, f"quotation not closed before section {info.num}; ignored"
            numbered = True
            if announced:
                horizon = j + limit
        for pos, step in _marks(info.text, col if j == i else 0):
            depth += step
            if depth <= 0:
                return (j, None) if _AFTER_CLOSE.match(info.text, pos + 1) else (None, None)
        if j > i and depth > 1 and _END_MARK.search(info.text):
            return j, None  # an inner quote lost by the print: the passage still ends here
    return None, f"quotation not closed within {limit} lines; ignored"


def _soon(num: tuple[int, str], next_num: tuple[int, str]) -> bool:
    return num in (next_num, (next_num[0] + 1, ""))


def _marks(text: str, start: int = 0) -> Iterator[tuple[int, int]]:
    """Straight quotes of a line from ``start``: (column, +1 opening / -1 closing). A quote
    opens after a space, a bracket, a dash or another opening quote and before a word;
    one between two spaces is a stray mark and is skipped."""
    opened = -2
    k = text.find('"', start)  # from quote to quote: most lines have none
    while k != -1:
        before = text[k - 1] if k > 0 else " "
        after = text[k + 1] if k + 1 < len(text) else " "
        if not after.isspace() and (
            before.isspace() or before in _BEFORE_OPEN or (before == '"' and opened == k - 1)
        ):
            opened = k
            yield k, 1
        elif not before.isspace():
            yield k, -1
        k = text.find('"', k + 1)


# --- shared ---------------------------------------------------------------------------------


def _add(out: Passages, infos: list[Info], first: int, last: int, announced: str) -> None:
    lines = range(first, last + 1)
    out.lines.update(lines)
    named = _NAMED.findall(announced)
    inserts = _INSERTS.findall(announced)
    if (named and named[-1].lower().startswith("definition")) or (
        inserts and inserts[-1].lower().startswith(("section", "part"))
    ):
        out.definitions.update(k for k in lines if infos[k].tag is Tag.DEFINITION)


def _announcement(infos: list[Info], i: int, col: int) -> str:
    """The words before a passage: two lines above and its own line up to the quote."""
    prev = _carrying_before(infos, i)
    above = _carrying_before(infos, prev) if prev is not None else None
    words = [infos[k].stripped for k in (above, prev) if k is not None]
    return " ".join([*words, infos[i].text[:col]])


def _carrying_before(infos: list[Info], i: int) -> int | None:
    for k in range(i - 1, max(-1, i - 8), -1):
        if infos[k].tag not in _CARRYING:
            return k
    return None


def _carrying_after(infos: list[Info], i: int) -> int | None:
    for k in range(i + 1, min(len(infos), i + 8)):
        if infos[k].tag not in _CARRYING:
            return k
    return None


def _unclosed(settings: Settings, line: int) -> Diagnostic:
    return diagnostic(
        "S105", f"quotation not closed within {settings.quote_max_lines} lines; ignored", line
    )
