"""What the evaluation adds to the shared pages, through training's panel hooks."""

from __future__ import annotations

from django.utils.translation import gettext

from evaluation.wave_selectors import (
    evaluation_tasks_for_learner,
    evaluation_waves_for_member,
    evaluations_waiting_for_manager,
)
from training.panels import SectionPanel


def learner_tasks_panel(*, viewer) -> SectionPanel | None:
    """My training: 评估任务 — each open wave with the learner's instruments, done or not."""
    waves = evaluation_tasks_for_learner(viewer=viewer)
    if not waves:
        return None
    return SectionPanel(
        heading=gettext("Evaluation tasks"),
        template_name="evaluation/panels/learner_tasks.html",
        context={"waves": waves},
        order=30,
    )


def manager_work_panel(*, viewer) -> SectionPanel | None:
    """My team: the supervisor instruments waiting for the manager."""
    waves = evaluations_waiting_for_manager(viewer=viewer)
    if not waves:
        return None
    return SectionPanel(
        heading=gettext("Evaluations waiting for you"),
        template_name="evaluation/panels/manager_work.html",
        context={"waves": waves},
        order=5,
    )


def member_waves_panel(*, viewer, member) -> SectionPanel | None:
    """A member's page: their evaluation waves that have opened."""
    waves = evaluation_waves_for_member(viewer=viewer, member=member)
    if not waves:
        return None
    return SectionPanel(
        heading=gettext("Training evaluation"),
        template_name="evaluation/panels/member_waves.html",
        context={"waves": waves},
        order=30,
    )
