"""A certificate is issued when the last requirement is recorded: once, however often the
task runs, with its evidence, its stored expiry date and a notification."""

import datetime

import pytest

from certification.models import Certificate, CertificateAction, CertificateStatus
from certification.services import signoff_record
from certification.tasks import certificates_evaluate_person
from tests.certification.conftest import course_passed, quiz_taken, roleplay_played
from tests.factories import make_person
from training.models import Notification
from training.roles import Role


def all_but_signoff(person, pages):
    return [
        course_passed(person, pages["course"]).pk,
        quiz_taken(person, pages["exam"], 0.9).pk,
        roleplay_played(person, pages["privacy"], 0.8).pk,
    ]


@pytest.mark.django_db
def test_the_last_requirement_recorded_issues_the_certificate_once(
    programme, pages, django_capture_on_commit_callbacks
):
    person = make_person()
    manager = make_person(role=Role.MANAGER, team=person.profile.team)
    with django_capture_on_commit_callbacks(execute=True):
        evidence = all_but_signoff(person, pages)
    assert not Certificate.objects.exists()  # three of four: nothing yet

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        signoff_record(
            person=person,
            programme=programme,
            observer=manager,
            items={"独立接待": True, "信息核实": True},
        )
    assert callbacks  # the follow-up queued the task on commit

    certificate = Certificate.objects.get()
    assert certificate.person == person
    assert certificate.status == CertificateStatus.VALID
    assert certificate.programme_version == programme.version
    assert set(evidence) < set(certificate.evidence_record_ids)
    assert len(certificate.evidence_record_ids) == 4
    assert certificate.expires_at - certificate.issued_at >= datetime.timedelta(days=365)
    assert len(certificate.code) >= 24
    assert [e.action for e in certificate.events.all()] == [CertificateAction.ISSUE]
    notification = Notification.objects.get(user=person, event="certificate_issued")
    assert "上岗认证" in notification.title

    # The task delivered twice more: still one certificate, one event, one notification.
    assert certificates_evaluate_person(person.pk) == 0
    assert certificates_evaluate_person(person.pk) == 0
    assert Certificate.objects.count() == 1
    assert certificate.events.count() == 1
    assert Notification.objects.filter(event="certificate_issued").count() == 1


@pytest.mark.django_db
def test_missing_requirements_issue_nothing(programme, pages, django_capture_on_commit_callbacks):
    person = make_person()
    with django_capture_on_commit_callbacks(execute=True):
        all_but_signoff(person, pages)
    assert certificates_evaluate_person(person.pk) == 0
    assert not Certificate.objects.exists()
