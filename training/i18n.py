"""The site's language: for what is written once for everyone, whoever's request or task
writes it — an invitation e-mail, an audit trail's reason, a published credential, a page's
default title. (What is written to one person is in theirs: `training.notifications.
language_for`.)"""

from django.conf import settings
from django.utils import translation


def in_site_language() -> translation.override:
    """Translate in the site's default language (`settings.LANGUAGE_CODE`) inside; the
    language before is restored after. A context manager, or a decorator."""
    return translation.override(settings.LANGUAGE_CODE)
