"""Which evaluation wave a result belongs to (the training-effect evaluation's cycle).

A result taken before the learner first passed the activity is the end-of-training result
(short-term). A re-take after they passed is a retention re-test: 3–6 months after that first
pass it is mid-term, a year or more after it long-term; re-takes at other times belong to no
wave. Reports read the wave from the learning record, never from these rules.

The evaluation app knows more: each course's plan sets its own mid-term and long-term
windows, counted from the day the course was completed. It registers a *wave provider*
(`wave_provider_register`) that answers for a re-take after the first pass; the fixed days
below are used only when no provider answers (no provider, or a result of an activity the
provider knows no wave for). It also registers a *re-test gate* (`retest_gate_register`):
`retest_open(user, activity)` says whether the person has an evaluation re-test of this
activity open now, so that a producer lets them take it even past the activity's attempt limit.
Producers ask these functions; they never import evaluation.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db import models
from django.utils import timezone

from training.models import EvaluationWave, User
from training.records import first_pass_at

MID_TERM_DAYS = (90, 183)  # 3 to 6 months
LONG_TERM_DAYS = 365  # 1 year and beyond

# fn(*, user, activity, when, first_pass) -> EvaluationWave value, or None for "not mine"
WaveProvider = Callable[..., "str | None"]
# fn(*, user, activity, when) -> bool
RetestGate = Callable[..., bool]

_wave_providers: list[WaveProvider] = []
_retest_gates: list[RetestGate] = []


def wave_provider_register(fn: WaveProvider) -> WaveProvider:
    """Let `fn` decide the wave of a re-take (registering again has no effect)."""
    if fn not in _wave_providers:
        _wave_providers.append(fn)
    return fn


def retest_gate_register(fn: RetestGate) -> RetestGate:
    """Let `fn` open a re-test of an activity (registering again has no effect)."""
    if fn not in _retest_gates:
        _retest_gates.append(fn)
    return fn


def retest_open(
    *, user: User, activity: models.Model, when: datetime.datetime | None = None
) -> bool:
    """Whether `user` has an evaluation re-test of `activity` open now: a producer lets them
    take it even when the activity allows no more attempts."""
    when = when or timezone.now()
    return any(gate(user=user, activity=activity, when=when) for gate in _retest_gates)


def evaluation_wave_for(
    *, user: User, activity: models.Model, when: datetime.datetime
) -> EvaluationWave:
    """The wave a result of `activity` taken by `user` at `when` belongs to."""
    first_pass = first_pass_at(user=user, activity=activity, before=when)
    if first_pass is None:
        return EvaluationWave.SHORT_TERM
    for provider in _wave_providers:
        wave = provider(user=user, activity=activity, when=when, first_pass=first_pass)
        if wave is not None:
            return EvaluationWave(wave)
    days = (when - first_pass).days
    if MID_TERM_DAYS[0] <= days <= MID_TERM_DAYS[1]:
        return EvaluationWave.MID_TERM
    if days >= LONG_TERM_DAYS:
        return EvaluationWave.LONG_TERM
    return EvaluationWave.NONE
