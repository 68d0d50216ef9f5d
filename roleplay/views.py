"""The learner's side of role-play (the scenario page, the chat, the result) and the
trainers' review queue. An attempt is reached by its uuid, only by its learner."""

from __future__ import annotations

import contextlib

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Page

from roleplay.blocks import OUTCOME_CHOICES, MoodChoices
from roleplay.models import AttemptMode, AttemptState, ScenarioAttempt, ScenarioPage
from roleplay.options import shown_options
from roleplay.reviews import review_queue, scenario_review_save
from roleplay.services import (
    AttemptRefused,
    assessment_tries_left,
    attempt_scenario,
    scenario_attempt_reply,
    scenario_attempt_start,
    scenario_playtest_start,
)
from roleplay.views_judge import judge_suggestion
from training.course_tree import course_tree
from training.decorators import role_required
from training.roles import ADMIN_ROLES

# An AI conversation that ran out of turns, or that the learner ended, has no scripted end.
OUTCOME_LABELS = {**dict(OUTCOME_CHOICES), "turn_limit": _("Ended without an outcome")}
AI_ENDED_BY_LABELS = {"turn_limit": _("Reply limit reached"), "learner": _("Ended by the learner")}
MOOD_LABELS = dict(MoodChoices.CHOICES)


def scenario_page_serve(request, page, page_serve):
    """GET: the scenario's brief and the learner's attempts; POST: practise or be assessed."""
    from roleplay.document import order_dates_shown
    from roleplay.scenario import REPLY_STANDARD_SECONDS

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    # A scenario in a course that is not published is not there (the course answers 404 too);
    # the editor's preview of a draft still shows it.
    if not getattr(request, "is_preview", False) and not page.is_playable():
        raise Http404
    refused = ""
    offered = page.is_offered()
    if request.method == "POST":
        mode = request.POST.get("mode", "")
        if mode in AttemptMode.values:
            try:
                attempt = scenario_attempt_start(page=page, user=request.user, mode=mode)
                return redirect("scenario_attempt", attempt.uuid)
            except PermissionDenied as denied:
                refused = str(denied)
    attempts = list(ScenarioAttempt.objects.filter(scenario=page, user=request.user))
    for attempt in attempts:
        attempt.outcome_label = OUTCOME_LABELS.get(attempt.outcome, "")
    return TemplateResponse(
        request,
        "roleplay/scenario_page.html",
        {
            "page": page,
            "self": page,
            "crumbs": page.breadcrumbs(),
            "course": page.course,
            "attempts": attempts,
            "refused": refused,
            "offered": offered,
            "order_dates": order_dates_shown(page.order_dates),
            "reply_standard": REPLY_STANDARD_SECONDS.get(page.channel, 60),
            "open_practice": any(a.is_open and a.mode == "practice" for a in attempts),
            "open_assessment": any(a.is_open and a.mode == "assessment" for a in attempts),
            "assessment_tries_left": assessment_tries_left(page=page, user=request.user),
        },
        status=403 if refused else 200,
    )


def _own_attempt(request, uuid) -> ScenarioAttempt:
    return get_object_or_404(
        ScenarioAttempt.objects.select_related("scenario", "user"), uuid=uuid, user=request.user
    )


def _playable_attempt(request, uuid) -> ScenarioAttempt:
    """The learner's own attempt, while its scenario and course are published (a trainer's
    play-test of a draft excepted)."""
    attempt = _own_attempt(request, uuid)
    if not attempt.playtest and not attempt.scenario.is_playable():
        raise Http404
    return attempt


