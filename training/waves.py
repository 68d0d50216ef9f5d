"""Which evaluation wave a result belongs to (the training-effect evaluation's cycle).

A result taken before the learner first passed the activity is the end-of-training result
(short-term). A re-take after they passed is a retention re-test: 3–6 months after that first
pass it is mid-term, a year or more after it long-term; re-takes at other times belong to no
wave. Reports read the wave from the learning record, never from these rules.
"""

from __future__ import annotations

import datetime

from django.db import models

from training.models import EvaluationWave, User
from training.records import first_pass_at

MID_TERM_DAYS = (90, 183)  # 3 to 6 months
LONG_TERM_DAYS = 365  # 1 year and beyond


def evaluation_wave_for(
    *, user: User, activity: models.Model, when: datetime.datetime
) -> EvaluationWave:
    """The wave a result of `activity` taken by `user` at `when` belongs to."""
    first_pass = first_pass_at(user=user, activity=activity, before=when)
    if first_pass is None:
        return EvaluationWave.SHORT_TERM
    days = (when - first_pass).days
    if MID_TERM_DAYS[0] <= days <= MID_TERM_DAYS[1]:
        return EvaluationWave.MID_TERM
    if days >= LONG_TERM_DAYS:
        return EvaluationWave.LONG_TERM
    return EvaluationWave.NONE
