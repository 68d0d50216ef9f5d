"""What is written once for everyone is in the site's language (`training.i18n.
in_site_language`), whatever language the person or task writing it works in."""

import re

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from training.i18n import in_site_language
from training.models import User
from training.services import user_send_invitation

CHINESE = re.compile(r"[\u4e00-\u9fff]{4,}")


@pytest.mark.django_db
def test_an_invitation_sent_by_an_administrator_working_in_english_is_in_chinese():
    newcomer = User.objects.create_user(email="xin@example.com", name="小新")
    with translation.override("en"):
        user_send_invitation(user=newcomer)
    [message] = mail.outbox
    assert CHINESE.search(message.subject), message.subject
    assert "Agent Academy" not in message.subject + message.body


def test_inside_the_site_language_and_the_callers_language_after(settings):
    with translation.override("en"):
        with in_site_language():
            assert translation.get_language() == "zh-hans"
            assert gettext("Courses") == "课程"
        assert translation.get_language() == "en"
    settings.LANGUAGE_CODE = "en"  # a site set up in English writes English
    with translation.override("zh-hans"), in_site_language():
        assert gettext("Courses") == "Courses"


def test_as_a_decorator():
    @in_site_language()
    def title():
        return gettext("Courses")

    with translation.override("en"):
        assert title() == "课程"
