"""The faster forms of matching steps give what the plain forms give: heading scores from
word-sorted titles, nearest positions by binary search, subsections placed by binary search,
a cue found in the interpretation section by scanning for its first word."""

from __future__ import annotations

import random

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from harmonise.assess.links import _find
from harmonise.checklist import ChecklistRegistry
from harmonise.match.cues import _nearest
from harmonise.match.headings import ProvisionTitles
from harmonise.match.negation import _SUBSECTION, _Subsections
from harmonise.match.passages import Passage


def test_heading_scores_are_token_sort_ratio_rescaled() -> None:
    checklist = ChecklistRegistry().get("budapest").checklist
    headings = ["Illegal access", None, "Interpretation", "Illegal  access", "Data: interference!"]
    passages = [Passage(f"s{i}", str(i), h, None, "x", []) for i, h in enumerate(headings)]
    table = ProvisionTitles(checklist).scores(passages, 50.0)
    processed = [default_process(h or "") for h in headings]
    for row, provision in enumerate(checklist.provisions):
        names = [default_process(n) for n in (provision.title, *provision.aliases)]
        best = process.cdist(names, processed, scorer=fuzz.token_sort_ratio).max(axis=0)
        expected = ((best - 50.0) / 50.0).clip(0.0, None)
        for i, heading in enumerate(processed):
            assert table[row, i] == (float(expected[i]) if heading else 0.0)


def test_nearest_position_is_the_earlier_of_two_equally_near() -> None:
    rng = random.Random(7)
    for _ in range(2000):
        positions = sorted(rng.sample(range(60), rng.randint(1, 10)))
        p = rng.randint(0, 60)
        assert _nearest(positions, p) == min(positions, key=lambda q: abs(q - p))


def subsection_of(text: str, offset: int) -> int:
    """The plain scan: start of the last subsection number found up to ``offset``."""
    start = 0
    for m in _SUBSECTION.finditer(text, 0, offset + 1):
        start = m.start()
    return start


def test_subsections_by_binary_search_match_the_scan() -> None:
    text = "(1) A person who (a) does (2) this; and (3) that (12A) and 4. (5) (6)x (7) "
    subsections = _Subsections(text)
    for offset in range(len(text)):
        assert subsections.of(offset) == subsection_of(text, offset)


def test_first_occurrence_of_a_cue() -> None:
    rng = random.Random(3)
    for _ in range(2000):
        words = [rng.choice("abc") for _ in range(rng.randint(0, 12))]
        cue = [rng.choice("abc") for _ in range(rng.randint(1, 4))]
        plain = next(
            (i for i in range(len(words) - len(cue) + 1) if words[i : i + len(cue)] == cue),
            None,
        )
        assert _find(words, cue) == plain
