"""The demo training plan: the onboarding programme, its assignments and people's progress."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page

from courses.models import CourseCompletion, LessonProgress
from courses.programmes import ProgrammeCourse, ProgrammePage
from training.assignments import trainings_for_learner
from training.models import AssignedTraining, Assignment, LearningRecord, User

pytestmark = pytest.mark.django_db

DOMAIN = "demo.agentacademy.cn"


@pytest.fixture
def demo(db):
    call_command("load_demo")
    call_command("load_demo_training")


def person(local):
    return User.objects.get(email=f"{local}@{DOMAIN}")


def status_of(local, title):
    by_title = {s.page.title: s for s in trainings_for_learner(viewer=person(local))}
    return by_title.get(title)


def counts():
    return [
        model.objects.count()
        for model in (
            Page,
            ProgrammeCourse,
            Assignment,
            AssignedTraining,
            LessonProgress,
            CourseCompletion,
            LearningRecord,
        )
    ]


def test_running_it_again_changes_nothing(demo):
    before = counts()
    due = sorted(AssignedTraining.objects.values_list("user_id", "page_id", "due_on"))
    call_command("load_demo_training")
    assert counts() == before
    assert sorted(AssignedTraining.objects.values_list("user_id", "page_id", "due_on")) == due


def test_the_two_week_programme_orders_the_onboarding_courses_over_days(demo):
    programme = ProgrammePage.objects.live().get(title="新员工两周入职培训")
    stages = [
        (s["start"], s["end"], len(s["entries"])) for s in programme.timeline_for(person("newhire"))
    ]
    assert stages == [(1, 3, 2), (4, 7, 1), (8, 10, 1), (11, 14, 1)]
    assert len(programme.courses()) == 4


def test_people_are_where_the_demo_story_says(demo):
    programme = "新员工两周入职培训"
    chen = status_of("agent", programme)
    assert chen.state == "in_progress"
    assert ProgrammePage.objects.get().courses_completed_for(person("agent")) == (1, 4)
    assert 0 < chen.done < chen.total
    platform = next(c for c in ProgrammePage.objects.get().courses() if "平台操作" in c.title)
    done, total = platform.progress_for(person("agent"))
    assert 0 < done < total  # half of the second course

    assert status_of("newhire", programme).state == "not_started"
    for local in ("certified", "veteran"):
        assert status_of(local, programme).state == "completed"
    huang = status_of("agent2", programme)
    assert huang.state == "in_progress" and not huang.overdue
    assert huang.assigned.due_on > timezone.localdate()
    in_service = status_of("agent2", "投诉处理与情绪管理")
    assert in_service.assigned.due_on == timezone.localdate() + datetime.timedelta(days=30)
    assert status_of("manager2", "投诉处理与情绪管理") is None  # agents only, not their manager


def test_completions_are_dated_after_each_hire_and_in_the_past(demo):
    for local in ("agent", "certified", "veteran"):
        user = person(local)
        hired = user.profile.hire_date
        for record in LearningRecord.objects.filter(user=user):
            assert hired <= timezone.localtime(record.completed_at).date() <= timezone.localdate()
