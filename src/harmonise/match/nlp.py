"""The one place the spaCy pipeline is built.

``spacy.blank("en")`` + a lower-casing lookup lemmatiser (the English table from
spacy-lookups-data; no trained pipeline installs here). There is no sentencizer: nothing
reads sentence boundaries (quotes are cut by :mod:`harmonise.assess.evidence` on the
statute's own punctuation and subsections), and it cost a tenth of the pass. Text goes through
:func:`fold_for_matching` first: same-length substitutions (hyphens between letters and line
breaks become spaces, curly quotes straight), so offsets in the folded text are offsets in the
original and "computer-related" matches the cue "computer related".
"""

from __future__ import annotations

from functools import lru_cache

import numpy
import spacy
from spacy.attrs import LEMMA, LOWER  # type: ignore[import-not-found]
from spacy.language import Language
from spacy.lookups import load_lookups
from spacy.tokens import Doc

STRATEGY = "nlp.blank-lookup.v2"

_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\n": " ",
        "\t": " ",
        "\u00a0": " ",
        "\u2014": "-",
        "\u2013": "-",
    }
)
#: Where the lookup table reads statute English wrongly ("does" is not the plural of "doe").
_OVERRIDES = {"does": "do"}
_BRITISH = (
    ("ization", "isation"),
    ("izing", "ising"),
    ("ized", "ised"),
    ("ize", "ise"),
    ("izer", "iser"),
)


_DASH_AFTER = frozenset(".;:,)")


def fold_for_matching(text: str) -> str:
    """Same-length folding: offsets in the result are offsets in ``text``. Hyphens between
    letters, dashes after a word and dashes after punctuation (a heading's ".-") become
    spaces; curly quotes straight; line breaks spaces."""
    folded = text.translate(_FOLD)
    if "-" not in folded:
        return folded
    chars = list(folded)
    last = len(chars) - 1
    for i in range(1, len(chars)):
        if chars[i] != "-":
            continue
        before = chars[i - 1]
        if before in _DASH_AFTER:
            # "information.-Nothing", "text;-(a)": a dash after punctuation opens the wording
            chars[i] = " "
        elif before.isalpha() and (i == last or chars[i + 1].isalpha() or chars[i + 1] in " "):
            # "computer-related" -> two words; "authorises-" (a dash ending a lead-in) -> a word
            chars[i] = " "
    return "".join(chars)


def _spelling(lemma: str) -> str:
    """One spelling for -ise/-ize words, so 'unauthorized' and 'unauthorised' meet."""
    if len(lemma) > 6 and "iz" in lemma:
        for american, british in _BRITISH:
            if lemma.endswith(american):
                return lemma[: -len(american)] + british
    return lemma


@Language.factory("harmonise_lemmatizer")
def _make_lemmatizer(nlp: Language, name: str) -> LowerLemmatizer:
    return LowerLemmatizer()


class LowerLemmatizer:
    """Sets ``token.lemma_`` from the lookup table via the lower-cased token (the table is
    case-sensitive), then folds -ize spellings to -ise."""

    def __init__(self) -> None:
        table = load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")
        self._table = table
        self._cache: dict[int, int] = {}  # hash of the lower-cased form -> hash of the lemma

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        cache, strings = self._cache, doc.vocab.strings
        lowers = doc.to_array(LOWER)
        out = numpy.empty_like(lowers)
        for i, key in enumerate(lowers.tolist()):
            lemma = cache.get(key)
            if lemma is None:
                lower = strings[key]
                word = _OVERRIDES.get(lower) or _spelling(self._table.get(lower, lower))
                lemma = cache[key] = strings.add(word)
            out[i] = lemma
        doc.from_array([LEMMA], out.reshape(-1, 1))  # type: ignore[arg-type]
        return doc


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The shared pipeline, built once per process (about 0.3 s)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("harmonise_lemmatizer")
    return nlp


def lemmas(text: str) -> list[str]:
    """Lemmas of a short phrase (a cue, a heading), folded like the section text."""
    return [t.lemma_ for t in get_nlp()(fold_for_matching(text)) if not t.is_space]
