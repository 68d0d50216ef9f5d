"""Scenario files in and out of the site: all or nothing, into the course the file names."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Page

from roleplay.document import page_apply_document, page_scenario
from roleplay.models import ScenarioPage
from training.course_tree import course_tree
from training.importers.errors import ImportProblem, ImportRejected


def _course_for(slug: str | None) -> Page:
    course_model = course_tree().course_model
    if not slug:
        raise ImportRejected.single(
            _("The file names no course (the “course” key)."), field="course"
        )
    course = course_model.objects.filter(slug=slug).first()
    if course is None:
        raise ImportRejected.single(
            _("There is no course with the slug “%(slug)s”.") % {"slug": slug}, field="course"
        )
    return course


def scenario_import(*, data: bytes, filename: str, user=None, publish: bool = True):
    """Create or update the scenario a YAML or JSON file describes, in the course it names.

    Returns (page, scenario, created). An invalid file raises ImportRejected naming each
    problem with its step, and changes nothing. The same slug in the same course is updated
    with a new revision, so attempts already made keep the revision they played."""
    from roleplay.fileformat import read_scenario_file

    return scenario_save(scenario=read_scenario_file(data, filename), user=user, publish=publish)


@transaction.atomic
def scenario_save(*, scenario, user=None, publish: bool = True):
    """Create or update the page of a scenario read from a file (see `scenario_import`)."""
    from roleplay.scenario import scenario_to_dict

    document = scenario_to_dict(scenario)
    course = _course_for(document.get("course"))
    page = ScenarioPage.objects.child_of(course).filter(slug=document["slug"]).first()
    created = page is None
    try:
        if created:
            page = ScenarioPage()
            page_apply_document(page, document)
            page.live = False
            # add_child writes the row without cleaning it: the fields must fit first (the
            # tree's own fields come with add_child).
            page.clean_fields(exclude=["path", "depth"])
            course.add_child(instance=page)
        else:
            page = page.get_latest_revision_as_object()
            page_apply_document(page, document)
        revision = page.save_revision(user=user, log_action=True)  # cleans the page first
    except ValidationError as invalid:
        raise ImportRejected(
            ImportProblem(line=None, field=field, message=" ".join(messages))
            for field, messages in invalid.message_dict.items()
        ) from None
    # Only those who may publish there do (senior trainers approve everyone else's changes).
    if publish and (user is None or page.permissions_for_user(user).can_publish()):
        revision.publish(user=user)
    return ScenarioPage.objects.get(pk=page.pk), scenario, created


def scenario_export(page: ScenarioPage, *, fmt: str = "yaml") -> str:
    """The scenario's latest version as a YAML or JSON file."""
    from roleplay.fileformat import write_scenario_json, write_scenario_yaml

    scenario = page_scenario(page.get_latest_revision_as_object())
    return write_scenario_json(scenario) if fmt == "json" else write_scenario_yaml(scenario)