@login_required
@require_GET
def attempt_view(request, uuid):
    from roleplay.scenario import reply_standard_seconds

    attempt = _playable_attempt(request, uuid)
    if not attempt.is_open:
        return redirect("scenario_result", attempt.uuid)
    scenario = attempt_scenario(attempt)
    step = scenario.step(attempt.current_step)
    if step.ai:
        from roleplay.views_ai import ai_chat_response

        return ai_chat_response(request, attempt, scenario)
    elapsed = max(0, int((timezone.now() - attempt.step_shown_at).total_seconds()))
    return TemplateResponse(
        request,
        "roleplay/play.html",
        {
            "attempt": attempt,
            "page": attempt.scenario,
            "show_feedback": attempt.mode == AttemptMode.PRACTICE,
            "elapsed_seconds": elapsed,
            "step": {
                "key": step.key,
                "customer": step.customer,
                "mood_label": MOOD_LABELS.get(scenario.mood_at(step), ""),
                "reply_seconds": reply_standard_seconds(scenario, step),
                "options": shown_options(attempt.option_seed, step),
            },
        },
    )


@login_required
@require_POST
def attempt_reply_view(request, uuid):
    attempt = _playable_attempt(request, uuid)
    # An empty reply or an unknown option changes nothing: the same step is shown again.
    with contextlib.suppress(ValueError):
        attempt = scenario_attempt_reply(
            attempt=attempt,
            step_key=request.POST.get("step", ""),
            choice=request.POST.get("option"),
            text=request.POST.get("text"),
        )
    if attempt.is_open:
        return redirect("scenario_attempt", attempt.uuid)
    return redirect("scenario_result", attempt.uuid)


def _result_context(attempt: ScenarioAttempt) -> dict:
    result = attempt.result or {}
    review = getattr(attempt, "review", None) if hasattr(attempt, "review") else None
    criteria = [
        {
            **c,
            "percent": None if c.get("score") is None else round(100 * c["score"]),
            "comment": review.comments.get(c["key"], "") if review else "",
        }
        for c in result.get("criteria", [])
    ]
    return {
        "attempt": attempt,
        "page": attempt.scenario,
        "result": result,
        "criteria": criteria,
        "review": review,
        "outcome_label": AI_ENDED_BY_LABELS.get(attempt.ai_ended_by)
        or OUTCOME_LABELS.get(attempt.outcome, attempt.outcome),
        "total_percent": None if attempt.score is None else round(100 * attempt.score),
    }


@login_required
@require_GET
def result_view(request, uuid):
    attempt = _own_attempt(request, uuid)
    if attempt.is_open:
        return redirect("scenario_attempt", attempt.uuid)
    return TemplateResponse(
        request,
        "roleplay/result.html",
        {
            **_result_context(attempt),
            "course": attempt.scenario.course,
            "show_feedback": True,
            "judging": attempt.state == AttemptState.JUDGING,
        },
    )


@role_required(*ADMIN_ROLES)
@require_POST
def playtest_view(request, page_id: int):
    """A trainer plays the scenario's latest version, draft included, as a learner would
    (a POST: starting discards the trainer's open play-test)."""
    page = get_object_or_404(ScenarioPage, pk=page_id)
    try:
        attempt = scenario_playtest_start(page=page, user=request.user)
    except AttemptRefused as refused:  # e.g. an AI customer on a site with no model
        messages.error(request, str(refused))
        return redirect("wagtailadmin_pages:edit", page.pk)
    return redirect("scenario_attempt", attempt.uuid)


# --- trainers' review ---------------------------------------------------------------------


@role_required(*ADMIN_ROLES)
def review_queue_view(request):
    queue = review_queue()
    filters = {
        "course": request.GET.get("course", ""),
        "team": request.GET.get("team", ""),
        "scenario": request.GET.get("scenario", ""),
    }
    if filters["scenario"].isdigit():
        queue = queue.filter(scenario_id=int(filters["scenario"]))
    if filters["team"].isdigit():
        queue = queue.filter(user__profile__team_id=int(filters["team"]))
    if filters["course"].isdigit():
        course = Page.objects.filter(pk=int(filters["course"])).first()
        if course is not None:
            queue = queue.filter(scenario__path__startswith=course.path)
    from training.models import Team

    # The filters offer what is waiting: its scenarios, and their courses in one query (a
    # course's path is a prefix of its scenarios').
    scenarios = list(
        ScenarioPage.objects.filter(pk__in=review_queue().values("scenario_id")).order_by("title")
    )
    steplen = ScenarioPage.steplen
    prefixes = {s.path[:end] for s in scenarios for end in range(steplen, len(s.path), steplen)}
    courses = course_tree().course_model.objects.filter(path__in=prefixes)
    queue = list(queue[:200])
    for attempt in queue:
        attempt.copied = any(turn.get("copied") for turn in attempt.transcript)
    return TemplateResponse(
        request,
        "roleplay/review_queue.html",
        {
            "queue": queue,
            "now": timezone.now(),
            "filters": filters,
            "scenarios": scenarios,
            "courses": courses.order_by("title"),
            "teams": Team.objects.order_by("name"),
        },
    )


