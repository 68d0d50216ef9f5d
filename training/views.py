from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from training.accounts import home_url_for
from training.models import AgentProfile, Team
from training.roles import Role
from training.selectors import recent_records, teams_for_manager

from .decorators import role_required


def home(request):
    if not request.user.is_authenticated:
        return redirect("account_login")
    return redirect(home_url_for(request.user))


@role_required(Role.LEARNER)
def my_training(request):
    profile = AgentProfile.objects.select_related("team").filter(user=request.user).first()
    return render(
        request,
        "training/my_training.html",
        {"profile": profile, "records": recent_records(viewer=request.user)},
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
        {"team_count": Team.objects.count(), "learner_count": AgentProfile.objects.count()},
    )


@login_required
def profile(request):
    profile = AgentProfile.objects.select_related("team").filter(user=request.user).first()
    return render(request, "training/profile.html", {"profile": profile})
