"""What the site tells browsers: pages for someone logged in are not stored, scripts and
styles come from the site itself, no page asks for camera or microphone, and the language
cookie is as guarded as the session cookie."""

import pytest

from tests.factories import make_person
from tests.training.test_deploy_settings import PRODUCTION_ENV, run_manage
from training.roles import Role

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


@pytest.mark.parametrize(
    ("role", "url"),
    [
        (Role.LEARNER, "/my-training/"),
        (Role.LEARNER, "/profile/"),
        (Role.MANAGER, "/team/"),
        (Role.TRAINER, "/trainer/"),
        (Role.ADMINISTRATOR, "/cms/"),
    ],
)
def test_a_page_for_someone_logged_in_is_private_and_not_stored(client, role, url):
    client.force_login(make_person(role))
    response = client.get(url)
    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert "public" not in cache_control


def test_the_learner_pages_allow_no_inline_script_or_style(client):
    client.force_login(make_person())
    policy = directives(client.get("/my-training/"))
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]


def test_only_the_wagtail_admin_is_allowed_inline_code(client):
    client.force_login(make_person(Role.ADMINISTRATOR))
    admin = directives(client.get("/cms/"))
    assert "'unsafe-inline'" in admin["script-src"]
    site = directives(client.get("/profile/"))
    assert "'unsafe-inline'" not in site["script-src"] + site["style-src"]
    anonymous = directives(client.get("/accounts/login/"))  # the log-in page is not /cms/
    assert "'unsafe-inline'" not in anonymous["script-src"] + anonymous["style-src"]


def test_no_page_may_use_camera_microphone_or_location(client):
    for response in (client.get("/accounts/login/"), client.get("/my-training/", follow=True)):
        policy = response["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
            assert feature in policy


def test_the_language_cookie_is_not_readable_by_scripts_nor_sent_by_other_sites(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    cookie = response.cookies["django_language"]
    assert cookie.value == "en"
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"]


def test_the_language_cookie_is_secure_in_production_like_the_session_cookie():
    script = (
        "from django.conf import settings; "
        "print(settings.LANGUAGE_COOKIE_SECURE, settings.SESSION_COOKIE_SECURE)"
    )
    production = run_manage("shell", "--no-imports", "-c", script, env=PRODUCTION_ENV)
    assert production.stdout.split() == ["True", "True"], production.stderr
    development = run_manage(
        "shell", "--no-imports", "-c", script, env={**PRODUCTION_ENV, "DEBUG": "1"}
    )
    assert development.stdout.split() == ["False", "False"], development.stderr
