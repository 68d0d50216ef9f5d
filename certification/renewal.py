"""Which path a person is evaluated on for a programme, and which evidence is fresh enough.

- Holding a valid certificate whose recertification window is open (expires_at − the
  programme's window days): the **renewal path** (requirements marked "first certification and
  renewal" or "renewal only"), and its quiz, role-play and sign-off records count only when
  done after the window opened. Meeting it renews the certificate without a gap.
- Holding a valid certificate outside its window: nothing is due; the first-certification
  checklist is shown as it stands.
- No valid certificate: the **full path** (first certification). After a certificate that
  ended (expired, or lapsed for an overdue update), evidence from before that certificate's
  window opened is stale, as for a renewal — expiry would mean nothing if last year's quiz
  re-issued it; after a revoked one, evidence from before the revocation does not count (the
  next evaluation would otherwise undo it). Course completions and tenure count whenever.

Like Moodle Workplace's recertification: renewal runs on its own (usually shorter) path while
the certificate is still valid, and someone whose certificate expired certifies again through
the original, full path.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from certification.evaluation import ProgrammeStatus, evaluate
from certification.models import Certificate, CertificateStatus, CertificationProgramme
from training.models import User


def current_certificate(*, person: User, programme: CertificationProgramme, now=None):
    """The person's valid, unexpired certificate of the programme, or None."""
    now = now or timezone.now()
    certificate = (
        Certificate.objects.filter(
            person=person, programme=programme, status=CertificateStatus.VALID
        )
        .select_related("programme")
        .first()
    )
    if certificate is None or (certificate.expires_at and certificate.expires_at <= now):
        return None
    return certificate


def renewal_open(certificate: Certificate, *, now=None) -> bool:
    """Whether the certificate's recertification window is open now."""
    opens = certificate.recertification_opens_at
    return opens is not None and opens <= (now or timezone.now())


def _revoked_at(certificate: Certificate) -> datetime.datetime:
    if hasattr(certificate, "revoked_event_at"):  # read with a list (`for_lists`)
        at = certificate.revoked_event_at
    else:
        at = certificate.events.filter(action="revoke").values_list("at", flat=True).first()
    return at or certificate.issued_at


def fresh_since(
    *, person: User, programme: CertificationProgramme, now=None
) -> datetime.datetime | None:
    """For someone without a valid certificate: records before this do not count (None: all
    count). Read from their latest certificate of the programme (see the module's rules)."""
    now = now or timezone.now()
    last = (
        Certificate.objects.filter(person=person, programme=programme)
        .select_related("programme")
        .order_by("-issued_at", "-pk")
        .first()
    )
    return fresh_since_after(last, now=now)


def fresh_since_after(last: Certificate | None, *, now=None) -> datetime.datetime | None:
    """`fresh_since` when the person's latest certificate of the programme is known (a list of
    many people reads them all at once): None when there is none."""
    now = now or timezone.now()
    if last is None:
        return None
    if last.status == CertificateStatus.REVOKED:
        return _revoked_at(last)
    opens = last.recertification_opens_at
    return opens if opens is not None and opens <= now else None


@dataclass(frozen=True)
class Standing:
    """A person on one programme now: the certificate held (if any), whether they are on the
    renewal path (its window is open), and the checklist of that path."""

    status: ProgrammeStatus
    certificate: Certificate | None = None
    renewal: bool = False
    since: datetime.datetime | None = None

    @property
    def programme(self) -> CertificationProgramme:
        return self.status.programme

    @property
    def requirements(self):
        return self.status.requirements

    @property
    def done(self) -> int:
        return self.status.done

    @property
    def met(self) -> bool:
        return self.status.met

    @property
    def due_by(self) -> datetime.date | None:
        """A renewal: the date it must be done by (the certificate's expiry date)."""
        if not self.renewal or self.certificate is None:
            return None
        return timezone.localtime(self.certificate.expires_at).date()


def standing_for(
    person: User, programme: CertificationProgramme, *, now=None, today=None
) -> Standing:
    """How `person` stands on `programme` now, evaluated on the path that applies to them."""
    now = now or timezone.now()
    certificate = current_certificate(person=person, programme=programme, now=now)
    if certificate is not None:
        if renewal_open(certificate, now=now):
            since = certificate.recertification_opens_at
            status = evaluate(person, programme, today=today, renewal=True, since=since)
            return Standing(status, certificate, renewal=True, since=since)
        return Standing(evaluate(person, programme, today=today), certificate)
    since = fresh_since(person=person, programme=programme, now=now)
    return Standing(evaluate(person, programme, today=today, since=since), since=since)
