"""Evidence text: the clause around a hit, negation scope, citations and quotes."""

from __future__ import annotations

import re

from harmonise.assess.finding import ElementFinding, Evidence
from harmonise.match.cues import Hit
from harmonise.match.passages import Passage
from harmonise.structure.act import Act


def sentence(passage: Passage, hit: Hit, limit: int = 400) -> str:
    """The sentence (or clause) of the passage around a hit, for quoting."""
    text = passage.text
    start = max(
        text.rfind(";", 0, hit.start), text.rfind(".", 0, hit.start), text.rfind(":", 0, hit.start)
    )
    start = 0 if start < 0 else start + 1
    ends = [i for i in (text.find(";", hit.end), text.find(".", hit.end)) if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    if end - start > limit:
        start = max(start, hit.start - limit // 2)
        end = min(end, hit.end + limit // 2)
    raw = text[start:end]
    lead = len(raw) - len(raw.lstrip(" \u2014\u2013-:"))
    return raw[lead:].rstrip()


def cite(act: Act, passage: Passage, offset: int) -> str:
    """'4(1)' for a character of a passage; 'long title' for the long title; '8A(2)' in a
    section an amending section inserts (its subsections are wording of the amending
    section, so they are read off the passage's own text)."""
    if passage.num == "long title":
        return passage.num
    if passage.inserted_in is not None:
        subs = list(_SUBSECTION.finditer(passage.text, 0, offset))
        return passage.num + (f"({subs[-1].group(1)})" if subs else "")
    return act.cite(passage.act_offset(offset), depth=1) or passage.num


#: A subsection number where it opens a provision: at the start, or after a full stop.
_SUBSECTION = re.compile(r"(?:^|(?<=[.:;\u2014-] ))\((\d{1,3}[A-Z]?)\) ")


def base(ref: str) -> str:
    return ref.split("(")[0]


def citations(first: str, element_refs: list[str | None], extra: list[str]) -> list[str]:
    """The section carrying the core first (at subsection level), then each supporting
    reference once; other parts of the first section and bare section numbers whose
    subsections are cited already are left out."""
    refs = [first]
    for ref in [*element_refs, *extra]:
        if ref and ref not in refs and base(ref) != base(first):
            refs.append(ref)
    return [r for r in refs if "(" in r or not any(o.startswith(r + "(") for o in refs)]


def quotes(elements: list[ElementFinding], headings: dict[str, str | None]) -> list[Evidence]:
    """One quote per found element with its cue highlighted; the same quote once."""
    seen: dict[tuple[str, str], Evidence] = {}
    for ef in elements:
        if not (ef.found and ef.quote):
            continue
        highlights: list[tuple[int, int]] = []
        at = ef.quote.find(ef.cue) if ef.cue else -1
        if at >= 0 and ef.cue:
            highlights.append((at, at + len(ef.cue)))
        section = ef.section or ""
        key = (section, ef.quote)
        if key in seen:
            seen[key].highlights.extend(h for h in highlights if h not in seen[key].highlights)
            continue
        seen[key] = Evidence(
            section=section,
            heading=headings.get(base(section)),
            quote=ef.quote,
            highlights=highlights,
            page=ef.page,
        )
    return list(seen.values())
