"""A manager's view of one team member, and the team page's and member page's exports."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from training.access import visible_teams, visible_users
from training.member import (
    member_page_items,
    member_profile,
    member_records,
    member_trainings,
    record_links,
)
from training.people_exports import (
    FORMATS,
    member_filename_stem,
    member_record_rows,
    spreadsheet_response,
    team_overview_rows,
)
from training.roles import Role

from .decorators import role_required

TIMELINE_PAGE_SIZE = 25


def _member(request, user_id: int):
    # The one access rule (training.access): nobody learns that a person they may not see
    # exists, so it is "not found" rather than "forbidden".
    return get_object_or_404(visible_users(request.user), pk=user_id)


@login_required
@require_GET
def member_view(request, user_id: int):
    member = _member(request, user_id)
    if member.pk == request.user.pk and request.user.has_role(Role.LEARNER):
        return redirect("my_training")
    viewer = request.user
    timeline = Paginator(member_records(viewer=viewer, member=member), TIMELINE_PAGE_SIZE)
    timeline_page = timeline.get_page(request.GET.get("page"))
    links = record_links(viewer=viewer, member=member, records=list(timeline_page))
    entries = [(record, links.get(record.pk)) for record in timeline_page]
    return render(
        request,
        "training/member.html",
        {
            "member": member,
            "profile": member_profile(viewer=viewer, member=member),
            "trainings": member_trainings(viewer=viewer, member=member),
            # What other apps add (quiz attempts, role-play results).
            **member_page_items(request=request, member=member),
            "timeline": timeline_page,
            "entries": entries,
            "export_formats": list(FORMATS),
            "back_to_team": viewer.has_role(Role.MANAGER, Role.ADMINISTRATOR),
        },
    )


@login_required
@require_GET
def member_export_view(request, user_id: int, fmt: str):
    if fmt not in FORMATS:
        raise Http404
    member = _member(request, user_id)
    headers, rows = member_record_rows(viewer=request.user, member=member)
    stem = member_filename_stem(viewer=request.user, member=member)
    return spreadsheet_response(fmt=fmt, stem=stem, headers=headers, rows=rows)


@role_required(Role.MANAGER, Role.ADMINISTRATOR)
@require_GET
def team_export_view(request, fmt: str):
    if fmt not in FORMATS:
        raise Http404
    headers, rows = team_overview_rows(viewer=request.user)
    names = list(visible_teams(request.user).order_by("name").values_list("name", flat=True))
    stem = _("team overview")
    if len(names) == 1:  # a manager of one team: its name; many teams stay "team overview"
        stem = f"{stem} {names[0]}"
    return spreadsheet_response(fmt=fmt, stem=stem, headers=headers, rows=rows)
