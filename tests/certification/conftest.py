import datetime

import pytest
from django.conf import settings
from django.utils import timezone, translation
from wagtail.models import Page

from certification.models import CertificationProgramme, ProgrammeRequirement, RequirementKind
from tests.factories import TeamFactory
from training.models import Position, RecordKind
from training.records import record_result

TZ = timezone.get_default_timezone()


@pytest.fixture(autouse=True)
def _english():
    # The site speaks Chinese by default; these tests read the English source texts.
    with translation.override("en"):
        yield


@pytest.fixture
def client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def at(month: int, day: int) -> datetime.datetime:
    return datetime.datetime(2026, month, day, 10, tzinfo=TZ)


@pytest.fixture
def pages():
    root = Page.objects.get(depth=1)
    return {
        name: root.add_child(instance=Page(title=title, slug=name))
        for name, title in [
            ("course", "入职课程"),
            ("exam", "入职上岗考核"),
            ("privacy", "来电索要别人的收货地址"),
        ]
    }


@pytest.fixture
def programme(pages):
    programme = CertificationProgramme.objects.create(
        name="上岗认证", positions=[Position.FIRST_LINE], validity_months=12
    )
    for order, (kind, extra) in enumerate(
        [
            (RequirementKind.COURSE, {"page": pages["course"]}),
            (RequirementKind.QUIZ, {"page": pages["exam"], "min_score": 80}),
            (RequirementKind.ROLEPLAY, {"page": pages["privacy"], "min_score": 70}),
            (RequirementKind.SIGNOFF, {"checklist": "独立接待\n信息核实"}),
        ]
    ):
        ProgrammeRequirement.objects.create(
            programme=programme, kind=kind, sort_order=order, **extra
        )
    return programme


def quiz_details(score: float, provisional: bool = False) -> dict:
    return {
        "attempt": 1,
        "marks": score * 10,
        "max_marks": 10.0,
        "pass_mark": 60,
        "provisional": provisional,
    }


def roleplay_details(violations=(), mode="assessment") -> dict:
    return {
        "mode": mode,
        "outcome": "resolved",
        "provisional": False,
        "criteria": {"policy": 1.0, "empathy": 0.8},
        "violations": list(violations),
    }


def course_passed(person, page, when=None):
    return record_result(
        user=person,
        source=TeamFactory(),
        kind=RecordKind.COURSE,
        activity=page,
        completed_at=when or at(7, 1),
        score=1.0,
        passed=True,
    )


def quiz_taken(person, page, score, when=None, provisional=False):
    return record_result(
        user=person,
        source=TeamFactory(),
        kind=RecordKind.QUIZ,
        activity=page,
        completed_at=when or at(7, 2),
        score=score,
        passed=score >= 0.6,
        details=quiz_details(score, provisional),
    )


def roleplay_played(person, page, score, violations=(), when=None, passed=None):
    return record_result(
        user=person,
        source=TeamFactory(),
        kind=RecordKind.ROLEPLAY,
        activity=page,
        completed_at=when or at(7, 3),
        score=score,
        passed=(score >= 0.6 and not violations) if passed is None else passed,
        details=roleplay_details(violations),
    )
