"""Whether a person meets a programme's requirements, read from the learning record only.

Every answer here comes from `training.records` (the read API of the learning record) and,
for tenure, the person's hire date: never from quiz, role-play or course tables. What each
kind of record carries is documented in `training.record_details`:

- course completed: a passing `course` record of the course page, and no re-training in it
  overdue (a change that required re-training, read through `training.assignments`);
- quiz passed: a passing, final (not provisional) `quiz` record with score >= the minimum;
- role-play: a passing, final `roleplay` record in mode "assessment" with total >= the
  minimum and no critical violation (`details["violations"]` empty);
- supervisor sign-off: a passing `observation` record of the programme whose criteria tick
  every item of the current checklist (certification writes it, `services.signoff_record`);
- tenure: the hire date is at least that many days ago.

A renewal (`renewal=True`) evaluates the programme's renewal path only, and a `since` cut-off
keeps the quiz, role-play and sign-off records done before it out (fresh evidence); a course
completion and tenure count whenever they happened. `certification.renewal` decides both.

For one person, `evaluate` reads as it goes (a few queries per programme). For many — the
matrix, the cleared-for-duty list — `batch.PrefetchedRecords` reads everything the rules need
for all of them in a fixed number of queries, and `evaluate(..., prefetched=...)` reads from
it: the rules are the same code either way, only where their records come from changes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace

from django.utils import timezone
from django.utils.translation import gettext as _

from certification.batch import PrefetchedRecords, read_page_url
from certification.criterion_minimums import criteria_label, current_minimums
from certification.models import (
    FRESH_KINDS,
    PAGE_KINDS,
    CertificationProgramme,
    ProgrammeRequirement,
    RequirementKind,
)
from training.assignments import training_updates_for
from training.models import AgentProfile, RecordKind, User
from training.records import passing_records as _passing_records_of_one


@dataclass(frozen=True)
class RequirementStatus:
    """One requirement for one person: met or not, and what is missing and where to do it."""

    requirement_id: int
    kind: str
    label: str
    met: bool
    missing: str = ""  # what is still missing, in words, when not met
    url: str = ""  # where to do it (the activity's page), when there is one
    record_ids: tuple[int, ...] = ()  # the learning records it is met by
    met_at: datetime.datetime | None = None


@dataclass(frozen=True)
class ProgrammeStatus:
    programme: CertificationProgramme
    requirements: list[RequirementStatus] = field(default_factory=list)

    @property
    def met(self) -> bool:
        return bool(self.requirements) and all(r.met for r in self.requirements)

    @property
    def done(self) -> int:
        return sum(r.met for r in self.requirements)

    @property
    def evidence(self) -> list[int]:
        return sorted({pk for r in self.requirements for pk in r.record_ids})

    @property
    def met_at(self) -> datetime.datetime | None:
        """When the last requirement came to hold (None unless all hold)."""
        if not self.met:
            return None
        return max((r.met_at for r in self.requirements if r.met_at), default=None)


# The batch `evaluate` was given, for the rules below to read from (None: read as they go).
_prefetched: ContextVar[PrefetchedRecords | None] = ContextVar("prefetched", default=None)


@contextmanager
def _reading_from(prefetched: PrefetchedRecords | None) -> Iterator[None]:
    token = _prefetched.set(prefetched)
    try:
        yield
    finally:
        _prefetched.reset(token)


def _batch_for(person: User) -> PrefetchedRecords | None:
    prefetched = _prefetched.get()
    return prefetched if prefetched is not None and prefetched.holds(person) else None


def passing_records(*, user: User, activities, kind=None) -> list:
    """The person's passing records of these activities (`training.records.passing_records`),
    from the batch `evaluate` was given when there is one."""
    prefetched = _batch_for(user)
    if prefetched is not None:
        return prefetched.passing_records(user=user, activities=activities, kind=kind)
    return _passing_records_of_one(user=user, activities=activities, kind=kind)


def _requirements(programme: CertificationProgramme) -> list[ProgrammeRequirement]:
    prefetched = _prefetched.get()
    if prefetched is not None and (known := prefetched.requirements(programme)) is not None:
        return known
    return list(programme.requirements.select_related("page").order_by("sort_order", "pk"))


def _profile(person: User) -> AgentProfile | None:
    prefetched = _batch_for(person)
    if prefetched is not None:
        return prefetched.profile(person)
    return AgentProfile.objects.filter(user=person).first()


def applicable_programmes(person: User) -> list[CertificationProgramme]:
    """The active programmes that apply to the person's position and tier."""
    profile = _profile(person)
    position = profile.position if profile else None
    tier = profile.tier if profile else None
    return [
        programme
        for programme in CertificationProgramme.objects.filter(active=True)
        if programme.applies_to(position=position, tier=tier)
    ]


