from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from training.accounts import home_url_for
from training.assignments import continue_with, trainings_for_learner
from training.member import record_links
from training.models import AgentProfile, Team
from training.panels import (
    LEARNER_HOME_LINKS,
    LEARNER_HOME_PANELS,
    links,
    panels_html,
    trainer_home_panels,
)
from training.roles import Role
from training.selectors import lessons_summary, recent_results, teams_for_manager

from .decorators import role_required


def home(request):
    if not request.user.is_authenticated:
        return redirect("account_login")
    return redirect(home_url_for(request.user))


@role_required(Role.LEARNER)
def my_training(request):
    profile = AgentProfile.objects.select_related("team").filter(user=request.user).first()
    trainings = trainings_for_learner(viewer=request.user)
    results = recent_results(viewer=request.user)
    links_by_record = record_links(viewer=request.user, member=request.user, records=results)
    return render(
        request,
        "training/my_training.html",
        {
            "profile": profile,
            "results": [(record, links_by_record.get(record.pk)) for record in results],
            "lessons": lessons_summary(viewer=request.user),
            "open_trainings": [t for t in trainings if t.is_open],
            "completed_trainings": [t for t in trainings if not t.is_open],
            "continue_with": continue_with(trainings, viewer=request.user),
            # What other apps add (role-play's "practise again", its skill profile link).
            "panels": panels_html(LEARNER_HOME_PANELS, request, {"request": request}),
            "links": links(LEARNER_HOME_LINKS, request),
        },
    )


@role_required(Role.MANAGER, Role.ADMINISTRATOR)
def team_home(request):
    return render(
        request, "training/team_home.html", {"teams": teams_for_manager(viewer=request.user)}
    )


@role_required(Role.TRAINER)
def trainer_home(request):
    return render(
        request,
        "training/trainer_home.html",
        {
            "waiting": trainer_home_panels(request),
            "team_count": Team.objects.count(),
            "learner_count": AgentProfile.objects.count(),
        },
    )


@login_required
def profile(request):
    profile = AgentProfile.objects.select_related("team").filter(user=request.user).first()
    return render(request, "training/profile.html", {"profile": profile})
