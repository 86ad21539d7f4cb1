"""Assess: candidates -> one Finding per provision (status, evidence, missing elements).

Rules follow shared/reference/judging.md: addressed when every required element is found,
in one section or spread over several (a general penalty section, a definition of "without
authority"); partial when the core conduct is there but a required element is missing;
missing when no section carries the core conduct. The first section cited carries the core.

- ``finding``: the Finding model and its parts (the stage's output, the JSON contract);
- ``provision``: judging one provision from its candidate sections;
- ``evidence``: quotes, clauses, citations and negation scope;
- ``links``: the second pass for what the model couples across provisions.
"""

from harmonise.assess.finding import Closest, ElementFinding, Evidence, Finding, Status
from harmonise.assess.links import link_findings
from harmonise.assess.provision import assess_provision

STRATEGY = "assess.rules.v2"

__all__ = [
    "STRATEGY",
    "Closest",
    "ElementFinding",
    "Evidence",
    "Finding",
    "Status",
    "assess_provision",
    "link_findings",
]
