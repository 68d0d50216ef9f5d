"""Evaluating many people at once: what `evaluation.evaluate` reads, read for all of them in
a fixed number of queries (the matrix and the cleared-for-duty list at thousands of agents).

`evaluate(person, programme, prefetched=PrefetchedRecords(...))` answers exactly what
`evaluate(person, programme)` answers (a test compares them on a mixed population); only
where the records, the profile and the requirements come from changes.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType

from certification.models import (
    PAGE_KINDS,
    CertificationProgramme,
    ProgrammeRequirement,
    RequirementKind,
)
from training.assignments import training_updates_for
from training.models import AgentProfile, RecordKind, User
from training.records import passing_records_for_people

# The kinds of record the requirements read.
RECORD_KINDS = (RecordKind.COURSE, RecordKind.QUIZ, RecordKind.ROLEPLAY, RecordKind.OBSERVATION)


def _activity_key(activity) -> tuple[int, str]:
    # A page knows its specific type even when read as a plain `Page`, as the record stores it.
    type_id = getattr(activity, "content_type_id", None) or (
        ContentType.objects.get_for_model(activity, for_concrete_model=False).pk
    )
    return type_id, str(activity.pk)


class PrefetchedRecords:
    """Everything `evaluate` reads about these people for these programmes, read once: the
    programmes' requirements with their pages, the people's profiles (unless given) and their
    passing records of every activity the requirements name — three queries however many
    people, so a matrix of thousands costs what a matrix of three does. With `urls=False` the
    requirements carry no link to their activity's page."""

    def __init__(
        self,
        *,
        people: Iterable[User],
        programmes: Iterable[CertificationProgramme],
        profiles: Iterable[AgentProfile] | None = None,
        urls: bool = True,
    ):
        people, programmes = list(people), list(programmes)
        # Each page's URL reads the site's root paths from the cache (in production a query or
        # a Redis hit per page): a list that links no activity (the matrix) does without.
        self._with_urls = urls
        self._people = {person.pk for person in people}
        by_id = {programme.pk: programme for programme in programmes}
        self._requirements: dict[int, list[ProgrammeRequirement]] = {pk: [] for pk in by_id}
        activities = []
        for requirement in (
            ProgrammeRequirement.objects.filter(programme__in=by_id)
            .select_related("page")
            .order_by("sort_order", "pk")
        ):
            requirement.programme = by_id[requirement.programme_id]
            self._requirements[requirement.programme_id].append(requirement)
            if requirement.kind == RequirementKind.SIGNOFF:
                activities.append(requirement.programme)
            elif requirement.kind in PAGE_KINDS and requirement.page is not None:
                activities.append(requirement.page)
        if profiles is None:
            profiles = AgentProfile.objects.filter(user__in=self._people)
        self._profiles = {profile.user_id: profile for profile in profiles}
        self._records: dict[tuple, list] = {}
        for user_id, records in passing_records_for_people(
            users=self._people, activities=activities, kinds=RECORD_KINDS
        ).items():
            for record in records:  # newest first, as `passing_records` answers
                key = (user_id, record.activity_type_id, record.activity_id, record.kind)
                self._records.setdefault(key, []).append(record)
        self._urls: dict[int, str] = {}
        # Re-training owed on each course a requirement names, for all the people at once.
        self._updates: dict[int, dict] = {}
        courses = {
            r.page_id: r.page
            for reqs in self._requirements.values()
            for r in reqs
            if r.kind == RequirementKind.COURSE and r.page is not None
        }
        for page_id, page in courses.items():
            self._updates[page_id] = training_updates_for(page=page, users=people)

    def holds(self, person: User) -> bool:
        return person.pk in self._people

    def requirements(self, programme: CertificationProgramme) -> list[ProgrammeRequirement] | None:
        """The programme's requirements, None for a programme the batch was not read for."""
        return self._requirements.get(programme.pk)

    def profile(self, person: User) -> AgentProfile | None:
        return self._profiles.get(person.pk)

    def passing_records(self, *, user: User, activities, kind=None) -> list:
        found = []
        for activity in activities:
            type_id, activity_id = _activity_key(activity)
            kinds = [kind] if kind is not None else RECORD_KINDS
            for each in kinds:
                found += self._records.get((user.pk, type_id, activity_id, each), [])
        return sorted(found, key=lambda record: (record.completed_at, record.pk), reverse=True)

    def update_owed(self, person: User, page):
        """The re-training owed on the course page after a change, or None."""
        return self._updates.get(page.pk, {}).get(person.pk)

    def page_url(self, requirement: ProgrammeRequirement) -> str:
        if not self._with_urls:
            return ""
        if requirement.pk not in self._urls:
            self._urls[requirement.pk] = read_page_url(requirement)
        return self._urls[requirement.pk]


def read_page_url(requirement: ProgrammeRequirement) -> str:
    """Where to do a requirement: its page's URL, when the page is live."""
    page = requirement.page
    return (page.url or "") if page is not None and page.live else ""
