"""Negative cues: does one take away a positive hit?

A negation ("nothing in this section authorises ...") reaches its whole clause; a narrowing
phrase ("offence under this Act") only the words it overlaps ("evidence of an offence under
this Act").
"""

from __future__ import annotations

import bisect
import re

from harmonise.match.cues import Hit

_NEGATION = re.compile(r"\b(not|nothing|no|never|neither|nor)\b", re.I)


def negates(negative: Hit, positive: Hit, text: str) -> bool:
    if _NEGATION.search(negative.cue):
        start, end = clause(text, negative.start, negative.end)
        return start <= positive.start < end
    return positive.start < negative.end and negative.start < positive.end


def clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around text[start:end]: from the last ';' or '.' before to the next one."""
    left = max(text.rfind(";", 0, start), text.rfind(".", 0, start))
    ends = [i for i in (text.find(";", end), text.find(".", end)) if i >= 0]
    return (left + 1 if left >= 0 else 0), (min(ends) + 1 if ends else len(text))


def surviving(hits: list[Hit], negatives: list[Hit], text: str) -> list[Hit]:
    """The hits no negative cue takes away."""
    return [h for h in hits if not any(negates(n, h, text) for n in negatives)]


_SUBSECTION = re.compile(r"(?:^|\s)\(\d{1,3}[A-Z]?\)\s")


def core_survives(hits: list[Hit], negatives: list[Hit], text: str) -> bool:
    """Is the conduct, power or duty itself still there? An express exclusion ("whatever the
    urgency, no warrant shall issue orally"; "nothing in this section authorises the
    interception of content") takes away the core wording of its own subsection, while the
    core stated in another subsection of the same section stands."""
    if not negatives:
        return bool(hits)  # nothing cut down: no subsection to look for
    subsections = _Subsections(text)
    barred = {subsections.of(n.start) for n in negatives}
    return any(subsections.of(h.start) not in barred for h in hits)


class _Subsections:
    """Where the numbered subsections ("(2) ...") of one text start: found in one pass, each
    offset then placed among them by binary search (a long section with many hits was
    scanned from its start once per hit). An offset belongs to the last number that ends by
    ``offset + 1``; 0 before the first."""

    def __init__(self, text: str):
        found = list(_SUBSECTION.finditer(text))
        self.starts = [m.start() for m in found]
        self.ends = [m.end() for m in found]

    def of(self, offset: int) -> int:
        at = bisect.bisect_right(self.ends, offset + 1)
        return self.starts[at - 1] if at else 0
