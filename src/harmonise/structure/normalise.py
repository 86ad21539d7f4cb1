"""Normalisation: layout noise fixed, provenance kept.

Produces the text the parser reads, with, for every character, the offset of the source
character it came from. Nothing is dropped silently:

- running heads and page numbers stay where they are, as lines of their own kind;
- marginal notes are *moved* to lines of their own just before the body line where they
  begin (a line break is inserted after a note split off a body line);
- numbers that a PDF extraction displaced below the first line of their text move back up;
- OCR damage in numbering is repaired ('3.-41)' -> '3.-(1)', 'fl' -> '(f)'), as a recorded
  replacement (which may add a bracket or drop a stray space);
- words broken over a line end are joined ('elec-' 'tronic'), removing only the hyphen.

Every repair becomes an info diagnostic; ``removed`` lists the source offsets of the few
characters a repair took out, and ``inserted`` the offsets of characters it added, so the
invariant "each source character is in the text exactly once, or listed as removed" holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from harmonise.ingest.source import SourceDocument
from harmonise.settings import Settings
from harmonise.structure import numbering as nb
from harmonise.structure.act import Diagnostic
from harmonise.structure.diagnostics import diagnostic
from harmonise.structure.hyphenation import should_join
from harmonise.structure.layout import (
    FURNITURE_KINDS,
    LineKind,
    NoteSplit,
    find_furniture,
    find_margin_notes,
    is_structural,
)
from harmonise.structure.ocr import Fix, Repairer, roman_parts


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the normalised text. ``end`` excludes the line break."""

    start: int
    end: int
    kind: LineKind
    source_line: int


@dataclass
class Normalised:
    text: str
    offsets: list[int]
    lines: list[Line]
    inserted: list[int] = field(default_factory=list)  # offsets in text with no source char
    removed: list[int] = field(default_factory=list)  # source offsets taken out by a repair
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass(slots=True)
class _Out:
    """A line being built: its characters and, per character, the source offset
    (negative ``-(o + 1)`` for a character inserted next to source offset ``o``).

    A line copied whole from the source keeps its offsets as a ``range``: no list of
    integers per line (nor a scan of it for inserted characters) unless a repair edits it."""

    text: str
    offs: list[int] | range
    kind: LineKind

    def add(self, char: str, offset: int) -> None:
        """Append a character (a line break) and its offset."""
        if isinstance(self.offs, range):
            self.offs = list(self.offs)
        self.text += char
        self.offs.append(offset)


_LONE_NUMBER = re.compile(
    r"^[ \t]*(?:\d{1,4}[A-Z]{0,2}\.(?:\(\d{1,3}[A-Z]?\))?|\(\d{1,3}[A-Z]?\))[ \t]*$"
)
_FIRST_WORD = re.compile(r"^([ \t\f]*)([a-z][^\s]*)")


def normalise(doc: SourceDocument, settings: Settings | None = None) -> Normalised:
    """Normalise ``doc.text`` for parsing (see the module docstring)."""
    settings = settings or Settings()
    builder = _Builder(doc, settings)
    return builder.run()


