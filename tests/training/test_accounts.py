"""Accounts: e-mail log-in, log-out, password reset, no sign-up, rate limits, invitations."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, make_person
from training.models import User
from training.roles import Role
from training.services import user_send_invitation
from training.tasks import send_invitation

pytestmark = pytest.mark.django_db


def login(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


@pytest.mark.parametrize(
    ("role", "home"),
    [
        (Role.LEARNER, "/my-training/"),
        (Role.MANAGER, "/team/"),
        (Role.TRAINER, "/trainer/"),
        (Role.ADMINISTRATOR, "/cms/"),
    ],
)
def test_each_role_lands_on_its_own_home(client, role, home):
    person = make_person(role)
    response = login(client, person.email)
    assert response.status_code == 302
    assert response["Location"] == home
    assert client.get("/")["Location"] == home


def test_email_is_case_insensitive_at_login(client):
    person = make_person(email="wang.fang@example.com")
    assert login(client, "Wang.Fang@Example.com")["Location"] == "/my-training/"
    assert User.objects.filter(email__iexact="wang.fang@example.com").count() == 1
    assert person.pk == int(client.session["_auth_user_id"])


def test_wrong_password_is_refused_with_a_message(client):
    person = make_person()
    response = login(client, person.email, "not-the-password")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["form"].errors


def test_logout_is_a_post_and_ends_the_session(client):
    person = make_person()
    login(client, person.email)
    assert client.get(reverse("account_logout")).status_code == 200  # a confirmation page only
    assert "_auth_user_id" in client.session
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session
    assert client.get("/my-training/")["Location"].startswith("/accounts/login/")


def test_there_is_no_open_sign_up(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "stranger@example.com", "password1": "Xy7!longpass", "password2": "Xy7!longpass"},
    )
    assert not User.objects.filter(email="stranger@example.com").exists()
    assert "signup_closed" in response.templates[0].name or response.status_code in (302, 403)
    assert "sign up" not in client.get(reverse("account_login")).content.decode().lower()


def test_password_reset_by_email_sets_a_new_password(client):
    person = make_person()
    client.post(reverse("account_reset_password"), {"email": person.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    path = re.sub(r"^https?://[^/]+", "", link.group(0))
    form_page = client.get(path, follow=True)
    client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else path,
        {"password1": "Brand-new-pass-2026", "password2": "Brand-new-pass-2026"},
    )
    person.refresh_from_db()
    assert person.check_password("Brand-new-pass-2026")


def test_repeated_failed_logins_are_rate_limited(client):
    person = make_person()
    for _ in range(5):
        assert login(client, person.email, "wrong").context["form"].errors
    blocked = login(client, person.email)  # even the right password is refused now
    assert "_auth_user_id" not in client.session
    assert blocked.context["form"].has_error("__all__", "too_many_login_attempts")


def test_invitation_links_to_setting_a_password_and_is_sent_once(client):
    newcomer = User.objects.create_user(email="new.hire@example.com", name="新同事")
    assert user_send_invitation(user=newcomer) is True
    assert send_invitation(newcomer.pk) is False  # already invited: nothing more goes out
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.hire@example.com"]
    path = re.sub(r"^https?://[^/]+", "", re.search(r"https?://\S+", message.body).group(0))
    page = client.get(path, follow=True)
    client.post(
        page.redirect_chain[-1][0] if page.redirect_chain else path,
        {"password1": "Welcome-aboard-2026", "password2": "Welcome-aboard-2026"},
    )
    newcomer.refresh_from_db()
    assert newcomer.check_password("Welcome-aboard-2026")
    # Someone who has set a password is not invited again, even on request.
    assert user_send_invitation(user=newcomer, force=True) is False


def test_invitation_is_in_chinese(client):
    newcomer = User.objects.create_user(email="xin@example.com", name="小新")
    user_send_invitation(user=newcomer)
    assert "小新" in mail.outbox[0].body
    assert re.search(r"[\u4e00-\u9fff]{4,}", mail.outbox[0].subject + mail.outbox[0].body)


def test_account_e_mails_carry_the_products_chinese_name(client):
    person = make_person()
    client.post(reverse("account_reset_password"), {"email": person.email})
    newcomer = User.objects.create_user(email="xin@example.com", name="小新")
    user_send_invitation(user=newcomer)

    reset, invitation = mail.outbox
    assert reset.subject.startswith("[客服学院] ")
    assert "客服学院" in invitation.subject and "客服学院" in invitation.body
    assert "Agent Academy" not in reset.subject + invitation.subject + invitation.body