def _final(record) -> bool:
    return not (record.details or {}).get("provisional", False)


def _score_ok(record, minimum: int | None) -> bool:
    return minimum is None or (record.score or 0) * 100 >= minimum - 1e-9


def _update_owed(person: User, page):
    """Re-training owed on the course after a change (`training.assignments.TrainingUpdate`),
    from the batch `evaluate` was given when there is one."""
    prefetched = _batch_for(person)
    if prefetched is not None:
        return prefetched.update_owed(person, page)
    return training_updates_for(page=page, users=[person]).get(person.pk)


def _page_url(requirement: ProgrammeRequirement) -> str:
    prefetched = _prefetched.get()
    if prefetched is not None:
        return prefetched.page_url(requirement)
    return read_page_url(requirement)


def _by_records(requirement, label, records, missing, since=None) -> RequirementStatus:
    url = _page_url(requirement)
    if since is not None and requirement.kind in FRESH_KINDS:
        records = [record for record in records if record.completed_at >= since]
    if not records:
        return RequirementStatus(requirement.pk, requirement.kind, label, False, missing, url)
    first = min(records, key=lambda record: (record.completed_at, record.pk))
    return RequirementStatus(
        requirement.pk, requirement.kind, label, True, "", url, (first.pk,), first.completed_at
    )


def _course(person, requirement, today=None) -> RequirementStatus:
    title = requirement.page.title
    records = passing_records(user=person, activities=[requirement.page], kind=RecordKind.COURSE)
    status = _by_records(
        requirement,
        _("Complete the course “%(title)s”") % {"title": title},
        records,
        _("Not completed yet."),
    )
    # A change that required re-training, not done by its due date: not met until it is.
    update = _update_owed(person, requirement.page)
    if status.met and update is not None and today is not None and update.due_on < today:
        missing = _("The update training was due by %(date)s and is not done yet.") % {
            "date": update.due_on.isoformat()
        }
        return replace(status, met=False, missing=missing, record_ids=(), met_at=None)
    return status


def _quiz(person, requirement, since=None) -> RequirementStatus:
    title, minimum = requirement.page.title, requirement.min_score
    records = [
        record
        for record in passing_records(
            user=person, activities=[requirement.page], kind=RecordKind.QUIZ
        )
        if _final(record) and _score_ok(record, minimum)
    ]
    if minimum is None:
        label = _("Pass the quiz “%(title)s”") % {"title": title}
        missing = _("Not passed yet.")
    else:
        label = _("Pass the quiz “%(title)s” with at least %(min)s%%") % {
            "title": title,
            "min": minimum,
        }
        missing = _("Not yet passed with at least %(min)s%%.") % {"min": minimum}
    return _by_records(requirement, label, records, missing, since)


def _criteria_ok(record, minimums: list[tuple[str, str, int]]) -> bool:
    # Each criterion with a minimum was scored (None: not on the path taken) and reached it.
    scores = (record.details or {}).get("criteria") or {}
    return all(
        scores.get(key) is not None and scores[key] * 100 >= minimum - 1e-9
        for key, _name, minimum in minimums
    )