class ReviewForm(forms.Form):
    summary = forms.CharField(
        label=_("Overall comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, criteria, violations=(), **kwargs):
        super().__init__(*args, **kwargs)
        # The AI judge's critical violations: confirmed unless the trainer unticks one.
        for violation in violations:
            self.fields[f"confirm_{violation['criterion']}"] = forms.BooleanField(
                label=violation["name"], required=False, initial=not violation["dismissed"]
            )
        for criterion in criteria:
            self.fields[f"score_{criterion['key']}"] = forms.IntegerField(
                label=criterion["name"],
                min_value=0,
                max_value=100,
                initial=criterion.get("percent"),
                help_text=_("0–100 %"),
                widget=forms.NumberInput(attrs={"class": "mark-input"}),
            )
            self.fields[f"comment_{criterion['key']}"] = forms.CharField(
                label=pgettext_lazy("review", "Comment"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )


@role_required(*ADMIN_ROLES)
def review_view(request, uuid):
    # Only assessed attempts are reviewed (and recorded); practice is the learner's own.
    attempt = get_object_or_404(
        ScenarioAttempt.objects.select_related("scenario", "user"),
        uuid=uuid,
        mode=AttemptMode.ASSESSMENT,
        playtest=False,
    )
    if attempt.state in (AttemptState.IN_PROGRESS, AttemptState.JUDGING):
        raise PermissionDenied  # not finished, or the AI judge is still scoring it
    context = _result_context(attempt)
    judge = judge_suggestion(context["result"], attempt_scenario(attempt))
    violations = judge["violations"] if judge else []
    form = ReviewForm(request.POST or None, criteria=context["criteria"], violations=violations)
    if request.method == "POST" and form.is_valid():
        scores, comments = {}, {}
        for criterion in context["criteria"]:
            key = criterion["key"]
            scores[key] = form.cleaned_data[f"score_{key}"] / 100
            comments[key] = form.cleaned_data[f"comment_{key}"]
        scenario_review_save(
            attempt=attempt,
            reviewer=request.user,
            scores=scores,
            comments=comments,
            summary=form.cleaned_data["summary"],
            dismissed_violations=[
                key
                for key in (v["criterion"] for v in violations)
                if not form.cleaned_data[f"confirm_{key}"]
            ],
        )
        # Said on the next item's page: saving moves straight on to it.
        messages.success(
            request,
            _("Saved your review of %(name)s.")
            % {"name": attempt.user.get_full_name() or attempt.user.email},
        )
        following = review_queue().first()
        return (
            redirect("scenario_review", following.uuid)
            if following
            else redirect("scenario_review_queue")
        )
    from roleplay.panels import path_label, points_label
    from roleplay.scenario import best_path

    scenario = attempt_scenario(attempt)
    best_points, best_keys = best_path(scenario)
    result = attempt.result or {}
    return TemplateResponse(
        request,
        "roleplay/review.html",
        {
            **context,
            "form": form,
            "show_feedback": True,
            "reviewing": True,
            "judge": judge,
            "copied_turns": sum(1 for turn in attempt.transcript if turn.get("copied")),
            "waiting": review_queue().count(),
            "best_points": points_label(best_points),
            "best_path": path_label(scenario, best_keys),
            "path_earned": points_label(result.get("earned_points")),
            "path_available": points_label(result.get("available_points")),
        },
    )
