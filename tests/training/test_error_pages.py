"""Error pages are the site's own: its look, the reader's language, and a way back."""

import pytest
from django.test import Client, RequestFactory
from django.utils import translation
from django.views.defaults import server_error

from tests.factories import make_person
from training.roles import Role

pytestmark = pytest.mark.django_db


def assert_site_page(response, status):
    page = response.content.decode()
    assert response.status_code == status
    assert "/static/css/site.css" in page  # the site's look, not Django's bare page
    assert '<html lang="zh-Hans">' in page
    return page


def test_an_administrator_opening_my_work_gets_a_chinese_page_with_a_way_home(client, settings):
    assert settings.DEBUG is False
    client.force_login(make_person(Role.ADMINISTRATOR, name="周敏"))

    page = assert_site_page(client.get("/trainer/"), 403)

    assert "没有权限访问此页面" in page
    assert "周敏" in page
    assert 'href="/"' in page and "回到我的首页" in page
    assert "403 Forbidden" not in page


def test_a_missing_page_is_a_chinese_404_with_the_log_in_for_someone_logged_out(client):
    page = assert_site_page(client.get("/no-such-page/"), 404)

    assert "找不到页面" in page
    assert 'href="/accounts/login/?next=/no-such-page/"' in page
    assert "Not Found" not in page


def test_a_logged_in_learner_gets_the_404_with_their_header_and_home_link(client):
    client.force_login(make_person(Role.LEARNER))

    page = assert_site_page(client.get("/learning/nothing-here/"), 404)

    assert "找不到页面" in page and "回到我的首页" in page
    assert "我的培训" in page  # the site's navigation for their role


def test_the_error_pages_follow_the_chosen_language(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert '<html lang="en">' in response.text and "Page not found" in response.text


@pytest.mark.urls("tests.training.error_urls")
def test_a_server_error_is_a_chinese_page_in_the_sites_look():
    client = Client(raise_request_exception=False)
    client.force_login(make_person(Role.LEARNER))

    page = assert_site_page(client.get("/broken/"), 500)

    assert "出错了" in page
    assert 'href="/"' in page
    assert "Server Error" not in page


def test_the_500_page_renders_without_touching_the_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with translation.override("zh-hans"), django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert "出错了" in response.content.decode()


def test_a_form_sent_without_its_csrf_token_gets_a_chinese_page_saying_what_to_do():
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_person(Role.LEARNER))

    page = assert_site_page(client.post("/inbox/read-all/"), 403)

    assert "表单已过期" in page
    assert "CSRF verification failed" not in page


def test_a_request_for_an_unknown_host_gets_the_400_page(client):
    page = assert_site_page(client.get("/", HTTP_HOST="evil.example.com"), 400)

    assert "无法处理此请求" in page
    assert "Bad Request" not in page


def test_too_many_log_in_attempts_get_the_429_page(client):
    for n in range(40):
        response = client.post(
            "/accounts/login/", {"login": f"x{n}@example.com", "password": "wrong"}
        )
        if response.status_code == 429:
            break

    page = assert_site_page(response, 429)
    assert "尝试次数过多" in page
