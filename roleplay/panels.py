"""The scenario editor's summary: what the saved scenario adds up to, for the trainer.

Shown under the conversation in the page editor. It reads the scenario as the editor loaded
it (the latest draft), so it describes what was last saved: a broken graph is refused on
save, so what is shown here is always a sound scenario, or nothing yet.
"""

from __future__ import annotations

from collections import Counter

from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


def points_label(value: float | None) -> str:
    """Weighted points as people write them: 1.3, 4.4, 5 (not 1.30 or 5.00)."""
    return "" if value is None else f"{round(value, 2):g}"


def path_label(scenario, keys: list[str], length: int = 16) -> str:
    """A path of steps as trainers know them: the step's name where the trainer gave one, else
    the opening of what the customer says there (step keys are identifiers, not words)."""
    return " → ".join(
        scenario.step(key).name
        or f"“{Truncator(' '.join(scenario.step(key).customer.split())).chars(length)}”"
        for key in keys
    )


def scenario_summary(scenario) -> dict:
    """Step counts, the best path and what a learner can earn on it, per criterion."""
    from roleplay.scenario import available_points, best_path

    best, keys = best_path(scenario)
    per_criterion: Counter = Counter()
    for key in keys:
        per_criterion.update(available_points(scenario, scenario.step(key)))
    ends = Counter(step.end.outcome for step in scenario.steps if step.end is not None)
    ai_steps = [step.key for step in scenario.steps if step.ai]
    return {
        "steps": len(scenario.steps),
        "ends": dict(ends),
        "best": points_label(best),
        "best_keys": keys,
        "best_path": path_label(scenario, keys),
        "best_criteria": [
            {"key": c.key, "name": c.name, "points": per_criterion.get(c.key, 0)}
            for c in scenario.rubric
        ],
        # The scripted best path hands over to the AI customer (its points are the opening's).
        "best_ends_with_ai": bool(keys) and scenario.step(keys[-1]).ai,
        "ai": _ai_summary(scenario, ai_steps) if scenario.ai_customer and ai_steps else None,
    }


def _ai_summary(scenario, ai_steps: list[str]) -> dict:
    """Who takes over where, and how the AI conversation may end."""
    from roleplay.blocks import AI_ENDING_CHOICES, TEMPERAMENT_CHOICES

    customer = scenario.ai_customer
    endings = dict(AI_ENDING_CHOICES)
    return {
        "steps": path_label(scenario, ai_steps).replace(" → ", " / "),
        "temperament": dict(TEMPERAMENT_CHOICES).get(customer.temperament, customer.temperament),
        "facts": len(customer.facts),
        "endings": " / ".join(str(endings.get(e, e)) for e in customer.endings),
        "max_turns": customer.max_turns,
        "pure": len(scenario.steps) == 1,
    }


class ScenarioSummaryPanel(Panel):
    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("What this scenario adds up to"))
        super().__init__(**kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "scenario_summary"

    class BoundPanel(Panel.BoundPanel):
        template_name = "roleplay/panels/scenario_summary.html"

        def get_context_data(self, parent_context=None):
            from roleplay.blocks import OUTCOME_CHOICES
            from roleplay.document import page_scenario
            from roleplay.scenario import ScenarioInvalid

            context = super().get_context_data(parent_context)
            summary = None
            if self.instance is not None and self.instance.pk and self.instance.steps:
                try:
                    summary = scenario_summary(page_scenario(self.instance))
                except ScenarioInvalid:
                    summary = None
            if summary is not None:
                labels = dict(OUTCOME_CHOICES)
                summary["ends"] = [
                    {"label": labels.get(outcome, outcome), "count": count}
                    for outcome, count in summary["ends"].items()
                ]
            context["summary"] = summary
            return context
