"""Certification's reads for pages: they take the viewing user."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone

from certification.evaluation import applicable_programmes
from certification.models import Certificate, CertificateStatus
from certification.renewal import Standing, standing_for
from training.access import can_view_user
from training.models import User


@dataclass(frozen=True)
class PersonCertification:
    """A person's standing: each programme that applies with the checklist of the path they
    are on (first certification, or renewal when its window is open), and every certificate
    they ever held (newest first)."""

    programmes: list[Standing]
    certificates: list[Certificate]
    held_programme_ids: frozenset[int]


def certificates_for(*, viewer: User, person: User) -> QuerySet[Certificate]:
    """Every certificate `person` ever held, newest first; only for people the viewer may see."""
    if not can_view_user(viewer, person):
        raise PermissionDenied
    return Certificate.objects.filter(person=person).select_related("programme")


def certification_for(*, viewer: User, person: User) -> PersonCertification:
    """`person`'s programmes, checklists and certificates, as `viewer` may see them."""
    certificates = list(certificates_for(viewer=viewer, person=person))
    now = timezone.now()
    held = frozenset(
        c.programme_id
        for c in certificates
        if c.status == CertificateStatus.VALID and (c.expires_at is None or c.expires_at > now)
    )
    programmes = [
        standing_for(person, programme, now=now) for programme in applicable_programmes(person)
    ]
    return PersonCertification(programmes, certificates, held)


def my_certification(*, viewer: User) -> PersonCertification:
    """The viewer's own programmes, checklists and certificates (My training)."""
    return certification_for(viewer=viewer, person=viewer)
