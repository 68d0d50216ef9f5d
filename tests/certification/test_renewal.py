"""Renewal: while a certificate is still valid and its recertification window is open, the
programme's shorter renewal path renews it — with fresh evidence only, without a gap, and the
old certificate kept in the history."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certification.models import (
    Certificate,
    CertificateAction,
    CertificateStatus,
    RequirementKind,
    RequirementPath,
)
from certification.renewal import standing_for
from certification.selectors import certification_for
from certification.services import certificate_issue, certificates_issue_due, signoff_record
from tests.certification.conftest import course_passed, quiz_taken, roleplay_played
from tests.factories import make_person
from training.models import Notification
from training.roles import Role

DAY = datetime.timedelta(days=1)
CHECKLIST = {"独立接待": True, "信息核实": True}


@pytest.fixture
def renewal_path(programme):
    """上岗认证: the exam on first certification only; course, role-play and sign-off on both."""
    programme.requirements.filter(kind=RequirementKind.QUIZ).update(
        applies_to=RequirementPath.INITIAL
    )
    return programme


@pytest.fixture
def holder(renewal_path, pages):
    """Certified 345 days ago from records of that time: it expires in about 20 days, so the
    30-day recertification window is open."""
    person = make_person()
    manager = make_person(role=Role.MANAGER, team=person.profile.team)
    then = timezone.now() - 346 * DAY
    course_passed(person, pages["course"], when=then)
    quiz_taken(person, pages["exam"], 0.9, when=then)
    roleplay_played(person, pages["privacy"], 0.8, when=then)
    signoff_record(
        person=person, programme=renewal_path, observer=manager, items=CHECKLIST, signed_at=then
    )
    certificate = certificate_issue(
        person=person, programme=renewal_path, issued_at=timezone.now() - 345 * DAY
    )
    return person, manager, certificate


def kinds(standing):
    return [(r.kind, r.met) for r in standing.requirements]


@pytest.mark.django_db
def test_renewal_counts_only_evidence_done_since_the_window_opened(renewal_path, pages, holder):
    person, manager, certificate = holder
    standing = standing_for(person, renewal_path)
    assert standing.renewal and standing.certificate == certificate
    assert standing.due_by == timezone.localtime(certificate.expires_at).date()
    # The exam is not on the renewal path; the course completion counts whenever it happened;
    # last year's role-play and sign-off are stale.
    assert kinds(standing) == [
        (RequirementKind.COURSE, True),
        (RequirementKind.ROLEPLAY, False),
        (RequirementKind.SIGNOFF, False),
    ]
    assert certificates_issue_due(person=person) == []

    # A role-play and a sign-off from just before the window opened still do not count.
    before = certificate.recertification_opens_at - DAY
    roleplay_played(person, pages["privacy"], 0.9, when=before)
    signoff_record(
        person=person, programme=renewal_path, observer=manager, items=CHECKLIST, signed_at=before
    )
    assert not standing_for(person, renewal_path).met
    assert certificates_issue_due(person=person) == []
    assert Certificate.objects.filter(person=person).count() == 1


@pytest.mark.django_db
def test_the_short_path_renews_without_a_gap_and_keeps_the_old_certificate(
    client, renewal_path, pages, holder
):
    person, manager, old = holder
    roleplay_played(person, pages["privacy"], 0.9, when=timezone.now() - DAY)
    signoff_record(person=person, programme=renewal_path, observer=manager, items=CHECKLIST)

    (new,) = certificates_issue_due(person=person)
    assert certificates_issue_due(person=person) == []  # once

    old.refresh_from_db()
    assert old.status == CertificateStatus.SUPERSEDED
    assert new.status == CertificateStatus.VALID
    # It runs on from the old expiry date: renewing early costs nothing, and there is no gap.
    assert new.expires_at.date() == (old.expires_at + 365 * DAY).date()
    assert [e.action for e in new.events.all()] == [CertificateAction.RENEW]
    assert [e.action for e in old.events.all()] == [
        CertificateAction.SUPERSEDE,
        CertificateAction.ISSUE,
    ]
    mine = certification_for(viewer=person, person=person)
    assert renewal_path.pk in mine.held_programme_ids
    assert [c.pk for c in mine.certificates] == [new.pk, old.pk]  # history kept
    assert not standing_for(person, renewal_path).renewal  # the new one's window is far off
    assert Notification.objects.filter(
        user=person, event="certificate_issued", key=str(new.pk)
    ).exists()
    # The old certificate's public page keeps answering, and says it was replaced.
    page = client.get(reverse("certificate_verify", args=[old.code])).content.decode()
    assert "This certificate has been replaced by a renewed certificate." in page
    assert client.get(reverse("certificate_credential", args=[old.code])).status_code == 410


@pytest.mark.django_db
def test_the_credential_criteria_say_which_requirement_is_for_which_path(renewal_path):
    from certification.credentials import achievement

    narrative = achievement(renewal_path)["criteria"]["narrative"]
    assert "入职上岗考核 ≥ 80% (仅首次认证)" in narrative  # in the site's language
    assert "入职课程" in narrative and "入职课程 (" not in narrative


@pytest.mark.django_db
def test_outside_its_window_a_held_certificate_is_not_renewed(renewal_path, pages):
    person = make_person()
    course_passed(person, pages["course"])
    quiz_taken(person, pages["exam"], 0.9)
    roleplay_played(person, pages["privacy"], 0.8)
    manager = make_person(role=Role.MANAGER, team=person.profile.team)
    signoff_record(person=person, programme=renewal_path, observer=manager, items=CHECKLIST)
    (certificate,) = certificates_issue_due(person=person)
    roleplay_played(person, pages["privacy"], 0.95, when=timezone.now())
    assert certificates_issue_due(person=person) == []
    assert Certificate.objects.get(person=person) == certificate


@pytest.mark.django_db
def test_after_expiry_the_full_path_applies_with_fresh_evidence(renewal_path, pages, holder):
    person, manager, old = holder
    later = old.expires_at + 2 * DAY
    # Expired: the full path (the exam is back on it), and last year's records do not re-issue.
    from certification.expiry import certificates_expire_due

    certificates_expire_due(now=later)
    standing = standing_for(person, renewal_path, now=later)
    assert not standing.renewal and standing.certificate is None
    assert [k for k, _met in kinds(standing)] == [
        RequirementKind.COURSE,
        RequirementKind.QUIZ,
        RequirementKind.ROLEPLAY,
        RequirementKind.SIGNOFF,
    ]
    assert not standing.met
    assert certificates_issue_due(person=person) == []

    quiz_taken(person, pages["exam"], 0.85, when=timezone.now())
    roleplay_played(person, pages["privacy"], 0.9, when=timezone.now())
    signoff_record(person=person, programme=renewal_path, observer=manager, items=CHECKLIST)
    (new,) = certificates_issue_due(person=person)
    assert [e.action for e in new.events.all()] == [CertificateAction.RENEW]
    old.refresh_from_db()
    assert old.status == CertificateStatus.EXPIRED
