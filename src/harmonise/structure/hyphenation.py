"""Words broken over a line end: 'elec-' + 'tronic' -> 'electronic', but 'non-' + 'profit'
stays. The decision uses the English word list of spacy-lookups-data (about 67,000 forms)
where it is installed, and a prefix heuristic where it is not.
"""

from __future__ import annotations

import gzip
import json
import re
from functools import cache
from importlib import resources

#: First halves that are real prefixes of hyphenated compounds: keep the hyphen.
KEEP_PREFIXES = frozenset(
    (
        "non",
        "co",
        "cross",
        "ex",
        "quasi",
        "self",
        "semi",
        "well",
        "ill",
        "all",
        "vice",
        "cyber",
        "e",
        "anti",
        "pre",
        "post",
    )
)

_TAIL = re.compile(r"([A-Za-z]+)-$")
_HEAD = re.compile(r"^[a-z][A-Za-z]*")


@cache
def english_words() -> frozenset[str] | None:
    """Lower-case English word forms, or None when the word list is not installed."""
    try:
        table = resources.files("spacy_lookups_data") / "data" / "en_lemma_lookup.json.gz"
        data = json.loads(gzip.decompress(table.read_bytes()))
    except (ModuleNotFoundError, FileNotFoundError, OSError, ValueError):
        return None
    return frozenset(w.lower() for pair in data.items() for w in pair)


def should_join(first_line: str, next_word: str) -> bool:
    """Join ``first_line``'s last word fragment (ending in '-') with ``next_word``?"""
    tail = _TAIL.search(first_line.rstrip())
    head = _HEAD.match(next_word)
    if tail is None or head is None:
        return False
    before = first_line.rstrip()[: tail.start()]
    if before.endswith("-"):  # "attorney-at-" + "law": part of a compound
        return False
    first, second = tail.group(1), head.group(0)
    if first.lower() in KEEP_PREFIXES:
        return False
    words = english_words()
    if words is None:
        return True
    joined = (first + second).lower()
    return joined in words or _stem_known(joined, words)


def _stem_known(word: str, words: frozenset[str]) -> bool:
    for suffix in ("s", "es", "ed", "ing", "ly", "ment", "ments"):
        if word.endswith(suffix) and word[: -len(suffix)] in words:
            return True
    return False
