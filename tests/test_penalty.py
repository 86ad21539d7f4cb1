"""Penalty extraction: maximum imprisonment (months) and fine, by tier."""

from __future__ import annotations

import pytest

from harmonise.match.penalty import extract_penalty, named_sections, reaches, words_to_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("ten", 10),
        ("fifty thousand", 50_000),
        ("three million", 3_000_000),
        ("one hundred and fifty thousand", 150_000),
        ("twenty-five", 25),
        ("100,000", 100_000),
        ("banana", None),
    ],
)
def test_words_to_number(text: str, value: float | None) -> None:
    assert words_to_number(text) == value


def test_summary_and_indictment_tiers() -> None:
    p = extract_penalty(
        "commits an offence and is liable on summary conviction to a fine of ten thousand "
        "dollars or to imprisonment for a term of two years or to both; and on conviction on "
        "indictment to a fine of $100,000 or to imprisonment for ten years.",
        "5",
    )
    assert p is not None
    assert [(t.mode, t.imprisonment_months, t.fine_amount) for t in p.tiers] == [
        ("summary", 24, 10_000.0),
        ("indictment", 120, 100_000.0),
    ]
    assert (p.imprisonment_months, p.fine, p.currency, p.section) == (120, "$100,000", "$", "5")


def test_words_fine_and_bracketed_years() -> None:
    p = extract_penalty(
        "is liable to a fine not exceeding three million dollars and to imprisonment for a term "
        "not exceeding seven (7) years"
    )
    assert p is not None
    assert p.imprisonment_months == 84
    assert p.fine == "three million dollars"
    assert p.fine_amount == 3_000_000


def test_months_and_currency_prefix() -> None:
    p = extract_penalty(
        "liable on conviction to a fine of EC$ 50,000 or imprisonment for six months"
    )
    assert p is not None
    assert (p.imprisonment_months, p.fine, p.currency) == (6, "EC$ 50,000", "EC$")


def test_life_imprisonment() -> None:
    p = extract_penalty("is liable on conviction on indictment to imprisonment for life")
    assert p is not None and p.life and p.imprisonment_months is None


def test_no_penalty() -> None:
    assert extract_penalty("A person who accesses a computer commits an offence.") is None


@pytest.mark.parametrize(
    ("general", "section", "reached"),
    [
        ("A person who commits an offence under section 3, 4, 5, 6, 7 or 8 is liable", "8", True),
        ("A person who commits an offence under section 3, 4, 5, 6, 7 or 8 is liable", "8D", False),
        ("A person who contravenes any of sections 4 to 12 commits an offence", "9", True),
        ("A person who contravenes any of sections 4 to 12 commits an offence", "13", False),
        ("A person who commits an offence under this Act is liable", "8D", True),
        ("Subject to section 12, a person guilty of an offence under this Act", "4", True),
    ],
)
def test_a_general_penalty_reaches_only_the_sections_it_names(
    general: str, section: str, reached: bool
) -> None:
    assert reaches(named_sections(general), section) is reached
