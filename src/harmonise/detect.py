"""Which model laws does a document speak to? (``--framework auto``)

A data protection act should not be reported as "missing" 34 cybercrime provisions. Every
candidate framework is assessed; it is kept when the document's title names an instrument of
that area (the framework's ``instrument_names``), or when enough of its substantive
provisions (not the short title or the interpretation section, which every Act has) are found
in the text. Every decision carries its reason, for the report and the JSON.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from harmonise.assess import Finding, Status
from harmonise.checklist import Checklist, ProvisionKind
from harmonise.settings import Settings
from harmonise.structure.act import Act

STRATEGY = "detect.title-or-share.v2"

#: Provisions every Act has (short title, interpretation, regulations): no sign of the area.
_FORMAL = frozenset(
    {ProvisionKind.PRELIMINARY, ProvisionKind.DEFINITIONS, ProvisionKind.MISCELLANEOUS}
)


class Decision(BaseModel):
    assessed: bool
    reason: str


def naming_text(act: Act) -> tuple[str, str]:
    """What names the instrument: its title and long title, or, where the parser found
    neither (a bill whose front page is objects and reasons), the opening of the text."""
    named = " ".join(x for x in (act.title, act.long_title) if x)
    if named:
        return named, "the title"
    return act.text[:1000], "the opening of the document"


def named(checklist: Checklist, act: Act) -> Decision | None:
    """Assessed because the title names an instrument of this area, or None."""
    text, where = naming_text(act)
    for name in checklist.framework.instrument_names:
        if re.search(rf"\b{re.escape(name)}", text, re.I):
            return Decision(assessed=True, reason=f"{where} names {name!r}")
    return None


def screen(checklist: Checklist, reachable: set[str], settings: Settings) -> Decision | None:
    """Before the full assessment: a "not assessed" decision when even every provision that
    could be located (``reachable``, an upper bound) would fall short of the rule in
    :func:`decide`; None when the assessment has to be done to know. Provisions reached only
    indirectly (``partly_covered_by``) are counted as located, never as addressed."""
    substantive = [p for p in checklist.provisions if p.kind not in _FORMAL]
    if not substantive:
        return None
    can = sum(p.id in reachable for p in substantive)
    routes = sum(p.id not in reachable and bool(p.partly_covered_by) for p in substantive)
    enough = max(settings.auto_min_addressed, settings.auto_min_addressed_share * len(substantive))
    if can >= enough and (can + routes) / len(substantive) >= settings.auto_min_share:
        return None
    return Decision(
        assessed=False,
        reason=f"at most {can} of {len(substantive)} substantive provisions show their core "
        "wording or a matching heading; the document does not appear to address this model law",
    )


def decide(checklist: Checklist, findings: list[Finding], act: Act, settings: Settings) -> Decision:
    by_name = named(checklist, act)
    if by_name is not None:
        return by_name
    kinds = {p.id: p.kind for p in checklist.provisions}
    substantive = [f for f in findings if kinds.get(f.provision) not in _FORMAL]
    located = [f for f in substantive if f.status is not Status.MISSING]
    core = [f for f in located if f.status is Status.ADDRESSED]
    share = len(located) / len(substantive) if substantive else 0.0
    shown = ", ".join(f"s.{f.model_ref} {f.title}" for f in located[:4])
    more = f" and {len(located) - 4} more" if len(located) > 4 else ""
    enough = max(settings.auto_min_addressed, settings.auto_min_addressed_share * len(substantive))
    if share >= settings.auto_min_share and len(core) >= enough:
        return Decision(
            assessed=True,
            reason=f"{len(located)} of {len(substantive)} substantive provisions found "
            f"({shown}{more})",
        )
    found = f": {shown}{more}" if located else ""
    return Decision(
        assessed=False,
        reason=f"only {len(located)} of {len(substantive)} substantive provisions found{found}; "
        "the document does not appear to address this model law",
    )
