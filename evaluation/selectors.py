"""Reading KPIs: only of people the viewer may see (training.access)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import QuerySet

from evaluation.models import AgentKpi
from training.access import visible_users
from training.models import User


def kpis_for_viewer(
    *,
    viewer: User,
    people: Iterable[int] | None = None,
    months: tuple[datetime.date, datetime.date] | None = None,
    metrics: Iterable[str] | None = None,
) -> QuerySet[AgentKpi]:
    """The KPI values the viewer may see: trainers and administrators everyone's, managers
    their teams', anyone else their own.

    Narrowed to the people with these ids, the months from the first to the last of
    `months` (both included), and these metrics, when given.
    """
    return _narrowed(
        AgentKpi.objects.filter(person__in=visible_users(viewer)), people, months, metrics
    )


def kpis_of_people(
    *,
    people: Iterable[int],
    months: tuple[datetime.date, datetime.date] | None = None,
    metrics: Iterable[str] | None = None,
) -> QuerySet[AgentKpi]:
    """Internal read. The KPI values of these people (ids the caller has already limited with
    `training.access`, e.g. a report's scope), narrowed as `kpis_for_viewer` narrows."""
    return _narrowed(AgentKpi.objects.all(), people, months, metrics)


def _narrowed(kpis, people, months, metrics) -> QuerySet[AgentKpi]:
    if people is not None:
        kpis = kpis.filter(person_id__in=list(people))
    if months is not None:
        first, last = months
        kpis = kpis.filter(month__gte=first.replace(day=1), month__lte=last.replace(day=1))
    if metrics is not None:
        kpis = kpis.filter(metric__in=list(metrics))
    return kpis.order_by("person_id", "month", "metric")
