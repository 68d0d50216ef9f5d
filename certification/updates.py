"""Certificates and course changes that require re-training: "update due by …", and lapsing.

When a trainer publishes a course change marked "requires re-training", everyone who had
completed the course owes the new or changed items by a due date. A valid certificate whose
programme asks for that course (a course requirement on that page) then carries the date
(`Certificate.update_due_on`, stored when the change is published, cleared when the
re-training is done) and says "update due by …"; if it is not done by then, the daily round
marks the certificate **lapsed** — the person is no longer cleared — and completing the
re-training later certifies them again (a new certificate, on the next evaluation).

What is owed is read through training (`training.assignments.training_updates_for`, the
course page's `updates_for_users`): certification imports no producer. Courses announce a
change with `training.signals.retraining_required`; completion arrives as learning records
(`certification.followups`).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certification.expiry import tell_holder_and_managers
from certification.models import (
    Certificate,
    CertificateAction,
    CertificateEvent,
    CertificateStatus,
    ProgrammeRequirement,
    RequirementKind,
)
from training.assignments import training_updates_for
from training.i18n import in_site_language
from training.models import User
from training.notifications import Event


def _course_pages(programme) -> list:
    return [
        requirement.page
        for requirement in programme.requirements.filter(
            kind=RequirementKind.COURSE, page__isnull=False
        ).select_related("page")
    ]


def update_due_for(*, person: User, programme) -> datetime.date | None:
    """The earliest date re-training is due in a course the programme asks for (None: none
    owed)."""
    dues = []
    for page in _course_pages(programme):
        update = training_updates_for(page=page, users=[person]).get(person.pk)
        if update is not None:
            dues.append(update.due_on)
    return min(dues, default=None)


def certificate_update_sync(*, certificate: Certificate) -> bool:
    """Store (or clear) the certificate's "update due by" date from the re-training owed now.
    Returns whether it changed."""
    if certificate.status != CertificateStatus.VALID:
        return False
    due = update_due_for(person=certificate.person, programme=certificate.programme)
    if due == certificate.update_due_on:
        return False
    certificate.update_due_on = due
    certificate.save(update_fields=["update_due_on"])
    return True


def certificates_update_sync(*, person: User) -> int:
    """Store or clear "update due by" on each of the person's valid certificates; how many
    changed. Idempotent."""
    certificates = Certificate.objects.filter(
        person=person, status=CertificateStatus.VALID
    ).select_related("person", "programme")
    return sum(certificate_update_sync(certificate=c) for c in certificates)


def certificates_on_retraining_required(sender, *, course, users, due_on, **kwargs) -> None:
    """`training.signals.retraining_required` receiver: the valid certificates of these people
    whose programme asks for this course say "update due by …" (in the publisher's
    transaction)."""
    programme_ids = ProgrammeRequirement.objects.filter(
        kind=RequirementKind.COURSE, page_id=course.pk
    ).values_list("programme_id", flat=True)
    certificates = Certificate.objects.filter(
        person__in=users, programme_id__in=list(programme_ids), status=CertificateStatus.VALID
    ).select_related("person", "programme")
    for certificate in certificates:
        certificate_update_sync(certificate=certificate)


def certificates_lapse_due(*, today: datetime.date | None = None) -> int:
    """The daily round: a valid certificate whose update was due before today and is still
    not done lapses (status lapsed, a `lapse` event); the holder and their team's managers
    are told. Re-read before lapsing (the re-training may just have been done). Returns how
    many lapsed. Idempotent: a lapsed certificate is not valid any more."""
    today = today or timezone.localdate()
    lapsed = 0
    due = Certificate.objects.filter(status=CertificateStatus.VALID, update_due_on__lt=today)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            certificate = (
                Certificate.objects.select_for_update()
                .select_related("person", "programme")
                .filter(pk=pk, status=CertificateStatus.VALID)
                .first()
            )
            if certificate is None:
                continue  # renewed, revoked or expired meanwhile
            certificate_update_sync(certificate=certificate)
            if certificate.update_due_on is None or certificate.update_due_on >= today:
                continue  # done meanwhile, or a later due date
            certificate.status = CertificateStatus.LAPSED
            certificate.save(update_fields=["status"])
            CertificateEvent.objects.create(
                certificate=certificate,
                action=CertificateAction.LAPSE,
                at=timezone.now(),
                # Kept in the site's language: the audit trail is read by administrators.
                reason=_site_words(
                    _("The update training was due by %(date)s and was not done."),
                    date=f"{certificate.update_due_on:%Y-%m-%d}",
                ),
            )
            _tell_lapsed(certificate)
            lapsed += 1
    return lapsed


def _site_words(text, **params) -> str:
    with in_site_language():
        return str(text) % params


def _tell_lapsed(certificate: Certificate) -> None:
    tell_holder_and_managers(
        certificate,
        event=Event.CERTIFICATE_LAPSED,
        holder=(
            _("Your certificate %(programme)s has lapsed"),
            _(
                "The update training it required was due by %(date)s. Complete it on My "
                "training to be certified again."
            ),
        ),
        managers=(
            _("Certificate lapsed: %(programme)s of %(person)s"),
            _(
                "The update training was due by %(date)s and is not done: %(person)s is not "
                "cleared until it is."
            ),
        ),
        params={
            "programme": certificate.programme.name,
            "person": certificate.person.get_full_name(),
            "date": f"{certificate.update_due_on:%Y-%m-%d}",
        },
    )
