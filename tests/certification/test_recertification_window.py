"""When a certificate's recertification window opens, the daily round assigns the renewal
path's courses (due on the expiry date) and tells the holder and their manager — once, even
when it runs twice or late — and My training and the member page show the renewal checklist."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certification.expiry import certificates_remind
from certification.models import ProgrammeRequirement, RequirementKind, RequirementPath
from certification.services import certificate_issue
from courses.progress import lesson_complete
from tests.courses.conftest import catalog, course  # noqa: F401 - fixtures
from tests.factories import make_person
from training.models import AssignedTraining, Assignment, Notification
from training.roles import Role

DAY = datetime.timedelta(days=1)


@pytest.fixture
def renewal_programme(programme, course):  # noqa: F811 - the fixture
    """上岗认证 with the exam and the onboarding course on first certification only, and a
    refresher course (a real, assignable course) on both paths."""
    programme.requirements.filter(kind__in=[RequirementKind.QUIZ, RequirementKind.COURSE]).update(
        applies_to=RequirementPath.INITIAL
    )
    ProgrammeRequirement.objects.create(
        programme=programme, kind=RequirementKind.COURSE, page=course, sort_order=10
    )
    return programme


@pytest.fixture
def holder(renewal_programme, course):  # noqa: F811
    person = make_person()
    manager = make_person(role=Role.MANAGER, team=person.profile.team)
    for lesson in course.lessons():
        lesson_complete(user=person, lesson=lesson, when=timezone.now() - 400 * DAY)
    certificate = certificate_issue(
        person=person, programme=renewal_programme, issued_at=timezone.now() - 345 * DAY
    )
    return person, manager, certificate


def told(event):
    return sorted(Notification.objects.filter(event=event).values_list("user__email", "key"))


@pytest.mark.django_db
def test_the_window_opening_assigns_the_renewal_path_and_tells_each_person_once(
    holder,
    course,  # noqa: F811
):
    person, manager, certificate = holder
    expiry = timezone.localtime(certificate.expires_at).date()

    certificates_remind()
    certificates_remind()  # the task delivered twice

    assignment = Assignment.objects.get()
    assert assignment.page_id == course.pk and assignment.due_date == expiry
    assert assignment.assigned_by is None  # the system's
    row = AssignedTraining.objects.get(user=person)
    assert row.page_id == course.pk and row.due_on == expiry
    key = str(certificate.pk)
    assert told("recertification_open") == sorted([(person.email, key), (manager.email, key)])
    assert not Notification.objects.filter(event="training_assigned").exists()  # one message
    certificate.refresh_from_db()
    assert certificate.recertification_opened_at is not None


@pytest.mark.django_db
def test_a_late_run_still_opens_the_window_once(holder, course):  # noqa: F811
    person, _manager, certificate = holder
    late = certificate.recertification_opens_at + 12 * DAY  # the task did not run for days
    certificates_remind(now=late)
    certificates_remind(now=late + DAY)
    assert Assignment.objects.count() == 1
    assert Notification.objects.filter(user=person, event="recertification_open").count() == 1


@pytest.mark.django_db
def test_my_training_and_the_member_page_show_the_renewal_checklist(client, holder):
    person, manager, certificate = holder
    certificates_remind()
    expiry = timezone.localtime(certificate.expires_at).date().isoformat()

    for viewer, url in [
        (person, reverse("my_training")),
        (manager, reverse("team_member", args=[person.pk])),
    ]:
        client.force_login(viewer)
        page = client.get(url).content.decode()
        assert f"Recertification open — due by {expiry}" in page
        # The renewal checklist: the refresher course done (completed before), the role-play
        # and sign-off missing; the exam and the onboarding course are not on it.
        assert "Complete the course “平台操作”" in page
        assert "Pass the assessed role-play “来电索要别人的收货地址”" in page
        assert "Supervisor&#x27;s on-the-job sign-off" in page or "Supervisor's" in page
        assert "入职上岗考核" not in page
        assert "Complete the course “入职课程”" not in page
