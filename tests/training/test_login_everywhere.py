"""Every way into the site tries a password through the one limited log-in (allauth's)."""

import time
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from wagtail.models import Page, PageViewRestriction

from tests.factories import PASSWORD, make_person
from tests.training.test_deploy_settings import PRODUCTION_ENV, run_manage
from training.apps import create_cache_table
from training.roles import Role

pytestmark = pytest.mark.django_db

# Each log-in page with the names of its e-mail and password fields.
LOGIN_FORMS = [
    ("/accounts/login/", "login"),  # allauth: everybody
    ("/cms/login/", "username"),  # Wagtail's admin
    ("/_util/login/", "username"),  # Wagtail's front-end log-in for private pages
]


def try_password(client, url, field, email, password):
    client.post(url, {field: email, "password": password})
    logged_in = "_auth_user_id" in client.session
    client.logout()
    return logged_in


@pytest.mark.parametrize("role", [Role.LEARNER, Role.TRAINER, Role.ADMINISTRATOR])
def test_twenty_wrong_passwords_at_every_log_in_page_lock_the_account_at_every_one(client, role):
    person = make_person(role)
    for url, field in LOGIN_FORMS:
        for _ in range(20):
            assert not try_password(client, url, field, person.email, "guess")

    for url, field in LOGIN_FORMS:
        assert not try_password(client, url, field, person.email, PASSWORD), url

    # The limit expires (allauth's five failures per five minutes); then the right password
    # works again, through the one log-in page.
    later = time.time() + 301
    with mock.patch("time.time", return_value=later):
        assert try_password(client, "/accounts/login/", "login", person.email, PASSWORD)


@pytest.mark.parametrize(("url", "field"), LOGIN_FORMS[1:])
def test_no_other_page_tries_a_password_outside_the_limit(client, url, field):
    person = make_person(Role.ADMINISTRATOR)
    assert not try_password(client, url, field, person.email, PASSWORD)
    assert try_password(client, "/accounts/login/", "login", person.email, PASSWORD)


def test_the_old_log_in_pages_send_people_to_the_one_log_in_page(client):
    response = client.get("/cms/login/?next=/cms/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/cms/pages/"
    response = client.get("/_util/login/?next=/learning/")
    assert response["Location"] == "/accounts/login/?next=/learning/"
    # An outside address in `next` is dropped, not followed.
    response = client.get("/_util/login/?next=https://evil.example.com/")
    assert response["Location"] == "/accounts/login/?next=/"


def test_the_production_cache_is_shared_by_every_web_process():
    script = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    env = {**PRODUCTION_ENV}
    database = run_manage("shell", "--no-imports", "-c", script, env=env)
    assert database.stdout.strip() == "django.core.cache.backends.db.DatabaseCache", (
        database.stderr
    )
    redis = run_manage("shell", "--no-imports", "-c", script, env={**env, "CACHE_URL": "redis://cache:6379/2"})
    assert redis.stdout.strip() == "django.core.cache.backends.redis.RedisCache", redis.stderr
    refused = run_manage("check", env={**env, "CACHE_URL": "memcached://cache:11211"})
    assert refused.returncode != 0
    assert "CACHE_URL" in refused.stderr


def test_behind_the_proxy_the_limits_count_each_client_s_own_address(client):
    # Two people behind the same proxy: one's failures do not lock the other out.
    guesser, colleague = make_person(), make_person()
    for _ in range(12):
        client.post(
            "/accounts/login/",
            {"login": guesser.email, "password": "guess"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="192.168.7.66",
        )
    client.post(
        "/accounts/login/",
        {"login": colleague.email, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="192.168.7.10",
    )
    assert client.session["_auth_user_id"] == str(colleague.pk)


DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "academy_cache",
    }
}


def test_failed_log_ins_are_counted_in_the_database_that_all_processes_share(client):
    person = make_person()
    with override_settings(CACHES=DATABASE_CACHE):
        create_cache_table(sender=None, verbosity=0)  # what every `migrate` runs
        assert "academy_cache" in connection.introspection.table_names()
        for _ in range(5):
            try_password(client, "/accounts/login/", "login", person.email, "guess")
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM academy_cache")
            assert cursor.fetchone()[0] > 0
        # Another process has its own memory but the same table: it refuses the password too.
        assert not try_password(client, "/accounts/login/", "login", person.email, PASSWORD)
        cache.clear()
        assert try_password(client, "/accounts/login/", "login", person.email, PASSWORD)


def test_a_shared_page_password_is_tried_only_within_the_limit(client):
    # Shared passwords are switched off in the admin; one left in the database (from before)
    # is still not open to guessing.
    root = Page.objects.get(depth=1)
    page = root.add_child(instance=Page(title="内部通知", slug="notice"))
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="s3cret-notice"
    )
    url = f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"
    for _ in range(5):
        assert client.post(url, {"password": "guess", "return_url": "/"}).status_code == 200
    refused = client.post(url, {"password": "s3cret-notice", "return_url": "/"})
    assert refused.status_code == 429
    assert not client.session.get("passed_page_view_restrictions")
