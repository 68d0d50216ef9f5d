"""Doors into the site that Django and Wagtail open by themselves, closed or sent through
allauth's one log-in, whose failed-attempt limit is then the only way to try a password."""

from allauth.core.ratelimit import consume_or_429
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.i18n import set_language as django_set_language
from wagtail import views as wagtail_views
from wagtail.admin.views.account import LogoutView as WagtailLogoutView

from training.accounts import home_url_for
from training.models import User


def _safe_next(request, default: str) -> str:
    next_url = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return default


def frontend_login(request):
    """Wagtail's front-end log-in (private pages): the site's log-in page, whatever the method.

    A POST is not checked: no password is ever tried here, outside the failed-attempt limit.
    """
    if request.user.is_authenticated:
        return redirect(_safe_next(request, home_url_for(request.user)))
    next_url = _safe_next(request, reverse("home"))
    return redirect_to_login(next_url, login_url=reverse("account_login"))


def admin_login(request):
    """Where the Wagtail admin sends people it will not let in (and its own /cms/login/).

    Anonymous visitors go to the log-in page. People who are logged in but have no admin
    access (learners, managers) go to their own home instead: sending them to the log-in
    page would bounce them straight back to the admin, round and round.
    """
    if request.user.is_authenticated:
        if request.user.has_perm("wagtailadmin.access_admin"):
            return redirect(_safe_next(request, reverse("wagtailadmin_home")))
        messages.info(request, _("The administration area is for trainers and administrators."))
        return redirect(home_url_for(request.user))
    next_url = _safe_next(request, reverse("wagtailadmin_home"))
    return redirect_to_login(next_url, login_url=reverse("account_login"))


def admin_logout(request):
    """Wagtail's log-out, by POST only: its view deletes the session cookie even when it
    refuses a GET, so a link or an image on any page could log an administrator out."""
    if request.method != "POST":
        return redirect("account_logout")  # the confirmation page, whose button POSTs
    return WagtailLogoutView.as_view()(request)


def email_addresses(request):
    """E-mail addresses come from HR and administrators; nobody changes their own."""
    messages.info(
        request,
        _("Your e-mail address is managed by your administrator. Ask them to change it."),
    )
    return redirect("profile" if request.user.is_authenticated else "account_login")


def page_password(request, page_view_restriction_id: int, page_id: int):
    """Wagtail's shared page password, tried only within a limit per page and per address."""
    refused = consume_or_429(request, action="page_password", key=str(page_view_restriction_id))
    if refused:
        return refused
    return wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)


def set_language(request):
    """Django's language switch; for someone logged in, the choice is also kept on their
    account, so that notifications and e-mails reach them in the language they read."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    supported = {code for code, _name in settings.LANGUAGES}
    if request.method == "POST" and request.user.is_authenticated and language in supported:
        User.objects.filter(pk=request.user.pk).update(language=language)
    return response
