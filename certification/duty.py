"""Who is cleared for duty today: the supervisor's morning list.

A programme marked "required to take customers" (`CertificationProgramme.required_for_duty`,
上岗认证) gates duty: a person it applies to is cleared today when they hold a certificate of
it that is valid now (its stored expiry still ahead) — of every such programme, when several
are marked. Everyone else it applies to is not cleared, with the reason in a few words: the
certificate expired (and when), was revoked, or was never held (and how many requirements are
still missing, read from the learning record). People it does not apply to (a data analyst)
are not listed, only counted.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext, pgettext

from certification.batch import PrefetchedRecords
from certification.evaluation import evaluate
from certification.filters import PeopleFilterForm, visible_profiles
from certification.models import Certificate, CertificateStatus, CertificationProgramme
from training.models import AgentProfile, User

EXPIRING_DAYS = 7  # "expires within a week": the supervisor plans the rota around them
CHUNK = 500  # people evaluated at once


@dataclass(frozen=True)
class DutyEntry:
    """One person on the list: cleared or not, until when, and why not."""

    profile: AgentProfile
    cleared: bool
    expires_at: datetime.datetime | None = None  # the first of their duty certificates to end
    reasons: tuple[str, ...] = ()  # why not cleared, one per programme missing

    @property
    def person(self) -> User:
        return self.profile.user

    @property
    def expires_on(self) -> datetime.date | None:
        return timezone.localtime(self.expires_at).date() if self.expires_at else None


@dataclass(frozen=True)
class DutyList:
    today: datetime.date
    programmes: list[CertificationProgramme]  # the programmes that gate duty
    not_cleared: list[DutyEntry] = field(default_factory=list)
    expiring: list[DutyEntry] = field(default_factory=list)  # cleared; ends within 7 days
    cleared: list[DutyEntry] = field(default_factory=list)  # cleared, for longer than that
    not_applicable: int = 0  # people no duty programme applies to (not listed)

    @property
    def cleared_count(self) -> int:
        return len(self.cleared) + len(self.expiring)

    @property
    def entries(self) -> list[DutyEntry]:
        """Everyone listed, in the list's order: not cleared, expiring soon, cleared."""
        return [*self.not_cleared, *self.expiring, *self.cleared]


def duty_programmes() -> list[CertificationProgramme]:
    """The active programmes that gate duty."""
    return list(CertificationProgramme.objects.filter(active=True, required_for_duty=True))


def _reason(programme, certificates, status, named: bool) -> str:
    """Why a person does not hold `programme` now: their latest certificate's state, or,
    never having held one, how much is missing (`status`, read from the record)."""
    latest = certificates[0] if certificates else None  # newest first
    if latest is not None:
        if latest.state == CertificateStatus.EXPIRED and latest.expires_at:
            date = timezone.localtime(latest.expires_at).date().isoformat()
            reason = gettext("Expired on %(date)s") % {"date": date}
        elif latest.state == CertificateStatus.REVOKED:
            reason = gettext("Certificate revoked")
        else:
            reason = latest.get_state_display()
    elif status.met:
        reason = gettext("Every requirement met; the certificate is being issued")
    else:
        reason = gettext("Never certified: %(missing)s of %(total)s requirements missing") % {
            "missing": len(status.requirements) - status.done,
            "total": len(status.requirements),
        }
    return f"{programme.name}: {reason}" if named else reason


