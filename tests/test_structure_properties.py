"""Properties of the parser that hold for any text at all (hypothesis).

- parse never raises, and never falls back to "whole text unrecognised" (S207);
- the top-level nodes tile the normalised text; children nest inside parents, in order;
- every character is in exactly one deepest node, and rendering the tree gives the text back;
- eIds are unique; offsets are in bounds;
- the normalised text accounts for every source character (moved, or removed by a recorded
  repair), and the offset map is monotone where nothing was moved;
- generated statutes come out section by section; notes in the right margin, however they
  run on (beside flush-left lines, paragraphs, over a page break), are whole headings and
  leave the wording whole.
"""

from __future__ import annotations

import hashlib
import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harmonise.ingest.source import SourceDocument
from harmonise.structure.act import Act, Node
from harmonise.structure.normalise import normalise
from harmonise.structure.parser import parse

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Fragments of statutes, clean and OCR-damaged, to build statute-like noise from.
TOKENS = [
    "1.",
    "2.-(1)",
    "3.-41)",
    "4. (1)",
    "4A.",
    "12A.(1)",
    "(1)",
    "(2)",
    "( 2 )",
    "(a)",
    "(b)",
    "( b )",
    "(6)",
    "fl",
    "(h)",
    "(i)",
    "(ii)",
    "(iv)",
    "PART I",
    "PART I1.",
    "Part II",
    "PART 3 - RIGHTS",
    "SCHEDULE",
    "FIRST SCHEDULE",
    "SCHEDULE 2",
    "ARRANGEMENT OF SECTIONS",
    "Arrangement of Sections",
    "AN ACT to",
    "A Bill entitled",
    "BE IT ENACTED by",
    "ENACTED by",
    "OBJECTS AND REASONS",
    "Read three times",
    "“",
    "”",
    '"',
    '"computer" means',
    "“data” includes",
    "**term** means",
    "In this section, “x” means",
    "the following section-",
    "the following definitions-",
    "substituted:",
    '""term" means',
    '"Heading',
    '".',
    '";',
    "Provided that",
    "elec-",
    "tronic",
    "non-",
    "profit",
    "Interpretation.",
    "Illegal access.—(1)",
    "ELECTRONIC TRANSACTIONS",
    "[The inclusion of this page is authorized by L.N. 1/2010]",
    "[No. 21]",
    "12",
    "2015.",
    "subsection (I)",
    "a person",
    "shall",
    "commits an offence",
    ";",
    ".",
    ",",
    "-",
    "—",
    ":",
    "      ",
    "   ",
    "\t",
    "\f",
    "\r",
    "\x00",
]
SEPARATORS = [" ", "\n", "\n\n", "", "          ", "\n        "]

statute_like = st.lists(
    st.tuples(st.sampled_from(TOKENS) | st.text(max_size=12), st.sampled_from(SEPARATORS)),
    max_size=80,
).map(lambda pairs: "".join(a + b for a, b in pairs))


def make_doc(text: str) -> SourceDocument:
    return SourceDocument(
        name="p.txt", text=text, sha256=hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()
    )


def render(act: Act, node: Node) -> str:
    """The node's text rebuilt from its children and the gaps between them."""
    out, pos = [], node.start
    for child in node.children:
        out.append(act.text[pos : child.start])
        out.append(render(act, child))
        pos = child.end
    out.append(act.text[pos : node.end])
    return "".join(out)


