"""Chinese by default, whatever the browser asks for; English one click away."""

import pytest

from tests.factories import make_person

pytestmark = pytest.mark.django_db


def test_pages_are_chinese_by_default_even_for_an_english_browser(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    page = response.content.decode()
    assert '<html lang="zh-Hans">' in page
    assert "登录" in page
    assert response["Content-Language"] == "zh-hans"


def test_switching_to_english_and_back(client):
    client.force_login(make_person())
    chinese = client.get("/my-training/").content.decode()
    assert "我的培训" in chinese
    assert 'name="language" value="en"' in chinese  # the switch offers English

    client.post("/i18n/setlang/", {"language": "en", "next": "/my-training/"})
    english = client.get("/my-training/").content.decode()
    assert '<html lang="en">' in english and "My training" in english
    assert 'name="language" value="zh-hans"' in english

    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/my-training/"})
    assert "我的培训" in client.get("/my-training/").content.decode()


def test_an_unknown_language_cookie_falls_back_to_chinese(client):
    client.cookies["django_language"] = "xx"
    assert '<html lang="zh-Hans">' in client.get("/accounts/login/").content.decode()


def test_time_zone_is_shanghai(settings):
    assert settings.TIME_ZONE == "Asia/Shanghai"
