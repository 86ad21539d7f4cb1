"""How statutes number and head their provisions: the line patterns, compiled once.

Every pattern here looks at one line on its own; deciding whether a match really is a new
section (and not a year at the start of a wrapped line) is the parser's job, with context.
"""

from __future__ import annotations

import re

# --- numbers ------------------------------------------------------------------------------

_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_ROMAN_RE = re.compile(r"^(?=[ivxlc]+$)(c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_ORDINALS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
]


def is_roman(label: str) -> bool:
    """True for a well-formed lower-case roman numeral: 'i', 'iv', 'xii'."""
    return bool(label) and _ROMAN_RE.match(label) is not None


def roman_value(label: str) -> int | None:
    """Value of a roman numeral in either case ('IV' -> 4); None if it is not one."""
    low = label.lower()
    if not is_roman(low):
        return None
    total, prev = 0, 0
    for ch in reversed(low):
        val = _ROMAN[ch]
        total = total - val if val < prev else total + val
        prev = max(prev, val)
    return total


def ordinal_value(word: str) -> int | None:
    """'SECOND' -> 2."""
    try:
        return _ORDINALS.index(word.lower()) + 1
    except ValueError:
        return None


def next_letter(label: str) -> str:
    """The paragraph label after ``label``: 'a' -> 'b', 'z' -> 'aa', 'aa' -> 'bb'."""
    if not label:
        return "a"
    if label[-1] == "z":
        return "a" * (len(label) + 1)
    return chr(ord(label[0]) + 1) * len(label)


def section_number(num: str) -> tuple[int, str]:
    """'12A' -> (12, 'A'); used to compare section numbers."""
    digits = "".join(ch for ch in num if ch.isdigit())
    return (int(digits) if digits else 0, num[len(digits) :])


def is_paragraph_label(label: str) -> bool:
    """'a', 'aa', 'zz' and roman numerals are labels; 'ab' is not."""
    if len(label) == 1 or is_roman(label):
        return True
    return len(set(label)) == 1


# --- line patterns ------------------------------------------------------------------------

_H = r"[ \t\f]*"  # leading indentation

SECTION = re.compile(
    rf"^(?P<indent>{_H})(?P<num>\d{{1,4}}[A-Z]{{0,2}})[ \t]?\.(?![\d,.;:)])(?P<after>.*)$"
)
#: What may follow "4." on a section line: a subsection, text, or nothing.
SECTION_SUB = re.compile(r"^[ \t]*[-–—]*[ \t]*\((?P<sub>\d{1,3}[A-Z]?)\)")
SECTION_TEXT = re.compile(r"^(?:[ \t]+\S|[A-Z“\"‘'(\[])")


def section_line(text: str) -> re.Match[str] | None:
    """The SECTION match of a line that starts a section: '4.', '4.-(1) ...', '4. Text'."""
    m = SECTION.match(text)
    if m is None:
        return None
    after = m.group("after")
    if not after.strip() or SECTION_SUB.match(after) or SECTION_TEXT.match(after):
        return m
    return None


#: "4. Illegal access.—(1) A person": a heading, then a dash or ". (1)", then the wording.
INLINE_HEADING = re.compile(
    r"^[ \t]+(?P<heading>[A-Z“\"][^\n]*?)"
    r"(?:\.[ \t]*[-–—]+|[ \t]*[—–]+|\.(?=[ \t]*\(1\)))[ \t]*(?=\(\d|[A-Z“\"])"
)

PART = re.compile(
    rf"^(?P<indent>{_H})(?P<word>PART|Part)[ \t]*(?P<num>[IVXLC]+|\d{{1,3}}[A-Z]?)"
    r"(?=[ \t.:\-–—]|$)(?P<after>.*)$"
)
PART_TITLE_SEP = re.compile(r"^[ \t]*[.:\-–—]*[ \t]*")

SCHEDULE = re.compile(
    rf"^(?P<indent>{_H})(?:THE[ \t]+|The[ \t]+)?"
    r"(?:(?P<ord>FIRST|SECOND|THIRD|FOURTH|FIFTH|SIXTH|SEVENTH|EIGHTH|NINTH|TENTH|ELEVENTH|"
    r"TWELFTH|First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth)[ \t]*)?"
    r"(?P<word>SCHEDULES?|Schedule)"
    r"(?:[ \t]+(?P<num>\d{1,2}[A-Z]?|[IVX]{1,5}|[A-Z])(?![a-z]))?(?P<after>.*)$"
)
SCHEDULE_AFTER_OK = re.compile(
    r"^[ \t]*(?:$|[\(\[][ \t]*(?:[Ss]ections?|[Rr]egulations?|[Pp]aragraphs?|s\.)|[-–—:.][ \t]*)"
)

SUBSECTION = re.compile(
    rf"^(?P<indent>{_H})\((?P<num>\d{{1,3}}[A-Z]{{0,2}})\)(?P<after>(?:[ \t]+\S.*)?[ \t]*)$"
)
PARAGRAPH = re.compile(
    rf"^(?P<indent>{_H})\((?P<label>[a-z]{{1,5}})\)(?P<after>(?:[ \t]+\S.*)?[ \t]*)$"
)
PROVISO = re.compile(rf"^(?P<indent>{_H})Provided\b")

