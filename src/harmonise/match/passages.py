"""Passages: the citable units of an Act that matching looks at (its sections, and the long
title), each with its body wording and a map from wording offsets back to the Act's text."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from itertools import accumulate

from rapidfuzz.utils import default_process
from spacy.tokens import Doc

from harmonise.match.nlp import fold_for_matching, lemmas
from harmonise.match.penalty import Penalty, extract_penalty, named_sections
from harmonise.structure.act import FURNITURE, Act, Node, NodeKind

_DEFINITIONS_HEADING = re.compile(r"\b(interpretation|definitions?|meaning of)\b", re.I)
_PENALTY_HEADING = re.compile(r"\bpenalt(y|ies)\b", re.I)
#: A section that opens by saying what words mean ("For the purposes of this Act, a person
#: secures access ...") is interpretation whatever its heading.
_DEFINING_OPENING = re.compile(
    r"^[\s\d.\-\u2014\u2013(]*\)?\s*(for the purposes? of this (act|part)|in this (act|part)\b)",
    re.I,
)
_DEFINING_WORD = re.compile(
    r"\b(means|mean|includes|include|if|where|is deemed|shall be construed|refers? to)\b", re.I
)


def _defines_at_start(text: str) -> bool:
    """ "For the purposes of this Act, a person secures access ... if" defines; "For the
    purposes of this Act there shall be a Certifying Authority" does not."""
    m = _DEFINING_OPENING.match(text)
    if m is None:
        return False
    return _DEFINING_WORD.search(text, m.end(), m.end() + 300) is not None


_PURPOSE_HEADING = re.compile(
    r"^\s*(the\s+)?(objects?|objectives?|purposes?|aims?)(\s+(of|and)\s+[a-z ]+)?\W*$", re.I
)
_NOT_GENERAL = re.compile(r"fixed|administrative", re.I)
_GENERAL_PENALTY_TEXT = re.compile(
    r"general penalty|no (other |specific )?penalty is (expressly |specifically )?provided|"
    r"for which no (other )?penalty",
    re.I,
)


@dataclass
class TokenTable:
    starts: list[int]
    ends: list[int]
    lemmas: list[str]


@dataclass
class Passage:
    """A section (or the long title) as matching sees it."""

    eid: str
    num: str  # what a finding cites: "4", or "long title"
    heading: str | None
    part: str | None
    text: str  # body wording, white space folded to single spaces
    segments: list[tuple[int, int]]  # Act.text spans of the words of ``text``, in order
    raw: str = ""  # body wording as printed (line breaks kept), for display
    is_definitions: bool = False
    is_general_penalty: bool = False
    is_long_title: bool = False
    is_purpose: bool = False  # the long title or an objects section: aims, not law
    inserted_in: str | None = None  # an amending section's number, for a section it inserts
    doc: Doc | None = field(default=None, repr=False)
    _cum: list[int] = field(default_factory=list, repr=False)
    _tokens: TokenTable | None = field(default=None, repr=False)
    _where: dict[str, list[int]] | None = field(default=None, repr=False)
    _offence: bool | None = field(default=None, repr=False)
    _heading_words: str | None = field(default=None, repr=False)
    _folded: str | None = field(default=None, repr=False)
    _term_keys: dict[str, str] = field(default_factory=dict, repr=False)
    _lower: str | None = field(default=None, repr=False)
    _named: frozenset[str] | None = field(default=None, repr=False)
    #: the penalty read, as a one-tuple once read (a reading may find none)
    _penalty: tuple[Penalty | None] | None = field(default=None, repr=False)

    def tokens(self) -> TokenTable:
        """Token offsets and lemmas of ``doc``, read out once and shared by every checklist
        (reading spaCy tokens one by one is the slow part of matching)."""
        if self._tokens is None:
            doc = self.doc
            if doc is None:
                self._tokens = TokenTable([], [], [])
            else:
                table = doc.to_array(["IDX", "LENGTH", "LEMMA"])
                starts = table[:, 0]
                self._tokens = TokenTable(
                    starts.tolist(),
                    (starts + table[:, 1]).tolist(),
                    list(map(doc.vocab.strings.__getitem__, table[:, 2].tolist())),
                )
        return self._tokens

    def folded(self) -> str:
        """The wording as matching reads it (:func:`fold_for_matching`), folded once."""
        if self._folded is None:
            self._folded = fold_for_matching(self.text)
        return self._folded

    def term_key(self, term: str) -> str:
        """The lemmas of a term this interpretation section defines, joined as a provision's
        core wordings are; each term lemmatised once, however many provisions ask."""
        key = self._term_keys.get(term)
        if key is None:
            key = self._term_keys[term] = " ".join(lemmas(term))
        return key

    def lower_folded(self) -> str:
        """The wording folded for matching and lower-cased, for fuzzy cue search: once per
        passage (not ``doc.text``: spaCy builds that token by token)."""
        if self._lower is None:
            self._lower = self.folded().lower()
        return self._lower

    def heading_words(self) -> str:
        """The heading as heading similarity compares it (:func:`sorted_words`), worked out
        once and shared by every checklist; "" for a section without one."""
        if self._heading_words is None:
            self._heading_words = sorted_words(self.heading or "")
        return self._heading_words

    @property
    def creates_offence(self) -> bool:
        """Does the wording speak of an offence ("commits an offence", "guilty", "on
        conviction")? Only such a section can carry an offence provision."""
        if self._offence is None:
            self._offence = bool(_OFFENCE_WORDS.search(self.text))
        return self._offence

    def penalty(self) -> Penalty | None:
        """The penalty the wording states (:func:`extract_penalty`), read once per Act (the
        offence provisions of every checklist ask the same sections); each caller gets a
        copy of its own to keep in its finding."""
        if self._penalty is None:
            self._penalty = (extract_penalty(self.text, self.num),)
        found = self._penalty[0]
        if found is None:
            return None
        # a deep copy, field by field: the tiers are the only fields that are not values
        return found.model_copy(update={"tiers": [tier.model_copy() for tier in found.tiers]})

    def penalty_reach(self) -> frozenset[str]:
        """For a general penalty section: the sections it names as those it covers (empty:
        every offence), read once per Act rather than once per offence provision."""
        if self._named is None:
            self._named = named_sections(self.text)
        return self._named

    def positions(self) -> dict[str, list[int]]:
        """Lemma -> the token positions where it occurs (for proximity matching)."""
        if self._where is None:
            where: dict[str, list[int]] = {}
            for i, lemma in enumerate(self.tokens().lemmas):
                where.setdefault(lemma, []).append(i)
            self._where = where
        return self._where

    def act_offset(self, offset: int) -> int:
        """Offset in Act.text of the character at ``offset`` of ``text``."""
        if not self.segments:
            return 0
        if not self._cum:
            # where each word starts in ``text``: each is followed by a single space
            widths = [end - start + 1 for start, end in self.segments]
            self._cum = list(accumulate(widths[:-1], initial=0))
        i = max(0, bisect.bisect_right(self._cum, offset) - 1)
        start, end = self.segments[i]
        return min(start + (offset - self._cum[i]), end - 1)


