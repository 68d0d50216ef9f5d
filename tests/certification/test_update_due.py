"""A course change that requires re-training: the certificates that depend on the course say
"update due by …" until it is done; not done by then, the certificate lapses (not cleared, the
verification page and the credential say so); done after the lapse, the person is certified
again."""

import datetime

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from certification.credentials import credential_jwt, verify_credential
from certification.evaluation import evaluate
from certification.models import (
    Certificate,
    CertificateAction,
    CertificateStatus,
    CertificationProgramme,
    ProgrammeRequirement,
    RequirementKind,
)
from certification.selectors import certification_for
from certification.services import certificates_issue_due, signoff_record
from certification.tasks import certificates_daily
from certification.updates import certificates_lapse_due
from courses.models import RetrainingRequirement
from courses.progress import lesson_complete
from tests.courses.conftest import catalog, course  # noqa: F401 - fixtures
from tests.courses.test_retraining import publish_lesson
from tests.factories import make_person
from training.models import Notification
from training.roles import Role

DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def site_key(settings, tmp_path):
    path = tmp_path / "signing.pem"
    path.write_bytes(
        Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.CREDENTIAL_SIGNING_KEY_FILE = str(path)
    settings.CREDENTIAL_SIGNING_KEY = ""


@pytest.fixture
def certified(course):  # noqa: F811 - the fixture
    """Someone certified on a programme that asks for the course, which they completed."""
    programme = CertificationProgramme.objects.create(name="上岗认证", validity_months=12)
    ProgrammeRequirement.objects.create(
        programme=programme, kind=RequirementKind.COURSE, page=course
    )
    person = make_person()
    manager = make_person(role=Role.MANAGER, team=person.profile.team)
    for lesson in course.lessons():
        lesson_complete(user=person, lesson=lesson, when=timezone.now() - 90 * DAY)
    (certificate,) = certificates_issue_due(person=person)
    return programme, person, manager, certificate


def page_of(client, viewer, url) -> str:
    client.force_login(viewer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.get(url).content.decode()


@pytest.mark.django_db
def test_a_required_change_makes_the_certificate_say_update_due_until_it_is_done(
    client,
    course,  # noqa: F811
    certified,
    django_capture_on_commit_callbacks,
):
    programme, person, manager, certificate = certified
    new = publish_lesson(course, days=14)  # the trainer publishes a change: re-train in 14 days

    due = timezone.localdate() + 14 * DAY
    certificate.refresh_from_db()
    assert certificate.update_due_on == due  # stored when the change was published
    assert certificate.status == CertificateStatus.VALID
    assert programme.pk in certification_for(viewer=person, person=person).held_programme_ids
    mine = page_of(client, person, reverse("my_training"))
    assert f"Valid — update due by {due:%Y-%m-%d}" in mine
    assert f"Update due by {due:%Y-%m-%d}" in mine
    member = page_of(client, manager, reverse("team_member", args=[person.pk]))
    assert f"Valid — update due by {due:%Y-%m-%d}" in member
    client.logout()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    verify = client.get(reverse("certificate_verify", args=[certificate.code])).content.decode()
    assert f"This certificate is valid — update due by {due:%Y-%m-%d}." in verify
    admin = make_person(role=Role.ADMINISTRATOR)
    listing = page_of(client, admin, reverse("certification_certificate:index"))
    assert f"Valid — update due by {due:%Y-%m-%d}" in listing

    # The re-training lesson is done in time: the follow-up clears the due date.
    with django_capture_on_commit_callbacks(execute=True):
        lesson_complete(user=person, lesson=new)
    certificate.refresh_from_db()
    assert certificate.update_due_on is None and certificate.status == CertificateStatus.VALID
    assert certificates_lapse_due(today=due + 5 * DAY) == 0
    assert "update due by" not in page_of(client, person, reverse("my_training"))


def the_due_date_passes(days_ago: int = 1) -> datetime.date:
    """Time passes: the re-training's due date (and the certificate's copy) is in the past."""
    due = timezone.localdate() - days_ago * DAY
    RetrainingRequirement.objects.update(due_on=due)
    Certificate.objects.filter(update_due_on__isnull=False).update(update_due_on=due)
    return due


@pytest.mark.django_db
def test_not_done_by_the_due_date_the_certificate_lapses_and_is_not_cleared(
    client,
    course,  # noqa: F811
    certified,
):
    programme, person, manager, certificate = certified
    publish_lesson(course, days=14)
    token = credential_jwt(certificate)
    assert verify_credential(token)["valid"]
    assert certificates_lapse_due() == 0  # due in 14 days: not yet

    due = the_due_date_passes()
    # While owed and overdue, the course requirement is not met.
    (course_status,) = evaluate(person, programme).requirements
    assert not course_status.met and f"due by {due:%Y-%m-%d}" in course_status.missing

    assert certificates_daily()["lapsed"] == 1  # the daily round re-reads the due date
    assert certificates_daily()["lapsed"] == 0  # once

    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.LAPSED
    assert certificate.events.first().action == CertificateAction.LAPSE
    # The audit trail is in the site's language, whatever language the round ran in.
    reason = certificate.events.first().reason
    assert reason == f"更新培训应于 {due:%Y-%m-%d} 前完成，但未按期完成。"
    assert Notification.objects.filter(event="certificate_lapsed", user=person).count() == 1
    assert Notification.objects.filter(event="certificate_lapsed", user=manager).count() == 1
    assert not certification_for(viewer=person, person=person).held_programme_ids
    assert certificates_issue_due(person=person) == []  # still owed: not certified again
    verify = client.get(reverse("certificate_verify", args=[certificate.code])).content.decode()
    assert "This certificate has lapsed" in verify
    assert "This certificate is valid" not in verify
    result = verify_credential(token)
    assert not result["valid"] and "lapsed" in result["reason"]
    assert client.get(reverse("certificate_credential", args=[certificate.code])).status_code == 410


@pytest.mark.django_db
def test_the_re_training_done_after_the_lapse_certifies_again(
    course,  # noqa: F811
    certified,
    django_capture_on_commit_callbacks,
):
    programme, person, _manager, certificate = certified
    new = publish_lesson(course, days=14)
    the_due_date_passes(days_ago=3)
    assert certificates_daily()["lapsed"] == 1

    with django_capture_on_commit_callbacks(execute=True):
        lesson_complete(user=person, lesson=new)

    again = Certificate.objects.get(person=person, status=CertificateStatus.VALID)
    assert again.pk != certificate.pk and again.update_due_on is None
    assert [e.action for e in again.events.all()] == [CertificateAction.RENEW]
    assert programme.pk in certification_for(viewer=person, person=person).held_programme_ids
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.LAPSED  # kept in the history


@pytest.mark.django_db
def test_the_daily_round_re_reads_the_due_date_before_lapsing(course, certified):  # noqa: F811
    _programme, _person, _manager, certificate = certified
    publish_lesson(course, days=1)  # owed, due tomorrow
    # The stored date is behind (say, it was changed since): the round asks again first.
    Certificate.objects.filter(pk=certificate.pk).update(update_due_on=timezone.localdate() - DAY)
    assert certificates_daily()["lapsed"] == 0
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID
    assert certificate.update_due_on == timezone.localdate() + DAY


@pytest.mark.django_db
def test_overdue_re_training_holds_back_a_first_certificate_until_it_is_done(
    course,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    programme = CertificationProgramme.objects.create(name="上岗认证", validity_months=12)
    ProgrammeRequirement.objects.create(
        programme=programme, kind=RequirementKind.COURSE, page=course
    )
    ProgrammeRequirement.objects.create(
        programme=programme, kind=RequirementKind.SIGNOFF, checklist="独立接待", sort_order=1
    )
    person = make_person()
    manager = make_person(role=Role.MANAGER, team=person.profile.team)
    for lesson in course.lessons():
        lesson_complete(user=person, lesson=lesson, when=timezone.now() - 90 * DAY)
    new = publish_lesson(course, days=14)
    the_due_date_passes()

    with django_capture_on_commit_callbacks(execute=True):
        signoff_record(
            person=person, programme=programme, observer=manager, items={"独立接待": True}
        )
    assert not Certificate.objects.filter(person=person).exists()  # the course is not met

    with django_capture_on_commit_callbacks(execute=True):
        lesson_complete(user=person, lesson=new)  # the lesson alone brings the certificate
    assert Certificate.objects.get(person=person).status == CertificateStatus.VALID
