"""Proximity matching: a cue's content words near each other, in any order, with other words
between ("required, for the purposes of a request, to give any reason" for the cue "required
to give any reason")."""

from __future__ import annotations

import hashlib

from harmonise.checklist import ChecklistRegistry
from harmonise.ingest.source import SourceDocument
from harmonise.match.cues import _content, _tightest
from harmonise.match.nlp import fold_for_matching, get_nlp
from harmonise.review import review_act
from harmonise.settings import Settings
from harmonise.structure.parser import parse

TEXT = """FICTIONAL TEXT for a test; not the law of any state.

ACCESS TO INFORMATION ACT, 2030

1. Short title. This Act may be cited as the Access to Information Act, 2030.

2. Right of access.—(1) Every person has a right to obtain access to an official document
held by a public authority, other than an exempt document.
    (2) An applicant shall not be required, for the purposes of a request, to give any
reason.
"""


def _finding(settings: Settings):
    text = TEXT
    act = parse(SourceDocument(name="t.txt", text=text,
                               sha256=hashlib.sha256(text.encode()).hexdigest()))  # fmt: skip
    loaded = ChecklistRegistry().get("hipcar-access-to-information")
    review = review_act(act, [loaded], settings=settings)
    return next(f for f in review.findings if f.provision == "general-right-of-access")


def test_content_words_drop_stop_words_but_keep_negations() -> None:
    doc = get_nlp()(fold_for_matching("need not give any reasons"))
    assert _content(doc) == ("need", "not", "give", "reason")
    assert _content(get_nlp()("a request made to the Minister")) == ("request", "make", "minister")


def test_tightest_span_takes_one_position_per_word() -> None:
    assert _tightest([[3, 40], [9], [12, 50]], width=10) == (3, 12)
    assert _tightest([[3], [30]], width=10) is None  # too far apart


def test_an_element_worded_with_words_between_is_found_only_by_proximity() -> None:
    near = next(e for e in _finding(Settings()).elements if e.id == "no-reasons")
    assert near.found and near.section == "2(2)" and near.fuzzy
    strict = next(e for e in _finding(Settings(proximity=False)).elements if e.id == "no-reasons")
    assert not strict.found


def test_the_report_says_which_elements_were_matched_approximately() -> None:
    from harmonise.report.html import render_html

    text = TEXT
    act = parse(SourceDocument(name="t.txt", text=text,
                               sha256=hashlib.sha256(text.encode()).hexdigest()))  # fmt: skip
    review = review_act(act, [ChecklistRegistry().get("hipcar-access-to-information")])
    html = render_html(review)
    item = next(li for li in html.split("<li ") if "need not give reasons" in li)
    assert "(s. 2(2); wording matched approximately: check it)" in item
