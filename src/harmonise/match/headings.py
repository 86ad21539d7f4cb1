"""Heading similarity: each provision's title and aliases against each section heading.

The score is rapidfuzz's ``token_sort_ratio`` of the processed strings, which is ``ratio``
of their words sorted and joined by single spaces. The titles' side of that is fixed per
checklist, so :class:`ProvisionTitles` sorts it once; each passage sorts its heading once
(:meth:`Passage.heading_words`, shared by every checklist) and each call compares the
distinct headings of one Act with plain ``ratio``: the same numbers.
"""

from __future__ import annotations

import numpy
from rapidfuzz import fuzz, process

from harmonise.checklist import Checklist
from harmonise.match.passages import Passage, sorted_words


class ProvisionTitles:
    """Every provision's title and aliases, processed once per checklist."""

    def __init__(self, checklist: Checklist):
        self.names: list[str] = []
        #: index in ``names`` of each provision's title (its aliases follow it)
        self.first: list[int] = []
        for provision in checklist.provisions:
            self.first.append(len(self.names))
            self.names.extend(sorted_words(n) for n in (provision.title, *provision.aliases))
        self.rows = len(checklist.provisions)

    def scores(self, passages: list[Passage], floor: float) -> numpy.ndarray:
        """scores[p, i]: best similarity of provision p's title/aliases to passage i's
        heading, rescaled so that ``floor`` (the similarity unrelated headings reach by
        sharing a word or two) maps to 0 and an identical heading to 1; 0 for a passage with
        no heading. Float64 holding the float32 values rapidfuzz gives, so that comparing
        with a threshold gives what comparing the Python floats of ``tolist()`` gives."""
        out = numpy.zeros((self.rows, len(passages)))
        columns: dict[str, int] = {}  # distinct sorted heading -> its column in the matrix
        headed: list[int] = []  # passages with a heading
        column_of: list[int] = []  # ... and the column of each
        for i, passage in enumerate(passages):
            heading = passage.heading_words()
            if heading:
                headed.append(i)
                column_of.append(columns.setdefault(heading, len(columns)))
        if not columns or not self.names:
            return out
        matrix = process.cdist(self.names, list(columns), scorer=fuzz.ratio, workers=1)
        best = numpy.maximum.reduceat(matrix, self.first, axis=0)
        scores = numpy.clip((best - floor) / (100 - floor), 0.0, None)
        out[:, headed] = scores[:, column_of]
        return out
