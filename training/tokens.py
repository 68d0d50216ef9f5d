"""Links that let a person choose a password: a password reset, or an invitation.

Both open allauth's "set a new password" page, but they last differently: a reset link is
asked for by the person and expires after PASSWORD_RESET_TIMEOUT (an hour); an invitation
is sent by HR or an administrator to someone who has never logged in and lasts
INVITATION_TIMEOUT (a week). Each kind is signed with its own salt, so a reset link can
never pass as an invitation to gain the longer life.
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator as DjangoTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class _ExpiringTokenGenerator(DjangoTokenGenerator):
    """Django's reset token (invalid once the password, the last log-in or, as in allauth's,
    the e-mail address changes) with its own lifetime, where Django's reads
    PASSWORD_RESET_TIMEOUT for every kind."""

    def _make_hash_value(self, user, timestamp) -> str:
        # allauth's EmailAwarePasswordResetTokenGenerator, which cannot be imported here:
        # allauth.account.forms imports this module while it loads.
        from allauth.account.internal.flows.manage_email import sync_user_email_address
        from allauth.account.models import EmailAddress
        from allauth.account.utils import user_email

        sync_user_email_address(user)
        emails = {user_email(user)} - {"", None}
        emails.update(EmailAddress.objects.filter(user_id=user.pk).values_list("email", flat=True))
        return super()._make_hash_value(user, timestamp) + "|".join(sorted(emails))

    def timeout(self) -> int:
        raise NotImplementedError

    def check_token(self, user, token) -> bool:
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        return self._num_seconds(self._now()) - ts <= self.timeout()


class PasswordResetTokenGenerator(_ExpiringTokenGenerator):
    key_salt = "training.tokens.PasswordResetTokenGenerator"

    def timeout(self) -> int:
        return settings.PASSWORD_RESET_TIMEOUT


class InvitationTokenGenerator(_ExpiringTokenGenerator):
    key_salt = "training.tokens.InvitationTokenGenerator"

    def timeout(self) -> int:
        return settings.INVITATION_TIMEOUT


class ResetOrInvitationTokenGenerator(PasswordResetTokenGenerator):
    """allauth's token generator: makes reset tokens, and accepts a reset token or an
    invitation token on the page where the password is set."""

    def check_token(self, user, token) -> bool:
        return super().check_token(user, token) or invitation_token_generator.check_token(
            user, token
        )


invitation_token_generator = InvitationTokenGenerator()
