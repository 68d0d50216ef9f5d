"""The scenario file import as an import job: a YAML or JSON file becomes a scenario page."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from roleplay.files import scenario_save
from training.imports import ImportInput, ImportKind

KIND = "roleplay.scenario"


def _check(job: ImportInput):
    from roleplay.fileformat import read_scenario_file

    return read_scenario_file(job.data, job.filename)


def _write(job: ImportInput, scenario) -> dict:
    page, scenario, created = scenario_save(
        scenario=scenario, user=job.user, publish=bool(job.options.get("publish"))
    )
    job.progress(1, 1)
    return {
        "page": page.pk,
        "title": page.title,
        "steps": len(scenario.steps),
        "created": created,
        "live": page.live,
        "url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
    }


def _summary(result: dict) -> str:
    message = gettext("Scenario “%(title)s” imported: %(steps)d steps.") % {
        "title": result["title"],
        "steps": result["steps"],
    }
    if not result["live"]:
        message += " " + gettext("It is saved as a draft: submit it for approval to publish it.")
    return message


SCENARIO_IMPORT = ImportKind(
    name=KIND,
    check=_check,
    write=_write,
    summary=_summary,
    size=lambda scenario: 1,
    label=gettext_lazy("Import a role-play scenario"),
    link_label=gettext_lazy("Edit the scenario"),
    upload_url_name="roleplay_scenario_import",
)
