"""Writing KPIs: the one place values are created or updated, whichever way they came in."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.utils import timezone

from evaluation.importers.kpi_rows import KpiValue
from evaluation.models import AgentKpi

_BATCH = 500


@dataclass(frozen=True)
class KpiSaveResult:
    """How many values a save created, changed, and found already as they were."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


Key = tuple[int, object, str]


def _existing(values: list[KpiValue], *, lock: bool) -> dict[Key, AgentKpi]:
    """The stored rows for these agents and months, by (person, month, metric)."""
    months = sorted({value.month for value in values})
    people = sorted({value.person_id for value in values})
    found: dict[Key, AgentKpi] = {}
    for start in range(0, len(people), _BATCH):
        rows = AgentKpi.objects.filter(person_id__in=people[start : start + _BATCH])
        rows = rows.filter(month__in=months)
        if lock:
            rows = rows.select_for_update()
        for row in rows:
            found[(row.person_id, row.month, row.metric)] = row
    return found


def _plan(values: Iterable[KpiValue], existing: dict[Key, AgentKpi]):
    new: list[KpiValue] = []
    changed: list[tuple[AgentKpi, float]] = []
    unchanged = 0
    for value in values:
        row = existing.get((value.person_id, value.month, value.metric))
        if row is None:
            new.append(value)
        elif math.isclose(row.value, value.value, rel_tol=1e-9, abs_tol=1e-12):
            unchanged += 1
        else:
            changed.append((row, value.value))
    return new, changed, unchanged


def kpis_preview(*, values: list[KpiValue]) -> KpiSaveResult:
    """What `kpis_save` would do with these values, without writing anything."""
    new, changed, unchanged = _plan(values, _existing(values, lock=False))
    return KpiSaveResult(created=len(new), updated=len(changed), unchanged=unchanged)


@transaction.atomic
def kpis_save(
    *,
    values: list[KpiValue],
    source: str,
    progress: Callable[[int, int], None] | None = None,
) -> KpiSaveResult:
    """Create or update each value (checked already) by agent, month and metric.

    Idempotent: saving the same values again changes nothing and counts them unchanged.
    Values not given are left as they are (a blank in a file is "not measured", never
    "delete"). `progress(done, total)` is told after each batch.
    """
    new, changed, unchanged = _plan(values, _existing(values, lock=True))
    now = timezone.now()
    total, done = len(new) + len(changed), 0
    for start in range(0, len(new), _BATCH):
        chunk = new[start : start + _BATCH]
        # A value created meanwhile by another import is updated, not duplicated.
        AgentKpi.objects.bulk_create(
            [
                AgentKpi(
                    person_id=value.person_id,
                    month=value.month,
                    metric=value.metric,
                    value=value.value,
                    source=source,
                    updated_at=now,
                )
                for value in chunk
            ],
            update_conflicts=True,
            unique_fields=["person", "month", "metric"],
            update_fields=["value", "source", "updated_at"],
        )
        done += len(chunk)
        if progress is not None:
            progress(done, total)
    for start in range(0, len(changed), _BATCH):
        chunk = changed[start : start + _BATCH]
        for row, value in chunk:
            row.value, row.source, row.updated_at = value, source, now
        AgentKpi.objects.bulk_update(
            [row for row, _value in chunk], ["value", "source", "updated_at"]
        )
        done += len(chunk)
        if progress is not None:
            progress(done, total)
    if total:
        _reports_refresh_for_kpis()
    return KpiSaveResult(created=len(new), updated=len(changed), unchanged=unchanged)


def _reports_refresh_for_kpis() -> None:
    """New KPI values change level 4: the pre-computed reports are marked stale and each
    course's refresh is queued once the values are committed."""
    from evaluation.snapshots import snapshots_mark_stale_for_kpis
    from evaluation.tasks import reports_refresh_course

    for course_id in snapshots_mark_stale_for_kpis():
        transaction.on_commit(partial(reports_refresh_course.delay, course_id))
