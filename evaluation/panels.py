"""What the evaluation adds to the shared pages (training.panels): on a member's page, the
section 培训效果：行为观察 (observations to file, and the supervisor–self gap); on the
learner's home, their surveys and self-assessments to do and their own gap."""

from __future__ import annotations

from django.utils.translation import gettext as _
from wagtail import hooks

from evaluation.observation_reads import behaviour_gaps, open_instruments
from training.access import can_observe
from training.panels import LEARNER_HOME, MEMBER_PAGE, SectionPanel, SharedPage

TEMPLATE = "evaluation/panels/behaviour.html"


@hooks.register(MEMBER_PAGE)
def add_behaviour_section(page: SharedPage, items: list) -> None:
    viewer, member = page.viewer, page.member
    if member is None or viewer.pk == member.pk:
        return
    to_file = (
        open_instruments(viewer=viewer, person=member, who="supervisor")
        if can_observe(viewer, member)
        else []
    )
    gaps = behaviour_gaps(viewer=viewer, person=member)
    if not to_file and not gaps:
        return
    items.append(
        SectionPanel(
            heading=_("Training effect: behaviour at work"),
            template_name=TEMPLATE,
            context={"to_do": to_file, "gaps": gaps, "own": False},
            order=30,
        )
    )


@hooks.register(LEARNER_HOME)
def add_evaluation_to_do(page: SharedPage, items: list) -> None:
    viewer = page.viewer
    to_do = [
        waiting
        for waiting in open_instruments(viewer=viewer, person=viewer, who="learner")
        if not waiting.done
    ]
    gaps = behaviour_gaps(viewer=viewer, person=viewer)
    if not to_do and not gaps:
        return
    items.append(
        SectionPanel(
            heading=_("Training effect: behaviour at work"),
            template_name=TEMPLATE,
            context={"to_do": to_do, "gaps": gaps, "own": True},
            order=45,
        )
    )
