"""Repairs of OCR damage in *numbering* only: '3.-41)' -> '3.-(1)', '( b )' -> '(b)',
'(6)' -> '(d)' or 'fl' -> '(f)' where the paragraph sequence calls for that letter,
'PART I1' -> 'PART II', 'subsection (I)' -> 'subsection (1)'. Wording is never touched.

The caller passes the body lines in reading order and applies the returned :class:`Fix`
list; each fix is recorded as a diagnostic, so nothing changes silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from harmonise.structure import numbering as nb
from harmonise.structure.tree import BuildNode


@dataclass(frozen=True, slots=True)
class Fix:
    start: int  # column in the line
    end: int
    text: str  # replacement
    reason: str


#: Section start whose "(1)" is damaged: "3.-41)", "24.-31)", "21.---(I)", "18.---{l)".
_SECTION_SUB = re.compile(
    r"^(?P<pre>[ \t]*\d{1,4}[A-Z]{0,2}[ \t]?\.[ \t]*(?P<dash>[-–—]*)[ \t]*)"
    r"(?P<tok>(?P<open>[(\[{]|[43](?=[1lI]\)))[ \t]*(?P<num>[1-9lI]\d?)"
    r"(?:[ \t]*\)|(?=[ \t]+[A-Z])))"
)
#: A label with spaces inside at the start of a line: "( b )", "( 5 )", "(1 )".
_SPACED = re.compile(r"^(?P<pre>[ \t]*)(?P<tok>\([ \t]*(?P<num>[a-z]{1,4}|\d{1,3}[A-Z]?)[ \t]*\))")
#: First token of a line that may be a damaged paragraph label: "fl", "V)", "(4", "u>".
_TOKEN = re.compile(
    r"^(?P<pre>[ \t]*)(?P<tok>[(\[{]?(?P<core>[A-Za-z0-9]{1,2})[)\]}>]?)(?=[ \t]|$|[A-Z])"
)
_PART = re.compile(r"^(?P<pre>[ \t]*PART[ \t]*)(?P<num>[IVX1l]+)(?=[ \t.:\-–—]|$)")
_PART_REF = re.compile(r"\bPart[ \t]+(?P<num>[IVX]*[1l][IVX1l]*|[1l]+[IVX][IVX1l]*)\b")
_SUBSECTION_REF = re.compile(
    r"\b(?:sub-?section|paragraph)s?[ \t]*(?P<tok>\((?:[ \t]*[lI][ \t]*|[ \t]+\d{1,2}[ \t]*|"
    r"\d{1,2}[ \t]+)\))"
)
_REF_AT_START = re.compile(
    r"^[ \t]*(?P<tok>\((?:[ \t]*[lI][ \t]*|[ \t]+\d{1,2}[ \t]*|\d{1,2}[ \t]+)\))"
)

#: OCR readings of a paragraph letter, for the letter the sequence expects.
_DAMAGED = {
    "b": {"6", "h", "lb"},
    "d": {"4", "6", "cl"},
    "f": {"fl", "fj", "fi", "f1", "V", "Cf", "u", "jj", "j", "t", "F"},
    "g": {"fg", "9", "q"},
}


def roman_parts(lines: list[str]) -> bool:
    """Does the document number its parts in roman numerals (so 'PART 11' is 'PART II')?"""
    roman = arabic = 0
    for text in lines:
        if "PART" not in text and "Part" not in text:
            continue  # the words both patterns need
        m = _PART.match(text) or nb.PART.match(text)
        if not m:
            continue
        num = m.group("num")
        if re.fullmatch(r"[IVX]+", num):
            roman += 1
        elif re.fullmatch(r"\d+", num) and set(num) != {"1"}:
            arabic += 1
    return roman > arabic


class Repairer:
    """Walks body lines in order, tracking where the paragraph sequence stands."""

    def __init__(self, roman: bool) -> None:
        self.roman = roman
        self.last_sub: int | None = None
        self.last_letter: str | None = None
        self.prev_text = ""

    def repair(self, text: str) -> list[Fix]:
        fixes = self._repair(text)
        self.prev_text = text
        return fixes

    def _repair(self, text: str) -> list[Fix]:
        fixes: list[Fix] = []
        if "PART" in text:
            fixes += self._part(text)
        if "Part" in text or "ection" in text or "aragraph" in text or "(" in text[:8]:
            fixes += self._references(text)
        first = text.lstrip()[:1]
        if first.islower() and self.last_letter is None:
            return fixes  # wording: no label here, and none expected
        head = None  # a section number starts with a digit, a spaced label with "("
        if first.isdigit():
            head = self._section(text)
        elif first == "(":
            head = self._spaced(text)
        if head and head.reason == "section":
            return _non_overlapping([*fixes, head])
        seq = self._sequence(_apply(text, [head]) if head else text)
        if head and seq:  # "( 6 )" read as "(d)": one fix over the original columns
            head = Fix(head.start, head.end, seq.text.rstrip(), "sequence")
        elif seq:
            head = seq
        if head:
            fixes.append(head)
        return _non_overlapping(fixes)

    # -- individual repairs ---------------------------------------------------------------

    def _section(self, text: str) -> Fix | None:
        m = nb.SECTION.match(text)
        if not m:
            return None
        self.last_sub, self.last_letter = None, None
        d = _SECTION_SUB.match(text)
        if not d:
            sub = nb.SECTION_SUB.match(m.group("after"))
            self.last_sub = nb.section_number(sub.group("sub"))[0] if sub else None
            return None
        if d.group("open") in "43" and not d.group("dash"):
            return None
        num = d.group("num").replace("l", "1").replace("I", "1")
        self.last_sub = int(num)
        canonical = f"({num})"
        if d.group("tok") == canonical:
            return None
        return Fix(d.start("tok"), d.end("tok"), canonical, "section")

    def _spaced(self, text: str) -> Fix | None:
        m = _SPACED.match(text)
        if not m or (" " not in m.group("tok") and "\t" not in m.group("tok")):
            return None
        return Fix(m.start("tok"), m.end("tok"), f"({m.group('num')})", "label")

    def _sequence(self, text: str) -> Fix | None:
        """Track subsection/paragraph labels; repair a damaged one the sequence expects."""
        labelled = text.lstrip()[:1] == "("  # else neither label pattern can match
        sub = nb.SUBSECTION.match(text) if labelled else None
        para = nb.PARAGRAPH.match(text) if labelled else None
        expected = nb.next_letter(self.last_letter) if self.last_letter else None
        if sub and expected:
            num = sub.group("num")
            following = (self.last_sub or 0) + 1
            if num != str(following) and num in _DAMAGED.get(expected, ()):
                self.last_letter = expected
                return Fix(sub.start("num") - 1, sub.end("num") + 1, f"({expected})", "sequence")
        if sub:
            self.last_sub = nb.section_number(sub.group("num"))[0]
            self.last_letter = None
            return None
        if para:
            label = para.group("label")
            if nb.is_paragraph_label(label) and (
                not nb.is_roman(label) or label == expected or self.last_letter is None
            ):
                self.last_letter = label
            return None
        if nb.definition_line(text):
            self.last_letter = None
            return None
        if expected is None:
            return None
        tok = _TOKEN.match(text)
        if not tok:
            return None
        core = tok.group("core")
        token = tok.group("tok")
        if core not in _DAMAGED.get(expected, ()) and not (
            core == expected and token != f"({core})"
        ):
            return None
        self.last_letter = expected
        after = text[tok.end("tok") : tok.end("tok") + 1]
        spacer = " " if after and not after.isspace() else ""
        return Fix(tok.start("tok"), tok.end("tok"), f"({expected}){spacer}", "sequence")

    def _part(self, text: str) -> list[Fix]:
        m = _PART.match(text)
        if not m:
            return []
        num = m.group("num")
        mixed = bool(re.search(r"[IVX]", num)) and bool(re.search(r"[1l]", num))
        ones = set(num) <= {"1", "l"} and self.roman
        if not (mixed or ones):
            return []
        fixed = num.replace("1", "I").replace("l", "I")
        return [Fix(m.start("num"), m.end("num"), fixed, "part")]

    def _references(self, text: str) -> list[Fix]:
        fixes = []
        for m in _PART_REF.finditer(text) if "Part" in text else ():
            if m.start() == 0 and _PART.match(text):
                continue
            num = m.group("num")
            fixed = num.replace("1", "I").replace("l", "I")
            fixes.append(Fix(m.start("num"), m.end("num"), fixed, "reference"))
        # (each pattern scanned for only where the word it needs is in the line)
        words = "ection" in text or "aragraph" in text
        matches = list(_SUBSECTION_REF.finditer(text)) if words else []
        if self.prev_text.rstrip().endswith(("subsection", "paragraph", "sub-section")):
            head = _REF_AT_START.match(text)  # "subsection" ended the line above
            if head:
                matches.insert(0, head)
        for m in matches:
            inner = m.group("tok")[1:-1].strip().replace("l", "1").replace("I", "1")
            fixes.append(Fix(m.start("tok"), m.end("tok"), f"({inner})", "reference"))
        return fixes


def _apply(text: str, fixes: list[Fix]) -> str:
    for fix in sorted(fixes, key=lambda f: f.start, reverse=True):
        text = text[: fix.start] + fix.text + text[fix.end :]
    return text


def _non_overlapping(fixes: list[Fix]) -> list[Fix]:
    """Keep fixes in column order, dropping any that overlaps one already kept."""
    out: list[Fix] = []
    for fix in sorted(fixes, key=lambda f: (f.start, f.end)):
        if out and fix.start < out[-1].end:
            continue
        out.append(fix)
    return out


def restore_lost_digits(sections: list[BuildNode]) -> list[tuple[BuildNode, str]]:
    """Section numbers whose leading digit the print lost: "7." between sections 7 (or 16)
    and 18 is section 17. Only where the number goes backwards and the next section leaves
    exactly one number free that ends with the printed digits. Renumbers in place and
    returns (section, number as printed) for each repair."""
    taken = {s.num for s in sections}
    repaired: list[tuple[BuildNode, str]] = []
    for before, here, after in zip(sections, sections[1:], sections[2:], strict=False):
        printed = here.num or ""
        if not printed.isdigit() or before.num is None or after.num is None:
            continue
        low, high = nb.section_number(before.num)[0], nb.section_number(after.num)[0]
        wanted = str(high - 1)
        if (
            int(printed) <= low < high - 1
            and wanted.endswith(printed)
            and wanted != printed
            and wanted not in taken
        ):
            here.num = wanted
            taken.add(wanted)
            repaired.append((here, printed))
    return repaired
