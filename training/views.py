from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

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


def admin_login(request):
    """Where the Wagtail admin sends people it will not let in.

    Anonymous visitors go to the log-in page. People who are logged in but have no admin
    access (learners, managers) go to their own home instead: sending them to the log-in
    page would bounce them straight back to the admin, round and round.
    """
    if request.user.is_authenticated:
        messages.info(request, _("The administration area is for trainers and administrators."))
        return redirect(home_url_for(request.user))
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("wagtailadmin_home")
    return redirect_to_login(next_url, login_url=reverse("account_login"))


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
            "open_trainings": [t for t in trainings if not t.completed],
            "completed_trainings": [t for t in trainings if t.completed],
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
