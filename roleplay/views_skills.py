"""A learner's role-play skill profile: their own, or a learner's for the people who may see
them (trainers and administrators: anyone; managers: the members of their teams)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from roleplay.profile import period_label, skill_chart, skill_profile, skill_rows
from training.access import visible_users
from training.course_tree import catalogue_url
from training.decorators import role_required
from training.roles import Role


def _back_url(viewer, learner) -> str | None:
    if learner.pk == viewer.pk:
        return reverse("my_training") if viewer.has_role(Role.LEARNER) else None
    if viewer.has_role(Role.MANAGER, Role.ADMINISTRATOR):
        return reverse("team_home")
    return reverse("trainer_home") if viewer.has_role(Role.TRAINER) else None


def _render(request, learner):
    profile = skill_profile(skill_rows(viewer=request.user, learner=learner))
    chart = skill_chart(profile)
    phone_chart = skill_chart(profile, width=340, height=280, most_x_labels=3)
    return TemplateResponse(
        request,
        "roleplay/skill_profile.html",
        {
            "learner": learner,
            "own": learner.pk == request.user.pk,
            "profile": profile,
            "chart": chart,
            "phone_chart": phone_chart,
            # Rows of the numbers table: one per period, a cell per criterion (in legend order).
            "period_rows": [
                (
                    period_label(start, profile.period),
                    [trend.periods[index] for trend in profile.criteria],
                )
                for index, start in enumerate(profile.periods)
            ],
            "lines": list(zip(profile.criteria, chart.lines, strict=True)),
            "catalogue_url": None if profile.criteria else catalogue_url(),
            "back_url": _back_url(request.user, learner),
        },
    )


@login_required
@require_GET
def skill_profile_view(request):
    return _render(request, request.user)


@role_required(Role.TRAINER, Role.ADMINISTRATOR, Role.MANAGER)
@require_GET
def skill_profile_for_view(request, user_id: int):
    # The one access rule (training.access): a manager sees the members of their teams only.
    learner = get_object_or_404(visible_users(request.user), pk=user_id)
    return _render(request, learner)
