"""Certification's writes: issuing (from the learning record, or by hand), revoking, and the
supervisor's sign-off. Every change to a certificate writes its audit event."""

from __future__ import annotations

import calendar
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certification.evaluation import applicable_programmes
from certification.models import (
    Certificate,
    CertificateAction,
    CertificateEvent,
    CertificateStatus,
    CertificationProgramme,
    SupervisorSignOff,
)
from certification.renewal import current_certificate, standing_for
from training.access import can_view_user
from training.models import RecordKind, User
from training.notifications import Event, notify
from training.records import record_result
from training.roles import ADMIN_ROLES, Role


def add_months(when: datetime.datetime, months: int) -> datetime.datetime:
    """The same day and time `months` later (the month's last day when it is shorter)."""
    month = when.month - 1 + months
    year, month = when.year + month // 12, month % 12 + 1
    day = min(when.day, calendar.monthrange(year, month)[1])
    return when.replace(year=year, month=month, day=day)


def _expire_past_date(*, person: User, programme: CertificationProgramme, now) -> None:
    """A valid certificate past its expiry date is expired before another is issued."""
    past = Certificate.objects.filter(
        person=person, programme=programme, status=CertificateStatus.VALID, expires_at__lte=now
    )
    for certificate in past:
        certificate.status = CertificateStatus.EXPIRED
        certificate.save(update_fields=["status"])
        CertificateEvent.objects.create(
            certificate=certificate, action=CertificateAction.EXPIRE, at=now
        )


def _supersede(certificate: Certificate, *, now, actor: User | None) -> None:
    """A renewal replaces the certificate still held: it stays in the history, marked renewed."""
    certificate.status = CertificateStatus.SUPERSEDED
    certificate.save(update_fields=["status"])
    CertificateEvent.objects.create(
        certificate=certificate, action=CertificateAction.SUPERSEDE, actor=actor, at=now
    )


@transaction.atomic
def certificate_issue(
    *,
    person: User,
    programme: CertificationProgramme,
    issued_at: datetime.datetime | None = None,
    evidence: list[int] | None = None,
    issued_by: User | None = None,
    reason: str = "",
    renewing: Certificate | None = None,
) -> Certificate | None:
    """Issue `programme`'s certificate to `person`; None when they already hold a valid one.

    `renewing`: the valid certificate this one renews (its recertification window is open):
    it is replaced (marked renewed, with an event) and the new one runs on from its expiry
    date, so renewing early costs nothing and there is no gap; None when it is no longer the
    one held (renewed or revoked meanwhile).

    The expiry date is computed once, here, and stored. By hand (`issued_by`, an
    administrator), a reason is required and the programme must be active. Locks the person's
    row, and a database constraint allows one valid certificate per person and programme, so
    issuing twice at the same time issues one."""
    if issued_by is not None and not issued_by.has_role(Role.ADMINISTRATOR):
        raise PermissionDenied
    if issued_by is not None and not reason.strip():
        raise ValidationError({"reason": _("Say why the certificate is issued by hand.")})
    if issued_by is not None and not programme.active:
        raise ValidationError({"programme": _("An inactive programme issues no certificates.")})
    now = timezone.now()
    issued_at = issued_at or now
    User.objects.select_for_update().filter(pk=person.pk).first()
    _expire_past_date(person=person, programme=programme, now=now)
    held = current_certificate(person=person, programme=programme, now=now)
    if held is not None and (renewing is None or held.pk != renewing.pk):
        return None
    renewal = Certificate.objects.filter(person=person, programme=programme).exists()
    starts = held.expires_at if held is not None and held.expires_at else issued_at
    expires_at = (
        add_months(starts, programme.validity_months) if programme.validity_months else None
    )
    try:
        with transaction.atomic():  # a lost race rolls the replacement back too
            if held is not None:
                _supersede(held, now=now, actor=issued_by)
            certificate = Certificate.objects.create(
                person=person,
                programme=programme,
                programme_version=programme.version,
                issued_at=issued_at,
                expires_at=expires_at,
                status=(
                    CertificateStatus.EXPIRED
                    if expires_at and expires_at <= now
                    else CertificateStatus.VALID
                ),
                evidence_record_ids=sorted(evidence or []),
                issued_by=issued_by,
                reason=reason.strip(),
            )
    except IntegrityError:
        return None  # issued at the same moment by another worker
    CertificateEvent.objects.create(
        certificate=certificate,
        action=CertificateAction.RENEW if renewal else CertificateAction.ISSUE,
        actor=issued_by,
        at=now,
        reason=reason.strip(),
    )
    if certificate.status == CertificateStatus.VALID:
        notify(
            user=person,
            event=Event.CERTIFICATE_ISSUED,
            key=certificate.pk,
            title=(
                _("Your certificate %(programme)s has been renewed")
                if held is not None
                else _("You have been awarded the certificate %(programme)s")
            ),
            body=_("Your certificate %(programme)s is on My training."),
            url=reverse("my_training"),
            params={"programme": programme.name},
        )
    return certificate


