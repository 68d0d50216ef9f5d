"""Constructed cohorts for the evaluation report's tests: records written as the producers
write them (through `record_result`), waves and KPIs created directly."""

import datetime

from django.utils import timezone

from evaluation.models import AgentKpi, WaveInstance, WaveStatus
from tests.factories import TeamFactory
from training.models import RecordKind
from training.records import record_result

TZ = timezone.get_default_timezone()


def at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=TZ)


def complete(person, course, day: datetime.date):
    return record_result(
        user=person,
        source=TeamFactory(),
        kind=RecordKind.COURSE,
        activity=course,
        course=course,
        completed_at=at(day),
        score=1.0,
        passed=True,
    )


def survey(person, course, *, content, trainer, recommend, wave="short_term"):
    answers = [
        {"question": "a1", "kind": "likert", "dimension": "content", "rating": content},
        {"question": "a2", "kind": "likert", "dimension": "trainer", "rating": trainer},
        {"question": "a3", "kind": "recommend", "rating": recommend},
    ]
    return record_result(
        user=person,
        source=TeamFactory(),
        kind=RecordKind.SURVEY,
        course=course,
        wave=wave,
        score=((content + trainer) / 2 - 1) / 4,
        passed=True,
        details={"answers": answers, "recommend": recommend},
    )


def quiz(person, course, quiz_stand_in, score, *, wave="", passed=True, when=None):
    return record_result(
        user=person,
        source=TeamFactory(),
        kind=RecordKind.QUIZ,
        activity=quiz_stand_in,
        course=course,
        completed_at=when,
        score=score,
        passed=passed,
        wave=wave,
    )


def observe(person, course, *, wave, score, passed, role="supervisor"):
    return record_result(
        user=person,
        source=TeamFactory(),
        kind=RecordKind.OBSERVATION,
        course=course,
        wave=wave,
        score=score,
        passed=passed,
        details={"observer": person.pk, "criteria": {"k1": score}, "role": role},
    )


def close_waves(course, people, wave):
    WaveInstance.objects.filter(course=course, person__in=people, wave=wave).update(
        status=WaveStatus.CLOSED
    )


def kpis(person, months_values: dict[datetime.date, float], metric="csat"):
    AgentKpi.objects.bulk_create(
        AgentKpi(person=person, month=m, metric=metric, value=v, source="file")
        for m, v in months_values.items()
    )
