"""Roles: each home is role-checked; the Wagtail admin is for trainers and administrators."""

import pytest
from django.contrib.auth.models import Group

from tests.factories import TeamFactory, make_person
from training.accounts import home_url_for
from training.roles import Role

pytestmark = pytest.mark.django_db


def test_the_four_roles_exist_as_groups_from_the_migration():
    assert set(Role.values) <= set(Group.objects.values_list("name", flat=True))
    admin_access = "wagtailadmin.access_admin"
    perms = {
        g.name: {f"{p.content_type.app_label}.{p.codename}" for p in g.permissions.all()}
        for g in Group.objects.filter(name__in=Role.values)
    }
    assert admin_access in perms["trainer"] and admin_access in perms["administrator"]
    assert admin_access not in perms["learner"] and admin_access not in perms["manager"]
    assert "training.import_roster" in perms["administrator"]


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.LEARNER, {"/my-training/"}),
        (Role.MANAGER, {"/team/"}),
        (Role.TRAINER, {"/trainer/", "/cms/"}),
        (Role.ADMINISTRATOR, {"/team/", "/cms/"}),
    ],
)
def test_homes_are_role_checked(client, role, allowed):
    client.force_login(make_person(role))
    for url in ("/my-training/", "/team/", "/trainer/", "/cms/"):
        response = client.get(url)
        if url in allowed:
            assert response.status_code == 200, url
        elif url == "/cms/":
            # People without admin access end on their own home, not in a log-in loop.
            final = client.get(url, follow=True)
            assert final.redirect_chain[-1][0] == home_url_for(final.wsgi_request.user), url
            assert final.status_code == 200
            assert "wagtail" not in final.content.decode().lower()
        else:
            assert response.status_code == 403, url


def test_anonymous_visitors_are_sent_to_log_in(client):
    for url in ("/", "/my-training/", "/team/", "/trainer/", "/profile/"):
        assert client.get(url)["Location"].startswith("/accounts/login/"), url
    final = client.get("/cms/", follow=True)
    assert final.redirect_chain[-1][0] == "/accounts/login/?next=/cms/"


def test_a_manager_sees_only_the_teams_they_manage(client):
    mine, other = TeamFactory(name="售后一组"), TeamFactory(name="售前二组")
    manager = make_person(Role.MANAGER, team=mine)
    make_person(team=mine, name="陈明")
    make_person(team=other, name="黄丽")
    client.force_login(manager)
    page = client.get("/team/").content.decode()
    assert "售后一组" in page and "陈明" in page
    assert "售前二组" not in page and "黄丽" not in page


def test_navigation_shows_only_the_roles_links(client):
    client.force_login(make_person(Role.LEARNER))
    page = client.get("/my-training/").content.decode()
    assert 'href="/my-training/"' in page
    assert 'href="/team/"' not in page and 'href="/cms/"' not in page
    client.force_login(make_person(Role.TRAINER))
    page = client.get("/trainer/").content.decode()
    assert 'href="/cms/"' in page and 'href="/my-training/"' not in page
