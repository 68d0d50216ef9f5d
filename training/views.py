from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from training.accounts import home_url_for
from training.assignments import continue_with, trainings_for_learner
from training.models import AgentProfile, Team
from training.panels import (
    LEARNER_HOME_LINKS,
    LEARNER_HOME_PANELS,
    links,
    panels_html,
    trainer_home_panels,
)
from training.roles import TEAM_OVERVIEW_ROLES, Role
from training.selectors import recent_records, teams_for_manager

from .decorators import role_required


def home(request):
    if not request.user.is_authenticated:
        return redirect("account_login")
    return redirect(home_url_for(request.user))


@role_required(Role.LEARNER)
def my_training(request):
    profile = AgentProfile.objects.select_related("team").filter(user=request.user).first()
    trainings = trainings_for_learner(viewer=request.user)
    return render(
        request,
        "training/my_training.html",
        {
            "profile": profile,
            "records": recent_records(viewer=request.user),
            "open_trainings": [t for t in trainings if t.is_open],
            "completed_trainings": [t for t in trainings if not t.is_open],
            "continue_with": continue_with(trainings, viewer=request.user),
            # What other apps add (role-play's "practise again", its skill profile link).
            "panels": panels_html(LEARNER_HOME_PANELS, request, {"request": request}),
            "links": links(LEARNER_HOME_LINKS, request),
        },
    )


@role_required(*TEAM_OVERVIEW_ROLES)
def team_home(request):
    # Named as the header names it: a manager's own teams, or every team for an administrator.
    title = _("My team") if request.user.has_role(Role.MANAGER) else _("Team overview")
    context = {"teams": teams_for_manager(viewer=request.user), "title": title}
    return render(request, "training/team_home.html", context)


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
