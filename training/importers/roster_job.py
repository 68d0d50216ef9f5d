"""The roster import as an import job: HR's file creates and updates people in the background.

Invitations go out once, when the job's transaction commits (`queue_invitations`); a job
delivered twice is not run twice, so nobody is invited twice. The job creates only the new
teams the uploader confirmed (option `new_teams`, asked on the upload page); a row naming
any other team that does not exist refuses the file.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from training.importers.errors import ImportRejected
from training.importers.roster import ParsedRoster, roster_import, roster_parse, roster_validate
from training.importers.tabular import read_table
from training.imports import ImportInput, ImportKind
from training.text import join_names

KIND = "training.roster"


def _check(job: ImportInput) -> ParsedRoster:
    parsed = roster_parse(rows=read_table(name=job.filename, data=job.data))
    if parsed.problems:
        raise ImportRejected(parsed.problems)
    return parsed


def _write(job: ImportInput, parsed: ParsedRoster) -> dict:
    # Validation reads the database: inside the write's transaction, nobody changes it between.
    people = roster_validate(parsed=parsed, new_teams=job.options.get("new_teams", []))
    result = roster_import(people=people, progress=job.progress)
    return {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "new_teams": [
            {"name": team.name, "managers": list(team.managers)} for team in result.new_teams
        ],
        "url": reverse("wagtailusers_users:index"),
    }


def _summary(result: dict) -> str:
    teams = [team["name"] for team in result.get("new_teams", [])]
    if teams:
        return gettext("The roster was imported. New teams: %(teams)s.") % {
            "teams": join_names(teams)
        }
    return gettext("The roster was imported.")


ROSTER_IMPORT = ImportKind(
    name=KIND,
    check=_check,
    write=_write,
    summary=_summary,
    size=lambda parsed: len(parsed.rows),
    label=gettext_lazy("Import roster"),
    link_label=gettext_lazy("Show people"),
    upload_url_name="training_roster_import",
    result_template="training/admin/roster_result.html",
)
