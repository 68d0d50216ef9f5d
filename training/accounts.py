"""django-allauth hooks: no open sign-up; after log-in each role goes to its own home."""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

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