_VERB = (
    r"(?:means|mean|includes|include|has[ \t]+the[ \t]+(?:same[ \t]+)?meaning|shall[ \t]+mean|"
    r"shall[ \t]+include|refers[ \t]+to|in[ \t]+relation[ \t]+to|with[ \t]+respect[ \t]+to)\b"
)
#: A definition at the start of a line: "computer system" means ...; **term** includes ...
#: (after the quote that opens an inserted passage too: ""term" means, “ “term” means).
DEFINITION = re.compile(
    rf"^(?P<indent>{_H})(?P<open>\*\*|[“\"‘'`{{](?:[ \t]?[“\"‘'`{{])?)?[ \t]*"
    r"(?P<term>[A-Za-z][^“”\"*\n]{0,80}?)[ \t]*(?P<close>\*\*|[”\"’'°?]{1,2})"
    rf"[ \t]*[,;]?[ \t]*(?:\([^)\n]{{0,40}}\)[ \t]*,?[ \t]*)?{_VERB}"
)
#: "In this section, "intermediary" means": a definition inside a sentence.
INLINE_DEFINITION = re.compile(
    r"\bIn[ \t]+(?:this[ \t]+(?:Act|Part|section|subsection|clause|subclause|Schedule|"
    r"regulation)\b|(?:subsection|subclause)[ \t]*\(\d+\)|(?:section|clause)[ \t]+\d+[A-Z]?)"
    r"[^“”\"\n]{0,80}?"
    r"(?P<open>[“\"])(?P<term>[A-Za-z][^“”\"\n]{0,80}?)[”\"][ \t]*,?[ \t]*" + _VERB
)

ARRANGEMENT = re.compile(
    r"^[ \t]*(?:ARRANGEMENT[ \t]+OF[ \t]+(?:SECTIONS|CLAUSES|PROVISIONS|REGULATIONS)|"
    r"Arrangement[ \t]+of[ \t]+(?:Sections|Clauses|Provisions)|TABLE[ \t]+OF[ \t]+CONTENTS|"
    r"Table[ \t]+of[ \t]+Contents|CONTENTS)[ \t.:]*$"
)
MEMORANDUM = re.compile(
    r"^[ \t]*(?:(?:MEMORANDUM[ \t]+OF[ \t]+)?OBJECTS[ \t]+AND[ \t]+REASONS|"
    r"(?:Memorandum[ \t]+of[ \t]+)?Objects[ \t]+and[ \t]+Reasons|"
    r"EXPLANATORY[ \t]+(?:MEMORANDUM|NOTES?|STATEMENT)|Explanatory[ \t]+(?:Memorandum|Notes?))"
    r"[ \t.:]*$"
)
CONCLUSION = re.compile(
    r"^[ \t]*(?:Read[ \t]+(?:three|a[ \t]+third)[ \t]+times?|Passed[ \t]+(?:in[ \t]+)?the[ \t]+"
    r"(?:House|Senate|Legislative)|Passed[ \t]+by[ \t]+the)\b"
)
LONG_TITLE = re.compile(
    r"^[ \t]*(?:(?:AN[ \t]+ACT|An[ \t]+Act)[ \t]+(?:to|for|TO|FOR|relating|respecting|"
    r"providing|further)\b|A[ \t]+Bill[ \t]+entitled|A[ \t]+BILL[ \t]+(?:ENTITLED|FOR)\b|"
    r"A[ \t]+BILL[ \t]*$)"
)
ENACTING = re.compile(
    r"^[ \t]*(?:BE[ \t]+IT[ \t]+ENACTED|Be[ \t]+it[ \t]+enacted|ENACTED[ \t]+by|"
    r"IT[ \t]+IS[ \t]+ENACTED|Enacted[ \t]+by)\b"
)
#: A line that names the Act: "THE COMPUTER MISUSE ACT, 1999", "The Evidence Act".
TITLE = re.compile(r"\b(?:ACT|Act|BILL|Bill)\b")
SHORT_TITLE = re.compile(
    r"may\s+be\s+cited\s+as\s+(?:the\s+)?(?P<title>[^\n]{0,150}?\b(?:Act|Bill|ACT)\b"
    r"(?:,?\s*\d{4})?)"
)

# --- cheap tests before the patterns -------------------------------------------------------

#: The first character (after the indentation) a line needs for each pattern to match it.
#: Every pattern below starts with indentation and then a fixed word or bracket, so a line
#: starting with any other character cannot match: callers try only the patterns its first
#: character allows instead of every pattern on every line.
FIRST_CHARS: dict[re.Pattern[str], str] = {
    PART: "P",
    SCHEDULE: "TFSEN",  # THE, FIRST..TWELFTH, SCHEDULE
    ARRANGEMENT: "ATC",  # ARRANGEMENT, TABLE, CONTENTS
    MEMORANDUM: "MOE",  # MEMORANDUM, OBJECTS, EXPLANATORY
    CONCLUSION: "RP",  # Read, Passed
    LONG_TITLE: "A",
    ENACTING: "BEI",  # BE IT, ENACTED, IT IS
    SUBSECTION: "(",
    PARAGRAPH: "(",
    PROVISO: "P",
}


def by_first_char(
    patterns: tuple[re.Pattern[str], ...],
) -> dict[str, tuple[re.Pattern[str], ...]]:
    """``patterns`` grouped by the first character they allow (see FIRST_CHARS), each group
    in the order given."""
    table: dict[str, tuple[re.Pattern[str], ...]] = {}
    for pattern in patterns:
        for ch in FIRST_CHARS[pattern]:
            table[ch] = (*table.get(ch, ()), pattern)
    return table


#: A DEFINITION match ends its term with a closing quote or "**": a line without any of
#: these characters cannot be one, whatever its length (the pattern backtracks a lot).
_DEFINITION_CLOSER = re.compile(r"[*”\"’'°?]")


def definition_line(text: str) -> re.Match[str] | None:
    """The DEFINITION match of a line, trying the pattern only if a term could close."""
    if _DEFINITION_CLOSER.search(text) is None:
        return None
    return DEFINITION.match(text)
