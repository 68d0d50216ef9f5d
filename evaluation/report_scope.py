"""Whose results an evaluation report covers: everyone, or the members of a set of teams.

A report is computed for a *scope*, not for a viewer, so that it can be computed ahead of
time (`evaluation.snapshots`) and read by everyone whose view it is:

- trainers and administrators (who see everyone): everyone, or one team when they filter;
- managers: the members of the teams they manage (the set of them, or the one they filter);
- a team the viewer may not see, or a manager without teams: nobody.

A scope only ever narrows what `training.access` lets the viewer see; it is never widened.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from training.access import sees_everyone, visible_teams
from training.models import Team, User

ALL = "all"


@dataclass(frozen=True)
class ReportScope:
    """`teams` None: everyone; a tuple of team ids (sorted): their members; () nobody."""

    teams: tuple[int, ...] | None

    @property
    def key(self) -> str:
        """The snapshot key: "all", "teams:3,7" (hashed when very long) or "none"."""
        if self.teams is None:
            return ALL
        if not self.teams:
            return "none"
        key = "teams:" + ",".join(str(pk) for pk in self.teams)
        if len(key) > 200:
            key = "teams#" + hashlib.sha256(key.encode()).hexdigest()
        return key

    @property
    def nobody(self) -> bool:
        return self.teams == ()

    def people(self):
        """The people of the scope, as a queryset (read as a subquery)."""
        if self.teams is None:
            return User.objects.all()
        if not self.teams:
            return User.objects.none()
        return User.objects.filter(profile__team_id__in=self.teams)


EVERYONE = ReportScope(None)
NOBODY = ReportScope(())


def team_scope(team: Team | int) -> ReportScope:
    return ReportScope((getattr(team, "pk", team),))


def report_scope(*, viewer: User, team: Team | None = None) -> ReportScope:
    """The scope of `viewer`'s report, narrowed to `team` when given (a team outside the
    viewer's scope gives nobody)."""
    teams = visible_teams(viewer)
    if team is not None:
        return team_scope(team) if teams.filter(pk=team.pk).exists() else NOBODY
    if sees_everyone(viewer):
        return EVERYONE
    return ReportScope(tuple(sorted(teams.values_list("pk", flat=True))))