class _Builder:
    def __init__(self, doc: SourceDocument, settings: Settings) -> None:
        self.doc = doc
        self.settings = settings
        self.raw = doc.text.split("\n")
        self.starts: list[int] = []
        pos = 0
        for line in self.raw:
            self.starts.append(pos)
            pos += len(line) + 1
        self.removed: list[int] = []
        self.diagnostics: list[Diagnostic] = []

    def run(self) -> Normalised:
        kinds = find_furniture(self.raw, self.settings)
        notes = find_margin_notes(self.raw, kinds, self.settings)
        blocks = self._note_blocks(kinds, notes)
        displaced = self._displaced_numbers(kinds, notes)
        out = self._emit(kinds, notes, blocks, displaced)
        self._join_hyphens(out)
        self._repair_numbering(out)
        return self._finish(out)

    # --- pieces of raw lines ----------------------------------------------------------------

    def _piece(self, i: int, a: int, b: int, newline: bool, kind: LineKind) -> _Out:
        start = self.starts[i] + a
        text = self.raw[i][a:b]
        line = _Out(text, range(start, start + len(text)), kind)
        if newline:
            nl = self.starts[i] + len(self.raw[i])
            # the line's own break if it has one (last line: none), else an inserted one
            mark = nl if i < len(self.raw) - 1 else -(max(nl - 1, 0) + 1)
            if mark == start + len(text):  # the break right after the text: one range still
                line.text, line.offs = text + "\n", range(start, mark + 1)
            else:
                line.add("\n", mark)
        return line

    def _whole(self, i: int, kind: LineKind) -> _Out:
        return self._piece(i, 0, len(self.raw[i]), i < len(self.raw) - 1, kind)

    # --- marginal notes -------------------------------------------------------------------

    def _note_blocks(
        self, kinds: list[LineKind], notes: list[NoteSplit | None]
    ) -> dict[int, list[int]]:
        """Group note fragments on neighbouring lines: anchor row -> rows of the note.

        A note goes on over a page break (running head, page number) only when its last
        fragment before the break and its next one after it sit beside the last and first
        body lines of the two pages."""
        blocks: dict[int, list[int]] = {}
        if all(note is None for note in notes):
            return blocks  # no marginal notes (most modern acts): nothing to group
        current: list[int] = []
        side = None
        gap = 0
        page_break = False
        for i, kind in enumerate(kinds):
            note = notes[i]
            if kind in FURNITURE_KINDS:
                if gap:
                    current = []
                page_break = True
                continue
            if kind is LineKind.BLANK:
                continue
            if note is None:
                gap += 1
                if current and (  # (with no note open there is nothing to end)
                    page_break
                    or gap > self.settings.margin_note_max_gap_lines
                    or self._starts_section(i, note)
                ):
                    current = []
                page_break = False
                continue
            page_break = False
            if (
                current
                and note.side == side
                and not self._starts_section(i, note)
                and not self._new_note(current[-1], i, notes)
            ):
                current.append(i)
            else:
                current = [i]
                side = note.side
                blocks[i] = current
            gap = 0
        return blocks

    def _new_note(self, last: int, i: int, notes: list[NoteSplit | None]) -> bool:
        """'...electronic transactions.' then 'Second': a note ended, another begins."""
        a, b = notes[last].note, notes[i].note  # type: ignore[union-attr]
        return self.raw[last][a[0] : a[1]].endswith(".") and self.raw[i][b[0] : b[1]][:1].isupper()

    def _starts_section(self, i: int, note: NoteSplit | None) -> bool:
        text = self.raw[i]
        if note is not None:
            if note.body is None:
                return False
            text = text[note.body[0] : note.body[1]]
        return nb.section_line(text) is not None

    # --- numbers displaced below their first line (PDF extractions) ------------------------

    def _displaced_numbers(
        self, kinds: list[LineKind], notes: list[NoteSplit | None]
    ) -> dict[int, int]:
        """Lone number row -> the row of text it belongs before."""
        moves: dict[int, int] = {}
        body = LineKind.BODY
        for n, text in enumerate(self.raw):
            if kinds[n] is not body or notes[n] is not None or not _LONE_NUMBER.match(text):
                continue
            t = n - 1
            while t >= 0 and kinds[t] is LineKind.BLANK:
                t -= 1
            nxt = n + 1
            if t < 0 or nxt >= len(self.raw) or kinds[nxt] is not body or kinds[t] is not body:
                continue
            line = self.raw[t]
            collapsed = " ".join(line.split())
            if (
                notes[t] is not None
                or t in moves.values()
                or len(collapsed) < self.settings.displaced_number_min_chars
                or collapsed.endswith((".", ";", ":"))
                or collapsed.startswith(("“", '"'))
                or is_structural(line)
                or is_structural(self.raw[nxt])
                or (t > 0 and kinds[t - 1] is body)
            ):
                continue
            moves[n] = t
        return moves

    # --- emission in reading order ----------------------------------------------------------

    def _emit(
        self,
        kinds: list[LineKind],
        notes: list[NoteSplit | None],
        blocks: dict[int, list[int]],
        displaced: dict[int, int],
    ) -> list[_Out]:
        moved = {row for rows in blocks.values() for row in rows if notes[row].body is None}  # type: ignore[union-attr]
        moved |= set(displaced)
        before: dict[int, list[int]] = {}
        for n, t in displaced.items():
            before.setdefault(t, []).append(n)
        out: list[_Out] = []
        for i, kind in enumerate(kinds):
            if i in blocks:
                out.extend(self._note_lines(blocks[i], notes))
            for n in before.get(i, ()):
                out.append(self._whole(n, LineKind.BODY))
                self._note("S104", f"number {self.raw[n].strip()!r} moved before its text", n)
                if not out[-1].text.endswith("\n"):
                    out[-1].add("\n", self._inserted(self.starts[n] + len(self.raw[n])))
            if i in moved:
                continue
            note = notes[i]
            if note is None:
                out.append(self._whole(i, kind))
                continue
            a, b = note.body  # type: ignore[misc]
            out.append(self._piece(i, a, b, i < len(self.raw) - 1, LineKind.BODY))
        return [line for line in out if line.text]

    def _note_lines(self, rows: list[int], notes: list[NoteSplit | None]) -> list[_Out]:
        lines = []
        for row in rows:
            note = notes[row]
            assert note is not None
            if note.body is None:
                line = self._whole(row, LineKind.MARGIN_NOTE)
                if not line.text.endswith("\n"):
                    line.add("\n", self._inserted(self.starts[row] + len(self.raw[row])))
            else:
                a = 0 if note.side == "left" else note.note[0]
                b = note.note[1] if note.side == "left" else len(self.raw[row])
                line = self._piece(row, a, b, False, LineKind.MARGIN_NOTE)
                line.add("\n", self._inserted(self.starts[row] + b))
            lines.append(line)
        text = " ".join(self.raw[r][notes[r].note[0] : notes[r].note[1]].strip() for r in rows)  # type: ignore[union-attr]
        if any(notes[r].body is not None for r in rows) or len(rows) > 1:  # type: ignore[union-attr]
            self._note("S103", f"marginal note {text!r} set on its own line", rows[0])
        return lines

    # --- repairs on the emitted lines --------------------------------------------------------

    def _repair_numbering(self, out: list[_Out]) -> None:
        repairer = Repairer(roman_parts(self.raw))
        for line in out:
            if line.kind is not LineKind.BODY:
                continue
            body = line.text.rstrip("\n")
            fixes = repairer.repair(body)
            for fix in sorted(fixes, key=lambda f: f.start, reverse=True):
                self._apply_fix(line, fix)

    def _apply_fix(self, line: _Out, fix: Fix) -> None:
        original = line.text[fix.start : fix.end]
        offs = line.offs[fix.start : fix.end]
        new_offs: list[int] = []
        i = 0
        for ch in fix.text:
            j = original.find(ch, i)
            if j != -1 and (j - i) <= 2:
                self.removed.extend(o for o in offs[i:j] if o >= 0)
                new_offs.append(offs[j])
                i = j + 1
            elif i < len(original):
                new_offs.append(offs[i])
                i += 1
            else:
                anchor = offs[-1] if offs else (line.offs[fix.start - 1] if fix.start else 0)
                new_offs.append(self._inserted(anchor) if anchor >= 0 else anchor)
        self.removed.extend(o for o in offs[i:] if o >= 0)
        line.text = line.text[: fix.start] + fix.text + line.text[fix.end :]
        line.offs = [*line.offs[: fix.start], *new_offs, *line.offs[fix.end :]]
        source = next((o for o in offs if o >= 0), None)
        self._note_at("S101", f"read {original!r} as {fix.text!r}", source)

    def _join_hyphens(self, out: list[_Out]) -> None:
        for k in range(len(out) - 1):
            a = out[k]
            n = k + 1
            while n < len(out) - 1 and out[n].kind is LineKind.MARGIN_NOTE:
                n += 1  # a note set between the two halves of a word
            b = out[n]
            if a.kind is not LineKind.BODY or b.kind is not LineKind.BODY:
                continue
            content = _content(a.text)
            if not content.endswith("-"):
                continue
            word = _FIRST_WORD.match(b.text)
            if word is None or not should_join(content, word.group(2)):
                continue
            cut = len(content) - 1
            if a.offs[cut] >= 0:
                self.removed.append(a.offs[cut])
            fragment = re.search(r"[A-Za-z]*$", content[:cut]).group(0)  # type: ignore[union-attr]
            w0, w1 = word.start(2), word.end(2)
            a.text = content[:cut] + b.text[w0:w1] + a.text[len(content) :]
            a.offs = [*a.offs[:cut], *b.offs[w0:w1], *a.offs[len(content) :]]
            b.text = b.text[:w0] + b.text[w1:]
            b.offs = [*b.offs[:w0], *b.offs[w1:]]
            if not b.text.strip():
                b.kind = LineKind.BLANK
            source = next((o for o in a.offs if o >= 0), None)
            self._note_at("S102", f"joined {fragment + '-' + word.group(2)!r}", source)

    # --- output ---------------------------------------------------------------------------

    def _finish(self, out: list[_Out]) -> Normalised:
        parts: list[str] = []
        offsets: list[int] = []
        inserted: list[int] = []
        lines: list[Line] = []
        pos = 0
        line_of = self.doc.line_of
        for line in out:
            text = line.text
            if not isinstance(line.offs, range) and line.offs and min(line.offs) < 0:
                inserted.extend(pos + k for k, o in enumerate(line.offs) if o < 0)
                offsets.extend(o if o >= 0 else -o - 1 for o in line.offs)
            else:
                offsets.extend(line.offs)
            first = (
                line.offs[0]
                if line.offs and line.offs[0] >= 0
                else next((o for o in line.offs if o >= 0), None)
            )
            src_line = line_of(first) if first is not None else line_of(-line.offs[0] - 1)
            end = pos + len(text) - (1 if text.endswith("\n") else 0)
            lines.append(Line(pos, end, line.kind, src_line))
            parts.append(text)
            pos += len(text)
        return Normalised(
            text="".join(parts),
            offsets=offsets,
            lines=lines,
            inserted=inserted,
            removed=sorted(self.removed),
            diagnostics=self.diagnostics,
        )

    def _inserted(self, near: int) -> int:
        """Marker for a character inserted next to source offset ``near``."""
        return -(max(0, min(near, len(self.doc.text) - 1)) + 1)

    def _note(self, code: str, message: str, row: int) -> None:
        self.diagnostics.append(diagnostic(code, message, row + 1))

    def _note_at(self, code: str, message: str, source: int | None) -> None:
        line = self.doc.line_of(source) if source is not None else None
        self.diagnostics.append(diagnostic(code, message, line))


def _content(text: str) -> str:
    """A line without its break and the spaces before it (string methods: a regex search
    for the trailing spaces tried every column of the line)."""
    return (text[:-1] if text.endswith("\n") else text).rstrip(" \t\f")
