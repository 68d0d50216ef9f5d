"""One product name everywhere: 客服学院 in Chinese, "Agent Academy" in English."""

import re

import pytest
from django.core import mail
from wagtail.models import Site

from tests.factories import UserFactory, make_person
from training.roles import Role
from training.services import user_send_invitation

pytestmark = pytest.mark.django_db


def test_the_invitation_email_says_the_name_the_interface_uses():
    person = UserFactory(roles=[Role.LEARNER], password=None)
    person.set_unusable_password()
    person.save()

    assert user_send_invitation(user=person)

    message = mail.outbox[-1]
    assert "客服学院" in message.subject and "客服学院" in message.body
    assert "Agent Academy" not in message.subject + message.body


def test_the_admin_dashboard_is_named_after_the_product_not_localhost(client):
    client.force_login(make_person(Role.ADMINISTRATOR))

    page = client.get("/cms/").content.decode()

    assert re.search(r"<h1[^>]*>\s*客服学院\s*</h1>", page)
    assert "<title>" in page and re.search(r"<title>[^<]*客服学院\s*</title>", page)
    assert "localhost" not in page


def test_the_wagtail_site_is_named_by_migrate():
    assert list(Site.objects.values_list("site_name", flat=True)) == ["客服学院"]


def test_the_site_header_and_page_titles_follow_the_language(client, settings):
    client.force_login(make_person(Role.LEARNER))
    chinese = client.get("/my-training/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/my-training/").content.decode()

    assert re.search(r"<title>[^<]*· 客服学院</title>", chinese)
    assert "<span>客服学院</span>" in chinese
    assert re.search(r"<title>[^<]*· Agent Academy</title>", english)
    assert "<span>Agent Academy</span>" in english


def test_password_reset_emails_name_the_product_not_the_host(client):
    person = make_person(Role.LEARNER)

    client.post("/accounts/password/reset/", {"email": person.email})

    message = mail.outbox[-1]
    assert message.subject.startswith("[客服学院] ")
    assert "客服学院" in message.body
    assert "testserver" not in message.subject + message.body.split("http")[0]
