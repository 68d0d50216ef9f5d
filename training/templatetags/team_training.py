"""The team page's training overview, read for the viewing user."""

from django import template

from training.selectors import MemberTrainings, team_training_overview

register = template.Library()


@register.simple_tag(takes_context=True)
def team_trainings(context, team) -> list[MemberTrainings]:
    """The members of `team` with their assigned trainings, if the viewer may see the team."""
    request = context["request"]
    overview = getattr(request, "_team_training_overview", None)
    if overview is None:  # one read per page, however many teams it shows
        overview = {
            entry.team.pk: entry.members for entry in team_training_overview(viewer=request.user)
        }
        request._team_training_overview = overview
    return overview.get(team.pk, [])


@register.filter
def member_url(member_link, user_id) -> str:
    """The URL an app's team-page column links a member to (`MemberLink.url_for`)."""
    return member_link.url_for(user_id)
