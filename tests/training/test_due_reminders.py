"""The daily reminders: due within three days to the learner; overdue to the learner and
their team's managers; each once, however often the task runs."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from courses.models import LessonPage
from courses.progress import lesson_complete
from tests.courses.conftest import catalog, course  # noqa: F401
from tests.factories import TeamFactory, make_person
from training.models import AssignedTraining, Assignment, Notification
from training.notifications import Event
from training.reminders import trainings_notify_due
from training.roles import Role
from training.tasks import notify_due_trainings

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 2)


@pytest.fixture
def team():
    return TeamFactory(name="售后一组")


@pytest.fixture
def manager(team):
    return make_person(Role.MANAGER, team=team, name="王主管")


def give(course, user, due_on):  # noqa: F811
    assignment = Assignment.objects.create(page=course)
    return AssignedTraining.objects.create(
        user=user, page=course, assignment=assignment, due_on=due_on
    )


def events_for(user):
    return sorted(Notification.objects.filter(user=user).values_list("event", flat=True))


def test_training_due_in_three_days_reminds_the_learner_only(course, team, manager):  # noqa: F811
    learner = make_person(team=team)
    give(course, learner, TODAY + datetime.timedelta(days=3))
    later = make_person(team=team)
    give(course, later, TODAY + datetime.timedelta(days=4))
    assert trainings_notify_due(today=TODAY) == 1
    note = Notification.objects.get(user=learner)
    assert note.event == Event.TRAINING_DUE_SOON
    assert note.title == "培训即将到期：平台操作"
    assert "2026-12-05" in note.body and note.url == reverse("my_training")
    assert events_for(later) == [] and events_for(manager) == []


def test_overdue_training_tells_the_learner_and_their_managers(course, team, manager):  # noqa: F811
    learner = make_person(team=team, name="李娜")
    second_manager = make_person(Role.MANAGER, team=team)
    elsewhere = make_person(Role.MANAGER, team=TeamFactory(name="售前组"))
    give(course, learner, TODAY - datetime.timedelta(days=1))
    assert trainings_notify_due(today=TODAY) == 3
    assert events_for(learner) == [Event.TRAINING_OVERDUE]
    assert events_for(manager) == [Event.MEMBER_TRAINING_OVERDUE]
    assert events_for(second_manager) == [Event.MEMBER_TRAINING_OVERDUE]
    assert events_for(elsewhere) == []
    to_manager = Notification.objects.get(user=manager)
    assert "李娜" in to_manager.title and "平台操作" in to_manager.title
    assert to_manager.url == reverse("team_home")


def test_the_daily_task_run_twice_tells_nobody_twice(
    course, team, manager, django_capture_on_commit_callbacks  # noqa: F811
):
    soon, late = make_person(team=team), make_person(team=team)
    give(course, soon, TODAY + datetime.timedelta(days=2))
    give(course, late, TODAY - datetime.timedelta(days=5))
    with django_capture_on_commit_callbacks(execute=True):
        assert trainings_notify_due(today=TODAY) == 3
    with django_capture_on_commit_callbacks(execute=True):
        assert trainings_notify_due(today=TODAY) == 0
        assert trainings_notify_due(today=TODAY + datetime.timedelta(days=1)) == 0
    assert Notification.objects.count() == 3
    assert len(mail.outbox) == 3


def test_a_new_due_date_is_reminded_again(course, team):  # noqa: F811
    learner = make_person(team=team)
    row = give(course, learner, TODAY - datetime.timedelta(days=1))
    trainings_notify_due(today=TODAY)
    row.due_on = TODAY + datetime.timedelta(days=1)
    row.save()
    trainings_notify_due(today=TODAY)
    assert events_for(learner) == [Event.TRAINING_DUE_SOON, Event.TRAINING_OVERDUE]


def test_beat_runs_the_reminders_every_day(settings, course, team):  # noqa: F811
    entry = next(
        e for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "training.notify_due_trainings"
    )
    assert entry["schedule"].remaining_estimate(timezone.now()) <= datetime.timedelta(days=1)
    learner = make_person(team=team)
    give(course, learner, timezone.localdate() + datetime.timedelta(days=1))
    assert notify_due_trainings.delay().get() == 1
    assert events_for(learner) == [Event.TRAINING_DUE_SOON]


def test_completed_training_is_not_reminded(course, team, manager):  # noqa: F811
    learner = make_person(team=team)
    give(course, learner, TODAY - datetime.timedelta(days=1))
    for lesson in LessonPage.objects.descendant_of(course):
        lesson_complete(user=learner, lesson=lesson)
    assert trainings_notify_due(today=TODAY) == 0
    assert events_for(learner) == [] and events_for(manager) == []


def test_inactive_people_and_unpublished_training_are_not_reminded(course, team):  # noqa: F811
    learner = make_person(team=team)
    learner.is_active = False
    learner.save()
    give(course, learner, TODAY)
    assert trainings_notify_due(today=TODAY) == 0
    withdrawn = make_person(team=team)
    give(course, withdrawn, TODAY)
    course.unpublish()
    assert trainings_notify_due(today=TODAY) == 0
    course.save_revision().publish()
    assert trainings_notify_due(today=TODAY) == 1
    assert events_for(withdrawn) == [Event.TRAINING_DUE_SOON] and events_for(learner) == []
