"""What the evaluation adds to the shared pages (training.panels), registered by
`evaluation.wagtail_hooks`:

- My training: 评估任务 — each open wave with the learner's instruments, done or not, and a
  link to what is left; then, once something was filed, 培训效果：行为观察 — their own
  supervisor–self gap per behaviour.
- My team: the supervisor instruments (observations) of the manager's members still waiting.
- A member's page: their waves, open and past, every instrument done or not answered (with a
  link to the observation for their manager); then the supervisor–self gap per behaviour.

Every task list reads the wave instances (`evaluation.wave_selectors`); the gap reads the
observation records (`evaluation.observation_reads`).
"""

from __future__ import annotations

from django.utils.translation import gettext

from evaluation.observation_reads import behaviour_gaps
from evaluation.wave_selectors import (
    evaluation_tasks_for_learner,
    evaluation_waves_for_member,
    evaluations_waiting_for_manager,
)
from training.panels import SectionPanel

BEHAVIOUR_TEMPLATE = "evaluation/panels/behaviour.html"


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


def behaviour_panel(*, viewer, person) -> SectionPanel | None:
    """培训效果：行为观察 — the supervisor–self gap per behaviour of each course and wave with
    an observation or a self-assessment of `person` (the viewer's own on My training, a
    member's on their page)."""
    gaps = behaviour_gaps(viewer=viewer, person=person)
    if not gaps:
        return None
    own = viewer.pk == person.pk
    return SectionPanel(
        heading=gettext("Training effect: behaviour at work"),
        template_name=BEHAVIOUR_TEMPLATE,
        context={"gaps": gaps, "own": own},
        order=45 if own else 35,
    )
