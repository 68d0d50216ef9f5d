from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from training.accounts import home_url_for
from training.assignments import continue_with, trainings_for_learner
from training.member import record_links
from training.models import AgentProfile, Team
from training.panels import LEARNER_HOME, TEAM_PAGE, TRAINER_HOME, SharedPage, page_context
from training.roles import TEAM_OVERVIEW_ROLES, Role
from training.selectors import lessons_summary, recent_results, team_page

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
            **page_context(LEARNER_HOME, SharedPage(request)),
        },
    )


@role_required(*TEAM_OVERVIEW_ROLES)
def team_home(request):
    # Named as the header names it: a manager's own teams, or every team for an administrator.
    title = _("My team") if request.user.has_role(Role.MANAGER) else _("Team overview")
    context = {
        # The `team` filter is the one the certification matrix's form sets: both narrow.
        "teams": team_page(
            viewer=request.user,
            number=request.GET.get("team_page"),
            team=request.GET.get("team"),
        ),
        "title": title,
        "team_filtered": bool(request.GET.get("team")),
        # What other apps add (role-play's skill-profile column).
        **page_context(TEAM_PAGE, SharedPage(request)),
    }
    return render(request, "training/team_home.html", context)


@role_required(Role.TRAINER)
def trainer_home(request):
    return render(
        request,
        "training/trainer_home.html",
        {
            # What other apps add (the answers and role-plays waiting to be reviewed).
            **page_context(TRAINER_HOME, SharedPage(request)),
            "team_count": Team.objects.count(),
            "learner_count": AgentProfile.objects.count(),
        },
    )


@login_required
def profile(request):
    profile = AgentProfile.objects.select_related("team").filter(user=request.user).first()
    return render(request, "training/profile.html", {"profile": profile})
