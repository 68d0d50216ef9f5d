"""The daily round: reminders before expiry, the recertification window, and expiry — each
once, and a missed day catches up."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from certification.expiry import certificates_expire_due, certificates_remind
from certification.models import CertificateAction, CertificateStatus
from certification.selectors import certification_for
from certification.services import certificate_issue
from tests.factories import make_person
from training.models import Notification
from training.roles import Role

DAY = datetime.timedelta(days=1)


@pytest.fixture
def holder(programme):
    person = make_person()
    manager = make_person(role=Role.MANAGER, team=person.profile.team)
    now = timezone.now()
    certificate = certificate_issue(person=person, programme=programme, issued_at=now - 345 * DAY)
    return person, manager, certificate


def events(user, event):
    return list(Notification.objects.filter(user=user, event=event).values_list("key", flat=True))


@pytest.mark.django_db
def test_reminders_and_the_recertification_window_are_sent_once_per_tier(holder):
    person, manager, certificate = holder
    now = timezone.now()
    days_left = (certificate.expires_at - now).days
    assert 15 < days_left < 30  # the fixture: it expires within 30 days

    assert certificates_remind(now=now) == 3  # the window (holder, manager) and the 30-day
    assert certificates_remind(now=now) == 0
    assert events(person, "certificate_expiring") == [f"{certificate.pk}:30"]
    assert events(person, "recertification_open") == [str(certificate.pk)]
    assert events(manager, "recertification_open") == [str(certificate.pk)]

    # Missed days: five days before, only the 7-day reminder goes out (not 30 again).
    late = certificate.expires_at - 5 * DAY
    assert certificates_remind(now=late) == 1
    assert events(person, "certificate_expiring") == [f"{certificate.pk}:7", f"{certificate.pk}:30"]


@pytest.mark.django_db
def test_past_its_date_the_certificate_expires_once_and_says_so(holder):
    person, _manager, certificate = holder
    assert certificates_expire_due() == 0  # not yet

    later = certificate.expires_at + 3 * DAY  # the task ran late: it catches up
    assert certificates_expire_due(now=later) == 1
    assert certificates_expire_due(now=later) == 0

    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.EXPIRED
    assert [e.action for e in certificate.events.all()] == [
        CertificateAction.EXPIRE,
        CertificateAction.ISSUE,
    ]
    assert events(person, "certificate_expired") == [str(certificate.pk)]
    assert not certification_for(viewer=person, person=person).held_programme_ids
    client = Client()
    client.cookies["django_language"] = "en"
    page = client.get(reverse("certificate_verify", args=[certificate.code])).content.decode()
    assert "This certificate has expired." in page
