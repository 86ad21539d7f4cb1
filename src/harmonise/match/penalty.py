"""Penalties: the maximum imprisonment and fine an offence section (or the general penalty
section it relies on) provides, split into summary and indictment tiers where the Act does."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

STRATEGY = "penalty.regex.v2"

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a": 1,
    "an": 1,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

_NUMBER_WORDS = "|".join(sorted([*_UNITS, *_SCALES, "and"], key=len, reverse=True))
_NUMBER = r"(?:\d[\d,]*(?:\.\d+)?|(?:(?:" + _NUMBER_WORDS + r")[\s-]*)+)"
_PRISON = re.compile(
    r"imprisonment\s+(?:for\s+)?(?:a\s+)?(?:term|period)?\s*(?:of\s+)?"
    r"(?:not\s+exceeding|not\s+more\s+than|up\s+to|of)?\s*"
    r"(?:(?P<life>life)|(?P<num>" + _NUMBER + r")\s*(?:\(\s*\d+\s*\)\s*)?(?P<unit>years?|months?))",
    re.I,
)
_CURRENCY = r"(?:EC|BDS|BD|J|JA|TT|US|BZ|G|GY|XCD|KY|CI|BS|B)?\$"
_FINE = re.compile(
    r"fine\s+(?:not\s+exceeding\s+|not\s+more\s+than\s+|of\s+up\s+to\s+|up\s+to\s+|of\s+)?"
    r"(?:(?P<cur>" + _CURRENCY + r")\s?(?P<digits>\d[\d,]*(?:\.\d+)?)"
    r"(?:\s*(?P<scale>million|thousand))?"
    r"|(?P<words>" + _NUMBER + r")\s+(?P<curword>dollars|pounds|euros))",
    re.I,
)
_TIER = re.compile(r"summary\s+conviction|conviction\s+on\s+indictment|on\s+indictment", re.I)


class PenaltyTier(BaseModel):
    mode: str | None = Field(None, description="'summary', 'indictment' or None if undivided.")
    imprisonment_months: int | None = None
    life: bool = False
    fine: str | None = Field(None, description="The fine as written, e.g. '$50,000'.")
    fine_amount: float | None = None
    currency: str | None = None


class Penalty(BaseModel):
    """The most severe tier's figures on top; every tier below."""

    imprisonment_months: int | None = None
    life: bool = False
    fine: str | None = None
    fine_amount: float | None = None
    currency: str | None = None
    section: str | None = Field(None, description="Section the penalty was read from.")
    tiers: list[PenaltyTier] = Field(default_factory=list)


def words_to_number(text: str) -> float | None:
    text = text.strip().lower().replace(",", "")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        pass
    total, current = 0, 0
    seen = False
    for word in re.split(r"[\s-]+", text):
        if word == "and" or not word:
            continue
        if word in _UNITS:
            current += _UNITS[word]
            seen = True
        elif word == "hundred":
            current = max(current, 1) * 100
            seen = True
        elif word in _SCALES:
            total += max(current, 1) * _SCALES[word]
            current = 0
            seen = True
        else:
            return None
    return float(total + current) if seen else None


def _tier(text: str, mode: str | None) -> PenaltyTier | None:
    tier = PenaltyTier(mode=mode)
    for m in _PRISON.finditer(text):
        if m.group("life"):
            tier.life = True
            continue
        n = words_to_number(m.group("num"))
        if n is None:
            continue
        months = int(n * 12) if m.group("unit").lower().startswith("year") else int(n)
        tier.imprisonment_months = max(tier.imprisonment_months or 0, months)
    for m in _FINE.finditer(text):
        if m.group("digits"):
            amount = words_to_number(m.group("digits"))
            if amount is not None and m.group("scale"):
                amount *= _SCALES[m.group("scale").lower()]
            currency = m.group("cur")
        else:
            amount = words_to_number(m.group("words"))
            currency = m.group("curword").lower()
        if amount is None:
            continue
        if tier.fine_amount is None or amount > tier.fine_amount:
            tier.fine_amount = amount
            tier.fine = m.group(0)[m.group(0).lower().find("fine") + 4 :].strip()
            tier.fine = re.sub(
                r"^(not exceeding|not more than|of up to|up to|of)\s+", "", tier.fine, flags=re.I
            )
            tier.currency = currency
    if tier.imprisonment_months is None and tier.fine is None and not tier.life:
        return None
    return tier


def extract_penalty(text: str, section: str | None = None) -> Penalty | None:
    """Read the penalty from an offence's wording; None when it states none."""
    if not re.search(r"imprisonment|fine", text, re.I):
        return None
    cuts = list(_TIER.finditer(text))
    tiers: list[PenaltyTier] = []
    if cuts:
        bounds = [m.start() for m in cuts] + [len(text)]
        for i, m in enumerate(cuts):
            mode = "summary" if "summary" in m.group(0).lower() else "indictment"
            tier = _tier(text[bounds[i] : bounds[i + 1]], mode)
            if tier:
                tiers.append(tier)
    if not tiers:
        tier = _tier(text, None)
        if tier:
            tiers.append(tier)
    if not tiers:
        return None
    worst = max(tiers, key=lambda t: (t.life, t.imprisonment_months or 0, t.fine_amount or 0))
    return Penalty(
        imprisonment_months=worst.imprisonment_months,
        life=worst.life,
        fine=max(tiers, key=lambda t: t.fine_amount or 0).fine,
        fine_amount=max((t.fine_amount or 0 for t in tiers), default=None) or None,
        currency=max(tiers, key=lambda t: t.fine_amount or 0).currency,
        section=section,
        tiers=tiers,
    )


#: "an offence under section 3, 4 or 8", "contravenes any of sections 4 to 12": the offences
#: a general penalty section names, where it names them.
_NAMED = re.compile(
    r"(?:offen[cs]es?\s+(?:under|against)|contravenes?|in\s+breach\s+of|fails\s+to\s+comply"
    r"\s+with)\s+(?:any\s+of\s+)?(?:the\s+)?sections?\s+"
    r"(?P<list>\d+[A-Z]*(?:\s*(?:,|or|and|to)\s*\d+[A-Z]*)*)",
    re.I,
)


def reaches(named: frozenset[str], section: str) -> bool:
    """Does a general penalty section reach the offence in ``section``, given the sections it
    names (:func:`named_sections`, read once per Act)? Yes, unless it names the sections it
    covers and this is not one of them (a range "3 to 8" reaches the numbered sections
    between, not an inserted "8A")."""
    return not named or section.upper() in named


def named_sections(general: str) -> frozenset[str]:
    """The sections a general penalty section names as those it covers, upper-cased ("an
    offence under section 3, 4 or 8"); empty where it names none."""
    named: set[str] = set()
    for m in _NAMED.finditer(general):
        items = re.split(r"\s*(?:,|\bor\b|\band\b)\s*", m.group("list"))
        for item in items:
            low, _, high = item.partition(" to ")
            if high.strip().isdigit() and low.strip().isdigit():
                named.update(str(n) for n in range(int(low), int(high) + 1))
            else:
                named.update(x.strip().upper() for x in (low, high) if x.strip())
    return frozenset(named)
