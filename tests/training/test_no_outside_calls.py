"""The Wagtail admin calls nothing outside the intranet: no update check, no avatars."""

import pytest

from tests.factories import UserFactory
from training.roles import Role

pytestmark = pytest.mark.django_db


def test_wagtails_update_check_banner_and_avatars_are_off(settings):
    assert settings.WAGTAIL_ENABLE_UPDATE_CHECK is False
    assert settings.WAGTAIL_ENABLE_WHATS_NEW_BANNER is False
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None


def test_the_dashboard_names_no_outside_server(client):
    # The update check is shown to superusers only: the strictest case.
    admin = UserFactory(roles=[Role.ADMINISTRATOR], is_superuser=True, email="boss@example.com")
    client.force_login(admin)

    page = client.get("/cms/").content.decode()

    assert "releases.wagtail.org" not in page
    assert "w-upgrade" not in page  # the controller that fetches it
    assert "gravatar" not in page
