"""Cue matching: every cue of a checklist, as lemma patterns in one PhraseMatcher.

A hit says: this element of this provision shows in this passage, at these characters,
through this cue. Exact lemma matching runs over every passage; fuzzy matching (for OCR
damage such as "intemet" or "staiutory") runs only on the short list of candidate passages.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz
from spacy.matcher import PhraseMatcher
from spacy.tokens import Token

from harmonise.checklist import Checklist, Element, ElementRole, Provision
from harmonise.match.nlp import fold_for_matching, get_nlp
from harmonise.match.passages import Passage

STRATEGY = "match.cues.v1"
_SEP = "\x1f"


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


class CueIndex:
    """All cues of one checklist, compiled once and reused for every Act."""

    def __init__(self, checklist: Checklist):
        nlp = get_nlp()
        self.checklist = checklist
        self.matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.cues: dict[tuple[str, str], list[str]] = {}
        owners: dict[str, set[str]] = {}
        added: list[str] = []
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
                added.append(key)
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
                    added.append(key + _SEP + "neg")

        strings = nlp.vocab.strings
        #: match id -> (provision, element, negative cue?, core element?)
        self._keys: dict[int, tuple[str, str, bool, bool]] = {}
        for name in added:
            pid, eid, *neg = name.split(_SEP)
            self._keys[strings.add(name)] = (pid, eid, bool(neg), (pid, eid) in self.core_keys)
        # Core wordings that more than one provision uses ("possession" for devices and child
        # pornography, "not liable" for every provider) cannot tell those provisions apart.
        self.shared_core = {key for key, who in owners.items() if len(who) > 1}

    def exact_hits(self, passages: list[Passage]) -> list[Hit]:
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
                provision, element, negative, core = keys[match_id]
                start_char, end_char = starts[start], ends[end - 1]
                shared = False
                if core and shared_core:
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
        haystack = _lower_folded(passage.text)
        best: Hit | None = None
        best_score = min_score
        for cue in self.cues[(provision.id, element.id)]:
            needle = fold_for_matching(cue).lower()
            if len(needle) < 8 or len(needle) > len(haystack):
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


def _lemma_key(tokens: Iterable[Token]) -> str:
    return " ".join(t.lemma_ for t in tokens if not t.is_space)


@lru_cache(maxsize=64)
def _lower_folded(text: str) -> str:
    return fold_for_matching(text).lower()
