"""The team page's links that other apps add to each member's row."""

from django import template

register = template.Library()


@register.filter
def member_url(member_link, user_id) -> str:
    """The URL an app's team-page column links a member to (`MemberLink.url_for`)."""
    return member_link.url_for(user_id)
