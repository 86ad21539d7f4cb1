"""Cue matching: every cue of a checklist, as lemma patterns in one PhraseMatcher.

A hit says: this element of this provision shows in this passage, at these characters,
through this cue. Exact lemma matching runs over every passage; fuzzy matching (for OCR
damage such as "intemet" or "staiutory") runs only on the short list of candidate passages.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import NamedTuple

import numpy
from rapidfuzz import fuzz
from spacy.matcher import PhraseMatcher
from spacy.tokens import Token

from harmonise.checklist import Checklist, Element, ElementRole, Provision
from harmonise.match.headings import ProvisionTitles
from harmonise.match.nlp import fold_for_matching, get_nlp
from harmonise.match.passages import Passage

STRATEGY = "match.cues.v2"
_SEP = "\x1f"
#: Function words, left out of a cue's content words for proximity matching (spaCy's own
#: stop list also drops verbs that carry a cue's meaning: "give", "make", "take", "show").
_FUNCTION_WORDS_TEXT = """
a an the this that these those such any each every all some either neither both
of in on at to for from by with into onto upon under over about as than
and or but nor if where when whether while so
he she it they him her them his its their himself herself itself themselves
who whom whose which what there here
be is are was were been being have has had do does did
shall may will would should could can must might
"""
_FUNCTION_WORDS = frozenset(_FUNCTION_WORDS_TEXT.split())


class Hit(NamedTuple):
    provision: str
    element: str
    passage: int  # index into the passage list
    start: int  # offsets in Passage.text
    end: int
    cue: str
    fuzzy: bool = False
    negative: bool = False  # a negative cue: the element is cut down here
    heading: bool = False  # stands for the section's heading, not a cue in its wording
    shared: bool = False  # the wording is a core cue of more than one provision


class LooseCue(NamedTuple):
    """A cue for proximity matching: its content lemmas, in order and as a set."""

    cue: str
    words: tuple[str, ...]
    wordset: frozenset[str]


class CueIndex:
    """All cues of one checklist, compiled once and reused for every Act."""

    def __init__(self, checklist: Checklist):
        nlp = get_nlp()
        self.checklist = checklist
        self.titles = ProvisionTitles(checklist)
        self.matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.cues: dict[tuple[str, str], list[str]] = {}
        owners: dict[str, set[str]] = {}
        added: dict[str, set[str]] = {}  # matcher key -> the lemmas of its patterns
        self.core_keys: set[tuple[str, str]] = set()
        #: Lemmas of each provision's core cues, one string, for "is this its own word?"
        self.core_words: dict[str, str] = {}
        for provision in checklist.provisions:
            for element in provision.elements:
                key = f"{provision.id}{_SEP}{element.id}"
                cues = sorted({c.strip() for c in element.cues if c.strip()})
                self.cues[(provision.id, element.id)] = cues
                patterns = list(nlp.pipe(fold_for_matching(c) for c in cues))
                self.matcher.add(key, patterns)
                added[key] = {_lemma_key(p) for p in patterns}
                if element.role is ElementRole.CORE:
                    self.core_keys.add((provision.id, element.id))
                    self.core_words[provision.id] = " | ".join(
                        filter(
                            None,
                            [self.core_words.get(provision.id, "")]
                            + [_lemma_key(p) for p in patterns],
                        )
                    )
                    for pattern in patterns:
                        owners.setdefault(_lemma_key(pattern), set()).add(provision.id)
                if element.negative_cues:
                    negatives = list(nlp.pipe(fold_for_matching(c) for c in element.negative_cues))
                    self.matcher.add(key + _SEP + "neg", negatives)
                    added[key + _SEP + "neg"] = {_lemma_key(p) for p in negatives}

        #: the cues fuzzy matching may look for: folded, lower-cased, 8 characters or more
        self.needles = {
            key: [n for n in (fold_for_matching(c).lower() for c in cues) if len(n) >= 8]
            for key, cues in self.cues.items()
        }
        #: (provision, element) -> (cue, its content lemmas) for proximity matching: cues of two
        #: or more content words, whose words may come in another order or with others between
        self.loose: dict[tuple[str, str], list[LooseCue]] = {}
        for (pid, eid), cues in self.cues.items():
            for cue, doc in zip(cues, nlp.pipe(fold_for_matching(c) for c in cues), strict=True):
                words = _content(doc)
                if len(words) >= 2:
                    self.loose.setdefault((pid, eid), []).append(
                        LooseCue(cue, words, frozenset(words))
                    )
        # Core wordings that more than one provision uses ("possession" for devices and child
        # pornography, "not liable" for every provider) cannot tell those provisions apart.
        self.shared_core = {key for key, who in owners.items() if len(who) > 1}
        strings = nlp.vocab.strings
        #: match id -> (provision, element, negative cue?, may the match be a shared core
        #: wording?): a match has the lemmas of one of its key's patterns, so only a core
        #: element with a shared wording among them needs the matched words looked at
        self._keys: dict[int, tuple[str, str, bool, bool]] = {}
        for name, wordings in added.items():
            pid, eid, *neg = name.split(_SEP)
            may_share = (pid, eid) in self.core_keys and not wordings.isdisjoint(self.shared_core)
            self._keys[strings.add(name)] = (pid, eid, bool(neg), may_share)
        #: core cues whose content words are those of a core cue of another provision
        content_owners: dict[tuple[str, ...], set[str]] = {}
        for (pid, eid), pairs in self.loose.items():
            if (pid, eid) in self.core_keys:
                for _cue, words, _set in pairs:
                    content_owners.setdefault(tuple(sorted(words)), set()).add(pid)
        self._loose_filtered: dict[tuple[str, str, int, bool], list[LooseCue]] = {}
        self._core_loose_rows: dict[tuple[int, int], list[tuple[Element, list[LooseCue]]]] = {}
        self.shared_cues = {
            cue
            for (pid, eid), pairs in self.loose.items()
            for cue, words, _set in pairs
            if len(content_owners.get(tuple(sorted(words)), ())) > 1
        }

    def exact_hits(self, passages: list[Passage]) -> list[Hit]:
        """Every occurrence of every cue in every passage, in passage order."""
        keys, shared_core = self._keys, self.shared_core
        hits: list[Hit] = []
        append = hits.append
        for index, passage in enumerate(passages):
            doc = passage.doc
            if doc is None:
                continue
            tokens = passage.tokens()
            text, starts, ends = passage.text, tokens.starts, tokens.ends
            for match_id, start, end in self.matcher(doc):
                provision, element, negative, may_share = keys[match_id]
                start_char, end_char = starts[start], ends[end - 1]
                shared = False
                if may_share:
                    words = [w for w in tokens.lemmas[start:end] if w.strip()]
                    shared = " ".join(words) in shared_core
                append(
                    Hit(
                        provision,
                        element,
                        index,
                        start_char,
                        end_char,
                        text[start_char:end_char],
                        False,
                        negative,
                        False,
                        shared,
                    )
                )
        return hits

    def fuzzy_hits(
        self,
        provision: Provision,
        element: Element,
        passage: Passage,
        index: int,
        min_score: float,
    ) -> Hit | None:
        """Best approximate occurrence of one of the element's cues (long cues only: short
        words are too easy to find by accident)."""
        needles = self.needles[(provision.id, element.id)]
        if not needles:
            return None
        haystack = passage.lower_folded()
        best: Hit | None = None
        best_score = min_score
        for needle in needles:
            if len(needle) > len(haystack):
                continue
            found = fuzz.partial_ratio_alignment(needle, haystack, score_cutoff=best_score)
            if found is not None and found.score >= best_score:
                best_score = found.score
                best = Hit(
                    provision.id,
                    element.id,
                    index,
                    found.dest_start,
                    found.dest_end,
                    passage.text[found.dest_start : found.dest_end],
                    fuzzy=True,
                )
        return best

    def loose_core_hits(
        self,
        passages: list[Passage],
        exact: list[Hit],
        slack: int,
        headings: numpy.ndarray,
        heading_min: float,
        min_words: int = 2,
    ) -> list[Hit]:
        """Core elements shown by proximity (every content word of a core cue within the window)
        in passages where no exact cue of that element occurs and whose heading is at least
        ``heading_min`` like the provision's: a national section that words the conduct its own
        way still becomes a candidate. ``headings`` is the heading score table, one row per
        provision (most provisions: no section headed anything like them, no work)."""
        rows, columns = numpy.nonzero(headings >= heading_min)
        if not len(rows):
            return []
        headed: dict[int, list[int]] = {}  # provision row -> its headed passages, in order
        for row, i in zip(rows.tolist(), columns.tolist(), strict=True):
            headed.setdefault(row, []).append(i)
        have = {(h.provision, h.element, h.passage) for h in exact if not h.negative}
        out: list[Hit] = []
        for row, where in headed.items():
            provision = self.checklist.provisions[row]
            for element, cues in self._core_loose(row, min_words):
                for i in where:
                    if (provision.id, element.id, i) in have:
                        continue  # the element's own wording occurs here
                    span = _tightest_cue(passages[i].positions(), cues, slack)
                    if span is None:
                        continue
                    tokens = passages[i].tokens()
                    start, end = tokens.starts[span[0]], tokens.ends[span[1]]
                    text = passages[i].text[start:end]
                    out.append(Hit(provision.id, element.id, i, start, end, text, True))
        return out

    def _core_loose(self, row: int, min_words: int) -> list[tuple[Element, list[LooseCue]]]:
        """The core elements of provision ``row`` that proximity can show, each with its
        cues (see :meth:`_loose_cues`); worked out once per provision and setting."""
        key = (row, min_words)
        found = self._core_loose_rows.get(key)
        if found is None:
            provision = self.checklist.provisions[row]
            found = self._core_loose_rows[key] = [
                (element, cues)
                for element in provision.core_elements
                if (cues := self._loose_cues(provision.id, element.id, min_words, exact_only=True))
            ]
        return found

    def _loose_cues(
        self, provision: str, element: str, min_words: int, exact_only: bool = False
    ) -> list[LooseCue]:
        """The element's cues proximity may look for: ``min_words`` content words or more,
        and (``exact_only``) not a wording several provisions share, which needs an exact
        match. Filtered once per element and setting, then reused for every Act."""
        key = (provision, element, min_words, exact_only)
        cues = self._loose_filtered.get(key)
        if cues is None:
            cues = self._loose_filtered[key] = [
                c
                for c in self.loose.get((provision, element), ())
                if len(c.words) >= min_words and not (exact_only and c.cue in self.shared_cues)
            ]
        return cues

    def loose_hit(
        self,
        provision: Provision,
        element: Element,
        passage: Passage,
        index: int,
        slack: int,
        min_words: int = 2,
    ) -> Hit | None:
        """The tightest place where every content word of one of the element's cues occurs
        within a window of ``2 * words + slack`` tokens, in any order ("apply to a Judge for an
        order authorising the interception" for the cue "apply for an interception order")."""
        cues = self._loose_cues(provision.id, element.id, min_words)
        if not cues:
            return None
        span = _tightest_cue(passage.positions(), cues, slack)
        if span is None:
            return None
        tokens = passage.tokens()
        start, end = tokens.starts[span[0]], tokens.ends[span[1]]
        return Hit(provision.id, element.id, index, start, end, passage.text[start:end], True)


def _tightest_cue(
    where: dict[str, list[int]], cues: list[LooseCue], slack: int
) -> tuple[int, int] | None:
    """The tightest span, over the cues whose every content word occurs (``where``: lemma ->
    positions), that holds one position of each word within ``2 * words + slack`` tokens;
    of equally tight spans the first cue's."""
    best: tuple[int, int] | None = None
    for cue in cues:
        if not where.keys() >= cue.wordset:
            continue  # most cues: a word missing, no span to look for
        span = _tightest([where[w] for w in cue.words], 2 * len(cue.words) + slack)
        if span is not None and (best is None or span[1] - span[0] < best[1] - best[0]):
            best = span
    return best


def _content(doc: Iterable[Token]) -> tuple[str, ...]:
    """The lemmas of a cue that carry its meaning: no function words (negations stay), no
    punctuation; in order, without repeats."""
    out: list[str] = []
    for t in doc:
        lemma = t.lemma_
        if t.is_space or t.is_punct or lemma in _FUNCTION_WORDS or t.lower_ in _FUNCTION_WORDS:
            continue
        if lemma not in out:
            out.append(lemma)
    return tuple(out)


def _tightest(lists: list[list[int]], width: int) -> tuple[int, int] | None:
    """Smallest token span holding one position from each list (each in ascending order), if
    no wider than ``width``: around each position of the rarest word, the nearest position of
    every other word (the earlier of two equally near)."""
    rarest = min(range(len(lists)), key=lambda i: len(lists[i]))
    best: tuple[int, int] | None = None
    for p in lists[rarest]:
        lo = hi = p
        for i, positions in enumerate(lists):
            if i == rarest:
                continue
            near = _nearest(positions, p)
            lo, hi = min(lo, near), max(hi, near)
        if hi - lo <= width and (best is None or hi - lo < best[1] - best[0]):
            best = (lo, hi)
    return best


def _nearest(positions: list[int], p: int) -> int:
    """The position nearest ``p`` in an ascending list, the earlier of two equally near (a
    binary search: a common word has many positions)."""
    at = bisect.bisect_left(positions, p)
    if at == len(positions):
        return positions[-1]
    if at and p - positions[at - 1] <= positions[at] - p:
        return positions[at - 1]
    return positions[at]


def _lemma_key(tokens: Iterable[Token]) -> str:
    return " ".join(t.lemma_ for t in tokens if not t.is_space)
