from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from training.accounts import home_url_for
from training.assignments import continue_with, trainings_for_learner
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
    # Role-play's "practise again" suggestions; the one place training reads a producer app.
    from roleplay.profile import practice_again

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
            "practice_again": practice_again(viewer=request.user),
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
        {"team_count": Team.objects.count(), "learner_count": AgentProfile.objects.count()},
    )


@login_required
def profile(request):
    profile = AgentProfile.objects.select_related("team").filter(user=request.user).first()
    return render(request, "training/profile.html", {"profile": profile})
