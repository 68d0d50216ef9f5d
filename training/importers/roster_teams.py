"""The teams a roster would create: named before the import, created only when confirmed.

A roster row whose team does not exist would otherwise create it silently, and a typo in a
team's name would become a team nobody leads. The upload page lists the new teams
(`roster_new_teams`) and holds the file (`roster_upload_hold`) until the uploader confirms
(`roster_upload_take`); the import then refuses any other new team (`unconfirmed_teams`).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import gettext

from training.importers.errors import ImportProblem
from training.models import Team
from training.roles import Role
from training.services import PersonData
from training.text import join_names

# A held upload waits this long for its uploader to confirm the new teams.
HELD_UPLOAD_SECONDS = 3600


def unconfirmed_teams(
    people: list[tuple[int, PersonData]], header: str, confirmed: set[str]
) -> list[ImportProblem]:
    """A problem for each (line, person) whose team neither exists nor was confirmed."""
    existing = _existing_teams(person.team for _line, person in people)
    return [
        ImportProblem(
            line,
            header,
            gettext(
                "There is no team “%(team)s”. Check its spelling; to create it, upload the "
                "file again and confirm the new team."
            )
            % {"team": person.team},
        )
        for line, person in people
        if person.team and person.team not in existing and person.team not in confirmed
    ]


def _existing_teams(names) -> set[str]:
    return set(Team.objects.filter(name__in=set(names)).values_list("name", flat=True))


@dataclass(frozen=True)
class NewTeam:
    """A team the roster names that does not exist yet, with the managers the file gives it."""

    name: str
    managers: tuple[str, ...]


def roster_new_teams(*, people: list[PersonData]) -> list[NewTeam]:
    """The teams an import of `people` would create, in the order the file names them."""
    existing = _existing_teams(person.team for person in people)
    managers: dict[str, list[str]] = {}
    for person in people:
        if person.team and person.team not in existing:
            names = managers.setdefault(person.team, [])
            if person.role == Role.MANAGER:
                names.append(person.name)
    return [NewTeam(name=name, managers=tuple(names)) for name, names in managers.items()]


def new_teams_sentence(teams: list[NewTeam]) -> str:
    """ "These teams will be created: 售后服务三组 (no manager), …" in the reader's language."""
    labels = [
        gettext("%(team)s (manager: %(names)s)")
        % {
            "team": team.name,
            "names": join_names(team.managers),
        }
        if team.managers
        else gettext("%(team)s (no manager)") % {"team": team.name}
        for team in teams
    ]
    return gettext("These teams will be created: %(teams)s") % {"teams": join_names(labels)}


@dataclass(frozen=True)
class HeldUpload:
    filename: str
    data: bytes
    new_teams: list[str]


def _held_key(token: str) -> str:
    return f"training:roster-upload:{token}"


def roster_upload_hold(*, user_id: int, filename: str, data: bytes, new_teams: list[str]) -> str:
    """Keep an upload (in the cache, never in public media) until its uploader confirms the
    new teams; returns the token that `roster_upload_take` needs."""
    token = secrets.token_urlsafe(24)
    held = {"user": user_id, "filename": filename, "data": data, "new_teams": new_teams}
    cache.set(_held_key(token), held, HELD_UPLOAD_SECONDS)
    return token


def roster_upload_take(*, user_id: int, token: str) -> HeldUpload | None:
    """The held upload, removed from the cache: None when it expired or is someone else's."""
    key = _held_key(token)
    held = cache.get(key)
    if held is None or held["user"] != user_id:
        return None
    cache.delete(key)
    return HeldUpload(filename=held["filename"], data=held["data"], new_teams=held["new_teams"])