def _entries(profiles: list[AgentProfile], programmes, held) -> list[DutyEntry]:
    """The people's entries (each applies to at least one programme)."""
    missing: dict[int, list[CertificationProgramme]] = {}
    current: dict[int, list[Certificate]] = {}
    for profile in profiles:
        for programme in programmes:
            if not programme.applies_to(position=profile.position, tier=profile.tier):
                continue
            valid = next(
                (
                    c
                    for c in held.get((profile.user_id, programme.pk), [])
                    if c.state == CertificateStatus.VALID
                ),
                None,
            )
            if valid is None:
                missing.setdefault(profile.user_id, []).append(programme)
            else:
                current.setdefault(profile.user_id, []).append(valid)
    # Only a certificate never held needs the record read (how much is missing).
    to_evaluate = [
        p.user
        for p in profiles
        if any(not held.get((p.user_id, g.pk)) for g in missing.get(p.user_id, []))
    ]
    prefetched = PrefetchedRecords(
        people=to_evaluate, programmes=programmes, profiles=profiles, urls=False
    )
    entries = []
    for profile in profiles:
        person_id = profile.user_id
        if person_id in missing:
            named = len(missing[person_id]) + len(current.get(person_id, [])) > 1
            reasons = []
            for programme in missing[person_id]:
                certificates = held.get((person_id, programme.pk), [])
                status = (
                    None
                    if certificates
                    else evaluate(profile.user, programme, prefetched=prefetched)
                )
                reasons.append(_reason(programme, certificates, status, named))
            entries.append(DutyEntry(profile, False, reasons=tuple(reasons)))
        else:
            ends = [c.expires_at for c in current[person_id] if c.expires_at]
            entries.append(DutyEntry(profile, True, min(ends) if ends else None))
    return entries


def cleared_for_duty(*, viewer: User, filters: PeopleFilterForm | None = None) -> DutyList:
    """Who may take customers today among the people the viewer may see (managers: their
    teams; trainers and administrators: every team), narrowed by `filters`: those not
    cleared with the reason, those cleared whose certificate ends within 7 days (soonest
    first), and the others cleared. Reads a fixed number of queries per 500 people."""
    programmes = duty_programmes()
    today = timezone.localdate()
    if not programmes:
        return DutyList(today=today, programmes=[])
    people = visible_profiles(viewer=viewer, filters=filters)
    everyone = list(people)
    profiles = [
        p
        for p in everyone
        if any(g.applies_to(position=p.position, tier=p.tier) for g in programmes)
    ]
    held: dict[tuple[int, int], list[Certificate]] = {}
    for certificate in Certificate.objects.filter(
        programme__in=programmes, person__in=people.values("user_id")
    ):  # newest first
        held.setdefault((certificate.person_id, certificate.programme_id), []).append(certificate)
    soon = timezone.now() + datetime.timedelta(days=EXPIRING_DAYS)
    not_cleared, expiring, cleared = [], [], []
    for start in range(0, len(profiles), CHUNK):
        for entry in _entries(profiles[start : start + CHUNK], programmes, held):
            if not entry.cleared:
                not_cleared.append(entry)
            elif entry.expires_at is not None and entry.expires_at <= soon:
                expiring.append(entry)
            else:
                cleared.append(entry)
    return DutyList(
        today=today,
        programmes=programmes,
        not_cleared=not_cleared,
        expiring=sorted(expiring, key=lambda entry: entry.expires_at),
        cleared=cleared,
        not_applicable=len(everyone) - len(profiles),
    )


def duty_rows(
    *, viewer: User, filters: PeopleFilterForm | None = None
) -> tuple[list[str], list[list[str]]]:
    """The list as a spreadsheet: one row per person listed, in the list's order."""
    duty = cleared_for_duty(viewer=viewer, filters=filters)
    headers = [
        gettext("Team"),
        gettext("Employee number"),
        pgettext("person", "Name"),
        gettext("Position"),
        gettext("Tier"),
        gettext("Cleared for duty today"),
        gettext("Details"),
    ]
    rows = []
    for entry in duty.entries:
        profile = entry.profile
        if entry.cleared:
            details = (
                gettext("Expires on %(date)s") % {"date": entry.expires_on.isoformat()}
                if entry.expires_on
                else gettext("Does not expire")
            )
        else:
            details = pgettext("between clauses", "; ").join(entry.reasons)
        rows.append(
            [
                profile.team.name,
                profile.employee_no,
                profile.user.get_full_name(),
                profile.get_position_display(),
                profile.get_tier_display(),
                gettext("Yes") if entry.cleared else gettext("No"),
                details,
            ]
        )
    return headers, rows