def certificates_issue_due(*, person: User) -> list[Certificate]:
    """Evaluate every programme that applies to `person` on the path that applies to them
    (`certification.renewal`) and issue the certificates whose requirements all hold (from the
    learning record): a first certificate, or a renewal of one whose recertification window is
    open — or again, after a certificate lapsed, once the re-training is done. Stores or
    clears each valid certificate's "update due by" date first (`certification.updates`).
    Idempotent: a certificate held is not issued again, and a renewal replaces the
    certificate it renews once. Returns the certificates issued now."""
    from certification.updates import certificates_update_sync

    certificates_update_sync(person=person)  # re-training done: "update due" cleared first
    issued = []
    for programme in applicable_programmes(person):
        standing = standing_for(person, programme)
        if standing.certificate is not None and not standing.renewal:
            continue  # held, and its recertification window is not open yet
        if not standing.met:
            continue
        certificate = certificate_issue(
            person=person,
            programme=programme,
            evidence=standing.status.evidence,
            renewing=standing.certificate,
        )
        if certificate is not None:
            issued.append(certificate)
    if issued:
        certificates_update_sync(person=person)  # a new certificate owing an update says so
    return issued


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, actor: User, reason: str) -> Certificate:
    """An administrator revokes a certificate, with a reason (required); written to the
    audit trail. The certificate stays on record, marked revoked."""
    if not actor.has_role(Role.ADMINISTRATOR):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the certificate is revoked.")})
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status == CertificateStatus.REVOKED:
        raise ValidationError(_("This certificate has already been revoked."))
    certificate.status = CertificateStatus.REVOKED
    certificate.save(update_fields=["status"])
    CertificateEvent.objects.create(
        certificate=certificate,
        action=CertificateAction.REVOKE,
        actor=actor,
        at=timezone.now(),
        reason=reason,
    )
    return certificate


def can_sign_off(observer: User, person: User) -> bool:
    """A manager of the person's team, a trainer or an administrator; never oneself."""
    if observer.pk == person.pk or not observer.is_active:
        return False
    if observer.has_role(*ADMIN_ROLES):
        return True
    return observer.has_role(Role.MANAGER) and can_view_user(observer, person)


@transaction.atomic
def signoff_record(
    *,
    person: User,
    programme: CertificationProgramme,
    observer: User,
    items: dict[str, bool],
    notes: str = "",
    signed_at: datetime.datetime | None = None,
) -> SupervisorSignOff:
    """A supervisor signs a person off for a programme: the sign-off is written to the
    learning record as an observation (passed when every item is ticked). Only a manager
    of the person's team, a trainer or an administrator may sign off."""
    if not can_sign_off(observer, person):
        raise PermissionDenied
    if not items:
        raise ValidationError(_("A sign-off ticks at least one checklist item."))
    signed_at = signed_at or timezone.now()
    signoff = SupervisorSignOff.objects.create(
        person=person,
        programme=programme,
        observer=observer,
        items=items,
        notes=notes,
        signed_at=signed_at,
    )
    record_result(
        user=person,
        source=signoff,
        kind=RecordKind.OBSERVATION,
        activity=programme,
        activity_title=programme.name,
        completed_at=signed_at,
        score=sum(bool(v) for v in items.values()) / len(items),
        passed=all(items.values()),
        details={
            "observer": observer.pk,
            "criteria": {item: 1.0 if ticked else 0.0 for item, ticked in items.items()},
            **({"notes": notes} if notes else {}),
        },
    )
    return signoff