def sorted_words(text: str) -> str:
    """What rapidfuzz's ``token_sort_ratio`` compares: the processed words (lower case,
    letters and digits) sorted and single-spaced."""
    return " ".join(sorted(default_process(text).split()))


def _body_segments(node: Node, out: list[tuple[int, int]]) -> None:
    if node.kind in FURNITURE or node.kind is NodeKind.HEADING:
        return
    if not node.children:
        if node.end > node.start:
            out.append((node.start, node.end))
        return
    pos = node.start
    for child in node.children:
        if child.start > pos:
            out.append((pos, child.start))
        _body_segments(child, out)
        pos = child.end
    if node.end > pos:
        out.append((pos, node.end))


def build_passages(act: Act) -> list[Passage]:
    passages: list[Passage] = []
    long_title = next((n for n in act.walk() if n.kind is NodeKind.LONG_TITLE), None)
    if long_title is not None:
        segs: list[tuple[int, int]] = []
        _body_segments(long_title, segs)
        passages.append(_passage(act, long_title.eid, "long title", None, None, segs))
        passages[-1].is_long_title = True
        passages[-1].is_purpose = True
    defined_chars: dict[str, int] = {}
    for d in act.definitions:
        key = d.section_eid.split("__subsec")[0]
        defined_chars[key] = defined_chars.get(key, 0) + (d.end - d.start)
    for view in act.sections():
        segs = []
        _body_segments(view.node, segs)
        passage = _passage(act, view.eid, view.num, view.heading, view.part, segs)
        # mostly definitions (a section that defines one word in passing, "seize" in a
        # search power, is not an interpretation section)
        _classify(passage, defined_chars.get(view.eid, 0) >= 0.5 * (view.end - view.start))
        passages.append(passage)
        passages.extend(_inserted_sections(act, passage, view.part))
    return passages


def _classify(passage: Passage, mostly_definitions: bool = False) -> None:
    """What kind of section this is: an interpretation section (so headed, opening with
    definitions, or mostly definitions), a statement of purpose, a general penalty section."""
    heading = passage.heading or ""
    passage.is_definitions = (
        bool(_DEFINITIONS_HEADING.search(heading))
        or mostly_definitions
        or _defines_at_start(passage.text)
    )
    passage.is_purpose = bool(_PURPOSE_HEADING.match(heading))
    penalty_heading = _PENALTY_HEADING.search(heading) and not _NOT_GENERAL.search(heading)
    passage.is_general_penalty = bool(penalty_heading) or bool(
        _GENERAL_PENALTY_TEXT.search(passage.text)
    )


