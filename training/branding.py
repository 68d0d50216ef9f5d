"""The product's name, in one place: 客服学院 in Chinese, "Agent Academy" in English.

The site header, page titles, the Wagtail admin (WAGTAIL_SITE_NAME, the dashboard, its
Site record) and every e-mail (invitations, notifications, allauth's password mails) take
it from here. A site that wants another name changes this one string and its translation.
"""

from django.utils.translation import gettext_lazy as _

SITE_NAME = _("Agent Academy")


def site_name() -> str:
    """The name in the active language."""
    return str(SITE_NAME)
