"""Level 3 for reports and pages: the gap between a supervisor's observation and the agent's
self-assessment, and transfer (the L3 pass rate). Pure functions over record details and
verdicts; no database.

- Gap, per behaviour: the supervisor's answer, the agent's, and `self − supervisor` when both
  observed it (1 yes, 0.5 partly, 0 no). Positive: the agent rates themselves higher than
  their supervisor does (a blind spot to talk about); negative: they undersell themselves.
- Transfer: the share of supervisors' observations that passed (score at or above the
  checklist's pass mark, 80 % by default), with n = the observations counted.
  Self-assessments are not counted: transfer is what someone else saw at work.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class GapRow:
    key: str
    behaviour: str  # the behaviour's text as observed
    supervisor: float | None  # None: not observed, or no supervisor's observation
    self: float | None  # None: not observed, or no self-assessment
    difference: float | None  # self − supervisor, when both are known


def observation_gap(
    supervisor: Mapping[str, Any] | None, self_assessment: Mapping[str, Any] | None
) -> list[GapRow]:
    """Per behaviour, in the supervisor's checklist order (then any only the agent rated):
    both answers and their difference. Each argument is an observation record's details
    (`training.record_details.ObservationDetails`), or None when there is none."""
    supervisor = supervisor or {}
    self_assessment = self_assessment or {}
    theirs, mine = supervisor.get("criteria", {}), self_assessment.get("criteria", {})
    labels = {**self_assessment.get("behaviours", {}), **supervisor.get("behaviours", {})}
    keys = list(theirs) + [key for key in mine if key not in theirs]
    rows = []
    for key in keys:
        a, b = theirs.get(key), mine.get(key)
        difference = round(b - a, 4) if a is not None and b is not None else None
        rows.append(GapRow(key, labels.get(key, key), a, b, difference))
    return rows


@dataclass(frozen=True)
class Transfer:
    n: int  # supervisors' observations with a verdict
    passed: int
    rate: float | None  # passed / n; None when n is 0


def transfer(verdicts: Iterable[bool | None]) -> Transfer:
    """The L3 pass rate over supervisors' observations' `passed` (None ones are left out)."""
    known = [verdict for verdict in verdicts if verdict is not None]
    passed = sum(1 for verdict in known if verdict)
    return Transfer(len(known), passed, passed / len(known) if known else None)
