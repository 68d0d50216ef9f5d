import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english(client, settings):
    # Messages are asserted in English; the product's default language is Chinese.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