def _quoted_section_number(text: str, opening: int, start: int, end: int) -> str | None:
    """The number of a section quoted in an amending section, where the word at
    ``start:end`` opens one: "8A." (or '"14.', "57B.(1)") at the start of its line, with a
    quotation opened somewhere since the amending section began (at ``opening``)."""
    m = _INSERTED_NUM.match(text[start:end])
    if not m:
        return None
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip(' \t"“'):
        return None
    if '"' not in text[opening:start].replace("“", '"'):
        return None
    return m.group(1)


def _heading_above(text: str, line_start: int) -> tuple[str, int] | None:
    """The heading printed over a quoted section (the nearest non-blank line above it, if it
    reads as a heading) and where that line starts."""
    end = line_start - 1
    while end > 0 and not text[text.rfind("\n", 0, end) + 1 : end].strip():
        end = text.rfind("\n", 0, end)  # over blank lines
    if end <= 0:
        return None
    start = text.rfind("\n", 0, end) + 1
    above = text[start:end].strip().strip('"“')
    if above and len(above) <= _HEADING_MAX and above[:1].isupper() and above[-1] not in ".;,:-":
        return above, start
    return None


#: Longest line read as the heading of a quoted section.
_HEADING_MAX = 80
#: An amending section: it inserts or substitutes text in the principal Act.
_AMENDING = re.compile(r"\b(insert|substitut|replac)", re.I)
#: The number opening a quoted section ("8A.", '"14.', "57B.(1)").
_INSERTED_NUM = re.compile(r"^[\"“]?(\d{1,3}[A-Z]{0,2})\.(?:\(|$)")


def _inserted_sections(act: Act, passage: Passage, part: str | None) -> list[Passage]:
    """The sections an amending section inserts or substitutes ("the following section-
    "Illegal remaining / 8A. (1) A person who..."), each as a passage of its own, numbered and
    headed as it will stand in the principal Act: what the amendment enacts is there. The
    amending section keeps its own words up to the first of them."""
    if not _AMENDING.search(passage.text):
        return []
    words, text = passage.segments, act.text
    cuts: list[tuple[int, int, str, str | None]] = []  # (first word, label word, num, heading)
    for k, (start, end) in enumerate(words):
        num = _quoted_section_number(text, words[0][0], start, end)
        if num is None:
            continue
        if num.isdigit() and not re.search(rf"\bsection {num}\b", passage.text, re.I):
            continue  # a plain number must be a section the amending words name, not a form's
        first, heading = k, None
        found = _heading_above(text, text.rfind("\n", 0, start) + 1) if k else None
        if found is not None:
            heading, above_start = found
            while first and words[first - 1][0] >= above_start:
                first -= 1
        cuts.append((first, k, num, heading))
    if not cuts:
        return []
    out: list[Passage] = []
    for n, (first, _label, num, heading) in enumerate(cuts):
        last = cuts[n + 1][0] if n + 1 < len(cuts) else len(words)
        body = [w for w in words[first:last] if heading is None or w[0] >= words[_label][0]]
        if not body:
            continue
        inserted = Passage(
            eid=f"{passage.eid}__ins_{num}",
            num=num,
            heading=heading,
            part=part,
            text=" ".join(text[s:e] for s, e in body),
            segments=body,
            raw=text[body[0][0] : body[-1][1]],
            inserted_in=passage.num,
        )
        _classify(inserted)
        out.append(inserted)
    # the amending section keeps only its own words
    own = words[: cuts[0][0]]
    passage.segments = own
    passage.text = " ".join(text[s:e] for s, e in own)
    passage.raw = text[own[0][0] : own[-1][1]] if own else ""
    return out


_WORD = re.compile(r"\S+")
_OFFENCE_WORDS = re.compile(r"\boffen[cs]e|\bguilty\b|\bconvict", re.I)


def _passage(
    act: Act,
    eid: str,
    num: str,
    heading: str | None,
    part: str | None,
    segs: list[tuple[int, int]],
) -> Passage:
    """Fold white space (line breaks, indentation, the gap a moved marginal note leaves) to
    single spaces, so that phrases match across lines; keep each word's place in Act.text."""
    words: list[tuple[int, int]] = []
    for start, end in segs:
        words.extend((m.start(), m.end()) for m in _WORD.finditer(act.text, start, end))
    text = " ".join(act.text[s:e] for s, e in words)
    raw = "".join(act.text[s:e] for s, e in segs)
    return Passage(eid=eid, num=num, heading=heading, part=part, text=text, segments=words, raw=raw)
