"""The daily round of certificates: recertification windows opening (the renewal path's
courses assigned, holder and managers told), reminders before expiry, and expiry itself. Run
by Celery beat (`certification.daily`, which then lapses overdue updates:
`certification.updates`).

Idempotent and safe to run late: each notification is keyed by the certificate (and the
reminder's tier), and a certificate is expired once; a missed day catches up on the next run
(a certificate past its date is expired then; a late reminder is sent for the tier the
certificate is in now, not for every tier it passed).
"""

from __future__ import annotations

import datetime
import math

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certification.models import (
    Certificate,
    CertificateAction,
    CertificateEvent,
    CertificateStatus,
)
from training.assignments import assignment_create_automatic
from training.models import AgentProfile
from training.notifications import Event, notify

REMINDER_DAYS = (30, 7, 1)  # before expiry; the smallest tier reached is sent


def team_managers(person) -> list:
    profile = AgentProfile.objects.filter(user=person).select_related("team").first()
    return list(profile.team.managers.all()) if profile and profile.team else []


def tell_holder_and_managers(
    certificate: Certificate, *, event: str, holder: tuple, managers: tuple, params: dict
) -> int:
    """One notification to the certificate's holder (`holder`: title and body, linking to My
    training) and one to each manager of their team (`managers`: title and body, linking to
    the holder's member page), keyed by the certificate. Returns how many were written."""
    person = certificate.person
    written = bool(
        notify(
            user=person,
            event=event,
            key=certificate.pk,
            title=holder[0],
            body=holder[1],
            url=reverse("my_training"),
            params=params,
        )
    )
    for manager in team_managers(person):
        written += bool(
            notify(
                user=manager,
                event=event,
                key=certificate.pk,
                title=managers[0],
                body=managers[1],
                url=reverse("team_member", args=[person.pk]),
                params=params,
            )
        )
    return written


def certificates_expire_due(*, now: datetime.datetime | None = None) -> int:
    """Mark valid certificates past their stored expiry date expired (with an audit event) and
    tell their holders. Returns how many were expired."""
    now = now or timezone.now()
    expired = 0
    due = Certificate.objects.filter(status=CertificateStatus.VALID, expires_at__lte=now)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            certificate = (
                Certificate.objects.select_for_update()
                .select_related("person", "programme")
                .filter(pk=pk, status=CertificateStatus.VALID, expires_at__lte=now)
                .first()
            )
            if certificate is None:
                continue  # expired, revoked or renewed meanwhile
            certificate.status = CertificateStatus.EXPIRED
            certificate.save(update_fields=["status"])
            CertificateEvent.objects.create(
                certificate=certificate,
                action=CertificateAction.EXPIRE,
                at=now,
            )
            notify(
                user=certificate.person,
                event=Event.CERTIFICATE_EXPIRED,
                key=certificate.pk,
                title=_("Your certificate %(programme)s has expired"),
                body=_("Complete the requirements again to be re-certified."),
                url=reverse("my_training"),
                params={"programme": certificate.programme.name},
            )
            expired += 1
    return expired


def _renewal_pages(certificate: Certificate) -> list:
    """The assignable activities (courses, programmes) on the programme's renewal path."""
    requirements = certificate.programme.requirements.filter(page__isnull=False).select_related(
        "page"
    )
    pages = [r.page.specific for r in requirements if r.on_path(renewal=True) and r.page.live]
    return [page for page in pages if getattr(page, "is_assignable", False)]


def recertification_open(*, certificate: Certificate, now: datetime.datetime) -> int:
    """The certificate's recertification window is open: once, the renewal path's courses are
    assigned to the holder, due on the expiry date; the holder and their team's managers are
    told (one notification each, keyed by the certificate). Returns how many were written."""
    with transaction.atomic():
        opening = (
            Certificate.objects.select_for_update()
            .filter(
                pk=certificate.pk,
                status=CertificateStatus.VALID,
                recertification_opened_at__isnull=True,
            )
            .first()
        )
        if opening is not None:
            opening.recertification_opened_at = now
            opening.save(update_fields=["recertification_opened_at"])
            due = timezone.localtime(certificate.expires_at).date()
            for page in _renewal_pages(certificate):
                # Told once, below, with the recertification: not once per course as well.
                assignment_create_automatic(
                    page=page, people=[certificate.person], due_date=due, tell=False
                )
    params = {
        "programme": certificate.programme.name,
        "date": timezone.localtime(certificate.expires_at).date().isoformat(),
        "person": certificate.person.get_full_name(),
    }
    return tell_holder_and_managers(
        certificate,
        event=Event.RECERTIFICATION_OPEN,
        holder=(
            _("Recertification is open: %(programme)s"),
            _(
                "Your certificate expires on %(date)s. Renew it by then: what the renewal "
                "asks, and the training assigned for it, is under My certificates on My "
                "training."
            ),
        ),
        managers=(
            _("Recertification is open: %(programme)s of %(person)s"),
            _("The certificate expires on %(date)s."),
        ),
        params=params,
    )


def certificates_remind(*, now: datetime.datetime | None = None) -> int:
    """Tell holders their certificate expires soon (30, 7 and 1 days before), and open the
    recertification window when it comes (`recertification_open`: the renewal path assigned,
    the holder and their team's managers told). Returns how many notifications were written."""
    now = now or timezone.now()
    horizon = now + datetime.timedelta(days=max(REMINDER_DAYS + (365,)))
    written = 0
    soon = Certificate.objects.filter(
        status=CertificateStatus.VALID, expires_at__gt=now, expires_at__lte=horizon
    ).select_related("person", "programme")
    for certificate in soon:
        days_left = math.ceil((certificate.expires_at - now) / datetime.timedelta(days=1))
        params = {
            "programme": certificate.programme.name,
            "date": timezone.localtime(certificate.expires_at).date().isoformat(),
        }
        if days_left <= certificate.programme.recertification_window_days:
            written += recertification_open(certificate=certificate, now=now)
        tiers = [days for days in REMINDER_DAYS if days_left <= days]
        if tiers:
            tier = min(tiers)
            written += bool(
                notify(
                    user=certificate.person,
                    event=Event.CERTIFICATE_EXPIRING,
                    key=f"{certificate.pk}:{tier}",
                    title=_("Your certificate %(programme)s expires on %(date)s"),
                    body=_("Complete the recertification before then to stay certified."),
                    url=reverse("my_training"),
                    params=params,
                )
            )
    return written
