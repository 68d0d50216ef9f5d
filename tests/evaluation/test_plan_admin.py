"""Trainers edit a course's evaluation plan under 培训评估: windows inside the cycle's bounds,
what each wave asks for; a wrong value is refused with a clear message and saves nothing."""

import re

import pytest
from django.urls import reverse

from evaluation.models import EvaluationPlan
from evaluation.plans import plan_for
from tests.courses.conftest import catalog, course, publish_child  # noqa: F401
from tests.factories import PASSWORD, make_person
from training.roles import Role


def form_data(course, **changes):  # noqa: F811
    data = {
        "course": str(course.pk),
        "active": "on",
        "short_closes_days": "7",
        "short_instruments": ["survey"],
        "mid_opens_days": "90",
        "mid_closes_days": "150",
        "mid_instruments": ["retest", "observation"],
        "long_opens_days": "365",
        "long_closes_days": "395",
        "long_instruments": ["retest", "observation", "self_assessment", "survey"],
    }
    data.update(changes)
    return data


@pytest.fixture
def trainer_client(client, db):
    trainer = make_person(role=Role.TRAINER)
    client.login(email=trainer.email, password=PASSWORD)
    return client


def test_a_course_without_a_plan_follows_the_defaults(course):  # noqa: F811
    plan = plan_for(course)
    assert plan.pk is None and plan.active
    assert [plan.days(w) for w in ("short_term", "mid_term", "long_term")] == [
        (0, 7),
        (90, 120),
        (365, 395),
    ]
    assert plan.instrument_keys("short_term") == ["survey"]
    assert plan.instrument_keys("mid_term") == ["retest", "observation", "self_assessment"]
    assert "survey" not in plan.instrument_keys("long_term")


def test_a_trainer_sets_a_courses_plan(trainer_client, course):  # noqa: F811
    menu = trainer_client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("evaluation_plan:index") in menu
    response = trainer_client.post(reverse("evaluation_plan:add"), form_data(course))
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = EvaluationPlan.objects.get(course=course)
    assert plan.days("mid_term") == (90, 150)
    assert plan.instrument_keys("mid_term") == ["retest", "observation"]
    assert "survey" in plan.instrument_keys("long_term")  # the optional "still useful?"
    listing = trainer_client.get(reverse("evaluation_plan:index")).content.decode()
    assert "平台操作" in listing
    edit = trainer_client.get(reverse("evaluation_plan:edit", args=[plan.pk])).content.decode()
    ticked = set(re.findall(r'name="mid_instruments" value="(\w+)"[^>]*checked', edit))
    assert ticked == {"retest", "observation"}
    assert "Retention re-test" in edit and "On-the-job observation" in edit


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"mid_closes_days": "200"}, "mid_closes_days"),  # beyond 6 months
        ({"mid_opens_days": "60"}, "mid_opens_days"),  # before 3 months
        ({"mid_opens_days": "120", "mid_closes_days": "100"}, "mid_closes_days"),
        ({"short_closes_days": "10"}, "short_closes_days"),
        ({"long_closes_days": "500"}, "long_closes_days"),
        ({"mid_instruments": ["no-such-thing"]}, "mid_instruments"),
    ],
)
def test_a_window_outside_the_cycle_is_refused_and_nothing_saved(
    trainer_client, course, changes, field  # noqa: F811
):
    response = trainer_client.post(reverse("evaluation_plan:add"), form_data(course, **changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not EvaluationPlan.objects.exists()


def test_a_plan_is_for_a_course_not_any_page(trainer_client, course):  # noqa: F811
    lesson = course.lessons().first()
    response = trainer_client.post(reverse("evaluation_plan:add"), form_data(lesson))
    assert response.status_code == 200
    assert "course" in response.context["form"].errors
    assert not EvaluationPlan.objects.exists()


def test_a_learner_cannot_open_the_plans(client, course):  # noqa: F811
    learner = make_person()
    client.login(email=learner.email, password=PASSWORD)
    response = client.get(reverse("evaluation_plan:index"))
    assert response.status_code in (302, 403)


@pytest.mark.parametrize("superuser", [False, True])
def test_nobody_changes_a_wave_by_hand(client, course, superuser):  # noqa: F811
    from evaluation.models import WaveInstance
    from evaluation.waves import waves_create_for_completion
    from tests.evaluation.waves_helpers import COMPLETED

    trainer = make_person(role=Role.TRAINER, is_superuser=superuser)
    client.login(email=trainer.email, password=PASSWORD)
    trainer_client = client
    learner = make_person(name="李娜")
    waves_create_for_completion(person=learner, course_id=course.pk, completed_at=COMPLETED)
    listing = trainer_client.get(reverse("evaluation_wave:index"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "李娜" in html
    assert "2026-05-31" in html or "May 31, 2026" in html
    mid = WaveInstance.objects.get(wave="mid_term")
    assert trainer_client.get(reverse("evaluation_wave:inspect", args=[mid.pk])).status_code == 200
    edit = trainer_client.post(reverse("evaluation_wave:edit", args=[mid.pk]), {"status": "closed"})
    assert edit.status_code in (302, 403)
    mid.refresh_from_db()
    assert mid.status == "pending"
    assert trainer_client.get(reverse("evaluation_wave:add")).status_code in (302, 403)