def check_tree(act: Act) -> None:
    text = act.text
    assert not any(d.code == "S207" for d in act.diagnostics), act.diagnostics
    if text:
        assert act.nodes[0].start == 0 and act.nodes[-1].end == len(text)
    pos = 0
    for node in act.nodes:
        assert node.start == pos
        pos = node.end
    assert pos == len(text)
    assert "".join(render(act, n) for n in act.nodes) == text

    def nest(node: Node) -> None:
        assert 0 <= node.start <= node.end <= len(text)
        last = node.start
        for child in node.children:
            assert last <= child.start <= child.end <= node.end, (node.eid, child.eid)
            last = child.end
            nest(child)

    for node in act.nodes:
        nest(node)
    eids = [n.eid for n in act.walk()]
    assert len(eids) == len(set(eids))
    for offset in range(0, len(text), max(1, len(text) // 50)):
        assert act.locate(offset), offset  # every character has a deepest node


def check_offsets(source: str, act: Act) -> None:
    assert len(act.source_offsets) == len(act.text)
    assert all(0 <= o < max(1, len(source)) for o in act.source_offsets)
    n = normalise(make_doc(source))
    inserted = set(n.inserted)
    kept = sorted(o for i, o in enumerate(n.offsets) if i not in inserted)
    assert kept == sorted(set(range(len(source))) - set(n.removed))


@FAST
@given(st.text(max_size=400))
def test_any_text_parses_into_a_lossless_tree(text: str) -> None:
    act = parse(make_doc(text))
    check_tree(act)
    check_offsets(text, act)


@FAST
@given(statute_like)
def test_statute_like_noise_parses_into_a_lossless_tree(text: str) -> None:
    act = parse(make_doc(text))
    check_tree(act)
    check_offsets(text, act)


# --- generated clean statutes ------------------------------------------------------------------

words = st.sampled_from(
    [
        "data",
        "person",
        "computer",
        "offence",
        "court",
        "system",
        "Minister",
        "means",
        "order",
        "the",
        "any",
        "of",
        "and",
        "shall",
        "may",
    ]
)
sentence = st.lists(words, min_size=3, max_size=12).map(lambda w: " ".join(w).capitalize() + ".")


@st.composite
def clean_statute(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A statute in one of three layouts, with the section numbers it contains."""
    style = draw(st.sampled_from(["inline", "above", "plain"]))
    count = draw(st.integers(1, 12))
    parts = draw(st.booleans())
    lines: list[str] = []
    nums = []
    for n in range(1, count + 1):
        if parts and (n == 1 or draw(st.integers(0, 4)) == 0):
            lines += ["", f"PART {n}", "GENERAL PROVISIONS", ""]
        heading = draw(st.sampled_from(["Illegal access", "Interpretation", "Search warrants"]))
        subs = draw(st.integers(0, 3))
        first = draw(sentence)
        if style == "inline":
            lines.append(f"{n}. {heading}.—{'(1) ' if subs else ''}{first}")
        elif style == "above":
            lines += [heading, f"{n}. {'(1) ' if subs else ''}{first}"]
        else:
            lines.append(f"{n}. {'(1) ' if subs else ''}{first}")
        for k in range(2, subs + 1):
            lines.append(f"    ({k}) {draw(sentence)}")
        if draw(st.booleans()):
            lines.append(f"    (a) {draw(sentence)[:-1]};")
            lines.append(f"    (b) {draw(sentence)}")
        nums.append(str(n))
        lines.append("")
    return "\n".join(lines) + "\n", nums


@FAST
@given(clean_statute())
def test_generated_statutes_are_found_section_by_section(case: tuple[str, list[str]]) -> None:
    text, nums = case
    act = parse(make_doc(text))
    check_tree(act)
    assert [s.num for s in act.sections()] == nums
    assert act.text == text  # clean text: nothing normalised away
    assert act.source_offsets == list(range(len(text)))  # and the map is the identity


@FAST
@given(st.lists(sentence, min_size=1, max_size=30))
def test_offsets_are_monotone_where_nothing_moved(sentences: list[str]) -> None:
    text = "\n".join(f"{i + 1}. {s}" for i, s in enumerate(sentences)) + "\n"
    act = parse(make_doc(text))
    offsets = act.source_offsets
    assert all(a < b for a, b in itertools.pairwise(offsets))


# --- generated statutes with notes in the right margin --------------------------------------

RIGHT_NOTES = [
    "Short title",
    "Unauthorised interception of computer function or service",
    "Child pornography",
    "Offences by bodies corporate",
    "Search and seizure warrant",
    "Regulations",
]
lower_words = st.sampled_from(
    [
        "data",
        "person",
        "computer",
        "offence",
        "court",
        "order",
        "the",
        "any",
        "of",
        "and",
        "shall",
        "may",
        "knowingly",
        "without",
        "lawful",
        "authority",
        "system",
    ]
)


def wrap(words: list[str], first: str, width: int = 58) -> list[str]:
    """Words set in lines of at most ``width`` columns, the first after ``first``."""
    rows = [first.rstrip()]
    for word in words:
        if len(rows[-1]) + 1 + len(word) > width:
            rows.append(word)
        else:
            rows[-1] = f"{rows[-1]} {word}"
    return rows


@st.composite
def right_note_statute(draw: st.DrawFn) -> tuple[str, list[tuple[str, str, str]]]:
    """Sections with their headings as notes in the right margin, run on beside the
    wording (flush-left lines, paragraphs, lines of their own), over a page break or not;
    with the (number, heading, wording) each section should come out with."""
    page_breaks = draw(st.booleans())
    lines: list[str] = []
    want = []
    for n in range(1, draw(st.integers(2 if page_breaks else 1, 6)) + 1):
        note = draw(st.sampled_from(RIGHT_NOTES))
        fragments = wrap(note.split()[1:], note.split()[0], width=draw(st.integers(8, 20)))
        fragments[-1] += "."
        paragraphs = draw(st.booleans())
        words = draw(st.lists(lower_words, min_size=1, max_size=24))
        rows = wrap(words, f"     {n}.-(1)")
        rows[-1] += "-" if paragraphs else "."
        if paragraphs:
            for label, end in (("(a)", ";"), ("(b)", ",")):
                words = draw(st.lists(lower_words, min_size=1, max_size=4))
                rows.append(f"        {label} {' '.join(words)}{end}")
            rows += ["commits an offence."]
        wording = " ".join(r.strip() for r in rows)
        rows += [""] * max(0, len(fragments) - len(rows))  # the note runs on below the text
        set_rows = [r.ljust(66) + f if f else r for r, f in itertools.zip_longest(rows, fragments)]
        if page_breaks:  # a running head at the foot of each page, one page per section
            cut = draw(st.integers(1, len(set_rows)))
            set_rows[cut:cut] = ["", f"{n}        THE GENERATED ACT, 2020        No. 9", ""]
        lines += [*set_rows, ""]
        want.append((str(n), note, wording))
    return "\n".join(lines) + "\n", want


@FAST
@given(right_note_statute())
def test_right_margin_notes_become_whole_headings(case: tuple[str, list]) -> None:
    text, want = case
    act = parse(make_doc(text))
    check_tree(act)
    check_offsets(text, act)
    got = [(s.num, s.heading, " ".join(s.text.split())) for s in act.sections()]
    assert got == want
