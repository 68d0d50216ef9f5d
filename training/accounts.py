"""django-allauth hooks: no open sign-up; after log-in each role goes to its own home;
an e-mail address belongs to one person."""

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter, get_adapter
from allauth.account.forms import AddEmailForm as AllauthAddEmailForm
from django.conf import settings
from django.urls import reverse

from training.branding import site_name
from training.models import User
from training.roles import Role


def home_url_for(user) -> str:
    """The page a person lands on after logging in, by their most senior role."""
    if user.has_role(Role.TRAINER):
        return reverse("trainer_home")
    if user.has_role(Role.ADMINISTRATOR):
        return reverse("wagtailadmin_home")
    if user.has_role(Role.MANAGER):
        return reverse("team_home")
    return reverse("my_training")


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Accounts come from administrators and the HR roster, never from sign-up.
        return False

    def get_login_redirect_url(self, request):
        return home_url_for(request.user)

    # allauth names the site in its e-mails by Django's "current site", which without the
    # sites framework is the request's host ("127.0.0.1:8000"): the product's name instead.
    def format_email_subject(self, subject: str) -> str:
        return f"[{site_name()}] {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        current_site = SimpleNamespace(name=site_name(), domain=urlsplit(settings.SITE_URL).netloc)
        super().send_mail(template_prefix, email, {**context, "current_site": current_site})


class AddEmailForm(AllauthAddEmailForm):
    """allauth lets an address that belongs to someone else through (to hide who has an
    account), counting on a verification e-mail this site does not send; made primary, it
    then collided with that person's log-in (a server error). An address is one person's.

    Nobody reaches its view now (training.account_views); the rule stays with the form."""

    def clean_email(self) -> str:
        email = super().clean_email()
        if User.objects.filter(email__iexact=email).exclude(pk=self.user.pk).exists():
            raise get_adapter().validation_error("email_taken")
        return email


def forget_other_email_addresses(sender, instance, update_fields=None, **kwargs):
    # allauth also logs people in, and sends reset links, by the addresses in its own table;
    # a person's one address is User.email (HR's), so any other goes when it changes.
    if update_fields is not None and "email" not in update_fields:
        return
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=instance).exclude(email__iexact=instance.email).delete()
