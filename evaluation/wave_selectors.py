"""What people see of the evaluation waves: a learner's tasks, the evaluations waiting for a
manager, a member's waves. Each takes the viewing user and shows only what they may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from evaluation.levels import response_rate
from evaluation.models import WaveInstance, WaveStatus
from evaluation.waves import wave_instruments
from training.access import can_view_user, visible_users
from training.models import AgentProfile


@dataclass(frozen=True)
class Task:
    """One instrument of one wave, as its page lists it."""

    key: str
    label: str
    level: int
    who: str
    url: str  # empty when the viewer is not the one to do it
    done: bool
    revisable: bool = False  # done, it may be done again while the wave is open

    @property
    def can_do(self) -> bool:
        """Whether it is (still) there to do, while its wave is open: not done, or done but
        revisable."""
        return not self.done or self.revisable


@dataclass(frozen=True)
class WaveTasks:
    wave: WaveInstance
    tasks: list[Task]

    @property
    def pending(self) -> list[Task]:
        return [task for task in self.tasks if not task.done]


def _tasks(instance: WaveInstance, *, who: str | None = None, links_for=()) -> list[Task]:
    return [
        Task(
            key=instrument.key,
            label=str(instrument.label),
            level=instrument.level,
            who=instrument.who,
            url=instrument.url(instance) if instrument.who in links_for else "",
            done=instrument.done(instance),
            revisable=instrument.revisable,
        )
        for instrument in wave_instruments(instance, who=who)
    ]


def _manages(viewer, person) -> bool:
    return AgentProfile.objects.filter(user=person, team__managers=viewer).exists()


def evaluation_tasks_for_learner(*, viewer) -> list[WaveTasks]:
    """The viewer's open waves that ask something of them, closing soonest first."""
    waves = WaveInstance.objects.filter(person=viewer, status=WaveStatus.OPEN).select_related(
        "person", "course"
    )
    found = []
    for wave in waves.order_by("closes_on", "pk"):
        tasks = _tasks(wave, who="learner", links_for=("learner",))
        if tasks:
            found.append(WaveTasks(wave, tasks))
    return found


def evaluations_waiting_for_manager(*, viewer) -> list[WaveTasks]:
    """The open waves of the members of the teams the viewer manages with a supervisor
    instrument not done yet, closing soonest first."""
    members = AgentProfile.objects.filter(team__managers=viewer).values("user_id")
    waves = (
        WaveInstance.objects.filter(person__in=members, status=WaveStatus.OPEN)
        .exclude(person=viewer)
        .select_related("person", "course")
        .order_by("closes_on", "pk")
    )
    found = []
    for wave in waves:
        tasks = _tasks(wave, who="supervisor", links_for=("supervisor",))
        if any(not task.done for task in tasks):
            found.append(WaveTasks(wave, tasks))
    return found


def evaluation_waves_for_member(*, viewer, member) -> list[WaveTasks]:
    """A member's waves that have opened (open first, then the closed ones, newest first),
    with every instrument each asks for; the viewer gets a link to what is theirs to do."""
    if not can_view_user(viewer, member):
        raise PermissionDenied
    links_for = []
    if viewer.pk == member.pk:
        links_for.append("learner")
    if _manages(viewer, member):
        links_for.append("supervisor")
    waves = WaveInstance.objects.filter(
        person=member, status__in=[WaveStatus.OPEN, WaveStatus.CLOSED]
    ).select_related("person", "course")
    ordered = sorted(waves, key=lambda w: (w.status != WaveStatus.OPEN, -w.opens_on.toordinal()))
    return [WaveTasks(wave, _tasks(wave, links_for=tuple(links_for))) for wave in ordered]


@dataclass(frozen=True)
class Responses:
    """How many closed waves asked for an instrument, and in how many it was done."""

    key: str
    label: str
    asked: int
    answered: int

    @property
    def rate(self) -> float | None:
        return response_rate(self.answered, self.asked)


def wave_response_rates(*, viewer, course, wave: str) -> list[Responses]:
    """For one wave of one course, over the closed waves of the people the viewer may see:
    each instrument asked, how often, and how often it was done (the response rate)."""
    closed = WaveInstance.objects.filter(
        course=course, wave=wave, status=WaveStatus.CLOSED, person__in=visible_users(viewer)
    ).select_related("person", "course")
    counts: dict[str, list] = {}
    for instance in closed:
        for instrument in wave_instruments(instance):
            entry = counts.setdefault(instrument.key, [str(instrument.label), 0, 0])
            entry[1] += 1
            entry[2] += bool(instrument.done(instance))
    return [
        Responses(key, label, asked, answered)
        for key, (label, asked, answered) in counts.items()
    ]
