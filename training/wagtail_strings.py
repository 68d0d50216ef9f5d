# ruff: noqa: E501 - Wagtail's msgids are quoted exactly, long or not
"""Wagtail's own interface text that its Simplified Chinese catalogue leaves in English.

Our users see these in the admin (dashboard, page explorer, editor, reports, workflow
e-mails); the translations live in training's catalogue, which Django reads before
Wagtail's (training comes first in INSTALLED_APPS). Nothing imports this module: it is here
so that `scripts/i18n.py update` (makemessages) finds these msgids and keeps them. Each is
Wagtail's exact msgid (see wagtail/*/locale/en/LC_MESSAGES/django.po); when an upgrade of
Wagtail translates one upstream, it can go.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

WAGTAIL_STRINGS = [
    ngettext_lazy("%(num_child_objects)d child page", "%(num_child_objects)d child pages"),
    ngettext_lazy("%(num_pages)d page", "%(num_pages)d pages"),
    ngettext_lazy("%(num_parent_objects)d page", "%(num_parent_objects)d pages"),
    gettext_noop("%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s"),
    gettext_noop("%(time)s by %(user_display_name)s"),
    ngettext_lazy(
        '%(total)s Document <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Documents <span class="w-sr-only">created in %(site_name)s</span>',
    ),
    ngettext_lazy(
        '%(total)s Image <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Images <span class="w-sr-only">created in %(site_name)s</span>',
    ),
    ngettext_lazy(
        '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>',
    ),
    gettext_noop("- Select an option -"),
    gettext_noop("A network error occurred"),
    gettext_noop("Actions (footer)"),
    gettext_noop("Add or show comments"),
    gettext_noop("Any"),
    gettext_noop("Anyone"),
    gettext_noop("Anyone can edit this %(model_name)s"),
    gettext_noop("Anyone can edit this %(model_name)s – lock it to prevent others from editing"),
    gettext_noop("Anyone with editing permissions can create schedules"),
    gettext_noop("Application"),
    gettext_noop("Autosave is <span>paused</span>"),
    gettext_noop("Autosave is paused"),
    gettext_noop("But only those with publishing permissions can make them effective."),
    gettext_noop("By task"),
    gettext_noop("By workflow"),
    gettext_noop("Checks"),
    gettext_noop("Choose when this %(model_name)s should go live and/or expire"),
    gettext_noop("Choose when this page should go live and/or expire"),
    gettext_noop("Choose who can view the live version of this page"),
    gettext_noop("Close modal dialogs (like this one)"),
    gettext_noop("Content metrics"),
    gettext_noop("Correct the validation errors to resume preview (saving will highlight errors)"),
    gettext_noop("Cut"),
    gettext_noop("Date updated"),
    gettext_noop("Edit account avatar"),
    gettext_noop("Edited by"),
    gettext_noop("Enable custom keyboard shortcuts specific to Wagtail."),
    gettext_noop("Exploring"),
    gettext_noop("Go to the first error"),
    gettext_noop("Has child pages"),
    gettext_noop("How we calculate our metrics"),
    gettext_noop(
        "If you just want to add pages to an existing site, create them as children of the homepage instead."
    ),
    gettext_noop("Insert or edit a link"),
    gettext_noop("Is commenting action"),
    gettext_noop(
        'JavaScript is required to use Wagtail, but it is currently disabled.<br /> Here are the <a href="https://www.enable-javascript.com/" target="_blank" rel="noreferrer">instructions how to enable JavaScript in your web browser</a>.'
    ),
    gettext_noop("Locked by"),
    gettext_noop("Locking: "),
    gettext_noop("Monospace (code)"),
    gettext_noop("More contrast"),
    gettext_noop("Page type"),
    gettext_noop("Paste"),
    gettext_noop("Paste without formatting"),
    gettext_noop("Readability"),
    gettext_noop("Reading time"),
    ngettext_lazy("Referenced %(count)s time", "Referenced %(count)s times"),
    gettext_noop("Save changes"),
    gettext_noop("Save your changes before leaving"),
    gettext_noop("Saved"),
    gettext_noop("Search all pages…"),
    gettext_noop("Section"),
    gettext_noop("Show disabled"),
    gettext_noop("Show issue"),
    gettext_noop("Show keyboard shortcuts"),
    gettext_noop("Snug"),
    gettext_noop("Sort by '%(label)s' in ascending order."),
    gettext_noop("Sort by '%(label)s' in descending order."),
    gettext_noop("Strike-through"),
    gettext_noop("Text editing"),
    gettext_noop("Text formatting"),
    gettext_noop(
        "The root level is where you can add new sites to your Wagtail installation. Pages created here will not be accessible at any URL until they are associated with a site."
    ),
    gettext_noop("Theme preferences"),
    gettext_noop("This data explained"),
    gettext_noop("Toggle checks"),
    gettext_noop("Toggle minimap"),
    gettext_noop(
        "Troubleshoot your connection to the site before proceeding. Open the editor in a separate tab to view the last saved version."
    ),
    gettext_noop("Use server language: %(language_name)s"),
    gettext_noop("View latest version"),
    gettext_noop("Wagtail %(current_version)s editor guide"),
    gettext_noop(
        "We calculate reading time from word count, using different reading speeds for different languages."
    ),
    gettext_noop(
        "We extract the main content from the page preview, remove all formatting, and calculate the number of words."
    ),
    gettext_noop(
        "We use a readability formula based on length of words and sentences. Long sentences and words result in a worse readability score."
    ),
    gettext_noop("Words"),
    gettext_noop("at %(time)s"),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been approved in moderation stage "%(task)s".'
    ),
    gettext_noop('The %(model_name)s "%(title)s" has been approved in "%(task)s".'),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been rejected in moderation stage "%(task)s".'
    ),
    gettext_noop('The %(model_name)s "%(title)s" has been rejected during "%(task)s".'),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been submitted for approval in moderation stage "%(task)s".'
    ),
    gettext_noop("You can preview the %(model_name)s here:"),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been submitted for approval to moderation stage "%(task)s".'
    ),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been submitted for approval in moderation stage "%(task)s"'
    ),
    gettext_noop('The %(model_name)s "%(title)s" has been approved in workflow "%(workflow)s".'),
    gettext_noop('The %(model_name)s "%(title)s" has been approved in "%(workflow)s".'),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been rejected during "%(task)s" in workflow "%(workflow)s" by %(rejector)s.'
    ),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been rejected during "%(task)s" in workflow "%(workflow)s".'
    ),
    gettext_noop('The %(model_name)s "%(title)s" has been rejected during "%(workflow)s".'),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been submitted for moderation to workflow "%(workflow)s" by %(requester)s.'
    ),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been submitted for moderation to workflow "%(workflow)s".'
    ),
    gettext_noop('The page "%(title)s" has been submitted to workflow "%(workflow)s"'),
    gettext_noop('The %(model_name)s "%(title)s" has been submitted to workflow "%(workflow)s"'),
]
