"""HTML ingest: main text only, headings and lists as lines, and a folder (or several files)
of section pages read as one Act."""

from __future__ import annotations

from pathlib import Path

import pytest

from harmonise.errors import HarmoniseError
from harmonise.ingest import read_bytes, read_document
from harmonise.structure.parser import parse

PAGE = """<!DOCTYPE html>
<html><head><title>Laws of Beltrania</title>
<style>p { color: red }</style><script>var s = "1. Not law";</script></head>
<body>
<header><div class="logo">Ministry of Legal Affairs</div></header>
<nav><ul><li><a href="/">Home</a></li><li><a href="/acts">1. Acts</a></li></ul></nav>
<div role="navigation">Skip to content</div>
<main>
<h1>COMPUTER MISUSE ACT, 2024</h1>
<h2>PART I</h2><h3>PRELIMINARY</h3>
<h4>Short title</h4>
<p>1. This Act may be cited as the <b>Computer   Misuse</b>
   Act, 2024.</p>
<h4>Interpretation</h4>
<p>2. In this Act,</p>
<p>&#8220;computer&#8221; means an electronic device;</p>
<h4>Unauthorised access</h4>
<p>3. (1) A person who accesses a computer without authority commits an offence.<br>
(2) Attempting is an offence.</p>
<ol type="a"><li>first;</li><li>second; and</li><li>(c) third.</li></ol>
<p hidden>Old text</p><p style="display: none">Older text</p>
<table><tr><th>Offence</th><th>Penalty</th></tr><tr><td>Access</td><td>$5,000</td></tr></table>
<pre>Schedule line one
  Schedule line two</pre>
</main>
<aside>Related acts</aside>
<footer>&copy; 2024 Government. <a href="#">Privacy</a></footer>
</body></html>
"""


def lines(data: str | bytes, name: str = "act.html") -> list[str]:
    raw = data.encode() if isinstance(data, str) else data
    return read_bytes(raw, name).text.splitlines()


def test_only_the_main_text_is_kept() -> None:
    text = "\n".join(lines(PAGE))
    for noise in (
        "Ministry",
        "Home",
        "1. Acts",
        "Not law",
        "color",
        "Skip to",
        "Related",
        "Privacy",
    ):
        assert noise not in text
    assert "Old text" not in text and "Older text" not in text


def test_headings_lists_tables_and_pre_are_lines() -> None:
    out = lines(PAGE)
    assert out[:6] == ["COMPUTER MISUSE ACT, 2024", "", "PART I", "", "PRELIMINARY", ""]
    assert "1. This Act may be cited as the Computer Misuse Act, 2024." in out
    assert "(2) Attempting is an offence." in out
    assert out[out.index("(a) first;") : out.index("(a) first;") + 3] == [
        "(a) first;",
        "(b) second; and",
        "(c) third.",
    ]
    assert "Offence | Penalty" in out and "Access | $5,000" in out
    assert "  Schedule line two" in out


def test_the_page_parses_into_sections() -> None:
    doc = read_bytes(PAGE.encode(), "act.html")
    assert doc.format == "html"
    act = parse(doc)
    assert [(s.num, s.heading) for s in act.sections()] == [
        ("1", "Short title"),
        ("2", "Interpretation"),
        ("3", "Unauthorised access"),
    ]
    assert act.sections()[0].part == "Part I PRELIMINARY"


def test_without_main_the_body_is_read_and_article_headers_kept() -> None:
    page = (
        "<html><body><nav>Menu</nav><article><header><h2>Short title</h2></header>"
        "<p>1. This Act is the Short Act.</p><footer>Section 1 of 9</footer></article>"
        "<footer>Site footer</footer></body></html>"
    )
    assert lines(page) == ["Short title", "", "1. This Act is the Short Act.", "Section 1 of 9"]


def test_charset_from_meta() -> None:
    page = '<html><head><meta charset="windows-1252"></head><body><p>“Data” – means</p></body>'
    doc = read_bytes(page.encode("cp1252"), "a.html")
    assert doc.text == "“Data” – means\n"
    assert doc.encoding == "windows-1252"


def test_page_with_no_text_is_h102() -> None:
    with pytest.raises(HarmoniseError) as err:
        read_bytes(b"<html><body><nav>Menu</nav><script>x()</script></body></html>", "e.html")
    assert err.value.code == "H102"


def section_page(n: int, heading: str) -> str:
    return (
        f"<!doctype html><html><body><nav>Index | Next</nav><main><h3>{heading}</h3>"
        f"<p>{n}. The text of section {n} about {heading.lower()}.</p></main></body></html>"
    )


def make_site(folder: Path, count: int = 11) -> list[Path]:
    folder.mkdir()
    paths = []
    for n in range(1, count + 1):
        path = folder / f"section-{n}.html"
        path.write_text(section_page(n, f"Heading {n}"), encoding="utf-8")
        paths.append(path)
    (folder / "style.css").write_text("p { margin: 0 }", encoding="utf-8")
    (folder / ".hidden.html").write_text(section_page(99, "Hidden"), encoding="utf-8")
    return paths


def test_a_folder_of_section_pages_is_one_act_in_natural_order(tmp_path: Path) -> None:
    make_site(tmp_path / "computer-misuse-act")
    doc = read_document(tmp_path / "computer-misuse-act")
    assert doc.name == "computer-misuse-act"
    assert doc.format == "html"
    act = parse(doc)
    assert [s.num for s in act.sections()] == [str(n) for n in range(1, 12)]
    assert act.sections()[9].heading == "Heading 10"
    assert "Index" not in doc.text and "Hidden" not in doc.text


def test_several_files_are_read_in_the_order_given(tmp_path: Path) -> None:
    paths = make_site(tmp_path / "site", 3)
    doc = read_document([paths[0], paths[1], paths[2]])
    assert doc.name == "section-1.html (+2 files)"
    assert [s.num for s in parse(doc).sections()] == ["1", "2", "3"]
    again = read_document([paths[0], paths[1], paths[2]])
    assert again.sha256 == doc.sha256
    assert read_document([paths[1], paths[0], paths[2]]).sha256 != doc.sha256


def test_files_of_different_formats_make_a_mixed_document(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Short title\n1. This Act is the Short Act.\n")
    (tmp_path / "b.html").write_text(section_page(2, "Commencement"))
    doc = read_document(tmp_path)
    assert doc.format == "mixed"
    assert [s.num for s in parse(doc).sections()] == ["1", "2"]


def test_a_folder_without_documents_is_h116(tmp_path: Path) -> None:
    (tmp_path / "style.css").write_text("p {}")
    with pytest.raises(HarmoniseError) as err:
        read_document(tmp_path)
    assert err.value.code == "H116"
    assert err.value.message == (
        f"{tmp_path}: the folder holds no PDF, DOCX, HTML, XML or text file"
    )