def _roleplay(person, requirement, since=None) -> RequirementStatus:
    title, minimum = requirement.page.title, requirement.min_score
    minimums = current_minimums(requirement)
    records = [
        record
        for record in passing_records(
            user=person, activities=[requirement.page], kind=RecordKind.ROLEPLAY
        )
        if (record.details or {}).get("mode") == "assessment"
        and _final(record)
        and not (record.details or {}).get("violations")
        and _score_ok(record, minimum)
        and _criteria_ok(record, minimums)
    ]
    if minimum is None:
        label = _("Pass the assessed role-play “%(title)s”") % {"title": title}
    else:
        label = _("Pass the assessed role-play “%(title)s” with a total of at least %(min)s%%") % {
            "title": title,
            "min": minimum,
        }
    missing = _("No assessed attempt passed yet without a critical violation.")
    if minimums:
        label = criteria_label(label, minimums)
        missing = _(
            "No assessed attempt passed yet with every criterion at its minimum and without a "
            "critical violation."
        )
    return _by_records(requirement, label, records, missing, since)


def _signoff(person, requirement, since=None) -> RequirementStatus:
    items = requirement.checklist_items
    records = [
        record
        for record in passing_records(
            user=person, activities=[requirement.programme], kind=RecordKind.OBSERVATION
        )
        if all(((record.details or {}).get("criteria") or {}).get(item) == 1 for item in items)
    ]
    return _by_records(
        requirement,
        _("Supervisor's on-the-job sign-off: %(items)s") % {"items": "；".join(items)},
        records,
        _("Not signed off by a supervisor yet."),
        since,
    )


def _tenure(person, requirement, today: datetime.date) -> RequirementStatus:
    profile = _profile(person)
    label = _("At least %(days)s days since joining") % {"days": requirement.days}
    hired = profile.hire_date if profile else None
    if hired is None:
        missing = _("The hire date is not on record.")
        return RequirementStatus(requirement.pk, requirement.kind, label, False, missing)
    due = hired + datetime.timedelta(days=requirement.days)
    if due > today:
        missing = _("From %(date)s.") % {"date": due.isoformat()}
        return RequirementStatus(requirement.pk, requirement.kind, label, False, missing)
    met_at = timezone.make_aware(datetime.datetime.combine(due, datetime.time.min))
    return RequirementStatus(requirement.pk, requirement.kind, label, True, met_at=met_at)


def evaluate(
    person: User,
    programme: CertificationProgramme,
    *,
    today: datetime.date | None = None,
    renewal: bool = False,
    since: datetime.datetime | None = None,
    prefetched: PrefetchedRecords | None = None,
) -> ProgrammeStatus:
    """Each of the programme's requirements for `person`, met or missing (and what is
    missing, with a link to the activity where there is one), from the learning record.
    With `prefetched` (read for many people at once), it reads from that and not the database.

    An internal read (it answers a rule's question): a page shows it through
    `selectors.my_certification` or another selector that takes the viewing user.

    `renewal`: the renewal path's requirements instead of the first certification's; `since`:
    quiz, role-play and sign-off records done before it do not count (fresh evidence)."""
    with _reading_from(prefetched):
        return _evaluate(person, programme, today=today, renewal=renewal, since=since)


def _evaluate(
    person: User,
    programme: CertificationProgramme,
    *,
    today: datetime.date | None,
    renewal: bool,
    since: datetime.datetime | None,
) -> ProgrammeStatus:
    today = today or timezone.localdate()
    statuses = []
    for requirement in _requirements(programme):
        kind = requirement.kind
        if kind in PAGE_KINDS and requirement.page is None:
            continue
        if not requirement.on_path(renewal=renewal):
            continue
        if kind == RequirementKind.COURSE:
            statuses.append(_course(person, requirement, today))
        elif kind == RequirementKind.QUIZ:
            statuses.append(_quiz(person, requirement, since))
        elif kind == RequirementKind.ROLEPLAY:
            statuses.append(_roleplay(person, requirement, since))
        elif kind == RequirementKind.SIGNOFF:
            statuses.append(_signoff(person, requirement, since))
        elif kind == RequirementKind.TENURE:
            statuses.append(_tenure(person, requirement, today))
    return ProgrammeStatus(programme=programme, requirements=statuses)
