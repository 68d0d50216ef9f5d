"""What a person cannot do to an account: change its e-mail, keep a reset link for a week,
or be logged out by a link; and what a lesson's files need: a log-in."""

import datetime
import importlib
import re
from unittest import mock

import pytest
from allauth.account import app_settings as account_settings
from allauth.account.forms import AddEmailForm as AllauthAddEmailForm
from allauth.account.models import EmailAddress
from allauth.utils import get_form_class
from django.apps import apps as django_apps
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.core.files.base import ContentFile
from django.test import RequestFactory
from wagtail.documents.models import Document

from tests.factories import PASSWORD, make_person
from training.accounts import AddEmailForm
from training.media import serve_media
from training.models import User
from training.roles import Role
from training.services import user_send_invitation

pytestmark = pytest.mark.django_db


# --- E-mail addresses come from HR and administrators ---------------------------------


@pytest.mark.parametrize("role", [Role.LEARNER, Role.MANAGER, Role.TRAINER])
def test_nobody_adds_or_changes_their_own_email_address(client, role):
    person = make_person(role, email="me@example.com")
    colleague = make_person(email="colleague@example.com")
    client.force_login(person)

    page = client.get("/accounts/email/", follow=True)
    assert page.redirect_chain[-1][0] == "/profile/"
    assert "administrator" in page.content.decode() or "管理员" in page.content.decode()
    for action in ("action_add", "action_primary"):
        client.post("/accounts/email/", {action: "", "email": "colleague@example.com"})
    client.post("/accounts/email/", {"action_add": "", "email": "new@example.com"})

    person.refresh_from_db()
    assert person.email == "me@example.com"
    assert not EmailAddress.objects.filter(email__in=["colleague@example.com", "new@example.com"])
    assert User.objects.get(email="colleague@example.com") == colleague


def test_the_wagtail_account_page_changes_no_email_either(client):
    trainer = make_person(Role.TRAINER, email="trainer@example.com")
    client.force_login(trainer)
    page = client.get("/cms/account/")
    assert page.status_code == 200
    assert 'name="name_email-email"' not in page.content.decode()
    client.post("/cms/account/", {"name_email-email": "other@example.com"})
    trainer.refresh_from_db()
    assert trainer.email == "trainer@example.com"


def test_someone_elses_address_is_refused_where_allauth_adds_addresses():
    # The cause of the server error: an address of another account went through, then
    # making it primary collided with that person's log-in.
    person = make_person(email="me@example.com")
    make_person(email="colleague@example.com")
    form_class = get_form_class(account_settings.FORMS, "add_email", AllauthAddEmailForm)
    assert issubclass(form_class, AddEmailForm)
    form = form_class(user=person, data={"email": "Colleague@example.com"})
    assert not form.is_valid()
    assert "email" in form.errors


def test_an_address_hr_replaced_no_longer_logs_in_nor_receives_reset_links(client):
    person = make_person(email="old@example.com")
    EmailAddress.objects.create(user=person, email="old@example.com", primary=True, verified=True)

    person.email = "new@example.com"  # HR's roster, or an administrator, changes it
    person.save()

    client.post("/accounts/login/", {"login": "old@example.com", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    client.post("/accounts/password/reset/", {"email": "old@example.com"})
    assert not [message for message in mail.outbox if "/password/reset/key/" in message.body]
    client.post("/accounts/login/", {"login": "new@example.com", "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(person.pk)


def test_addresses_people_added_themselves_are_forgotten_by_the_migration():
    migration = importlib.import_module("training.migrations.0006_forget_other_email_addresses")
    person = make_person(email="me@example.com")
    EmailAddress.objects.create(user=person, email="ME@example.com", primary=True)
    EmailAddress.objects.create(user=person, email="colleague@example.com")

    migration.forget_other_email_addresses(django_apps, None)

    assert list(EmailAddress.objects.values_list("email", flat=True)) == ["ME@example.com"]


# --- Reset links last an hour, invitations a week -------------------------------------


def link_path(message) -> str:
    url = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", message.body).group(0)
    return re.sub(r"^https?://[^/]+", "", url)


def set_password(client, path, password) -> bool:
    page = client.get(path, follow=True)
    if page.context.get("token_fail"):
        return False
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else path
    client.post(form_url, {"password1": password, "password2": password})
    return True


def later(**delta):
    moment = datetime.datetime.now() + datetime.timedelta(**delta)
    return mock.patch.object(PasswordResetTokenGenerator, "_now", return_value=moment)


def test_a_reset_link_expires_after_the_reset_timeout_while_an_invitation_still_works(
    client, settings
):
    assert settings.PASSWORD_RESET_TIMEOUT <= 3600
    person = make_person()
    newcomer = User.objects.create_user(email="new.hire@example.com", name="新同事")
    client.post("/accounts/password/reset/", {"email": person.email})
    user_send_invitation(user=newcomer)
    reset, invitation = (link_path(message) for message in mail.outbox)

    with later(seconds=settings.PASSWORD_RESET_TIMEOUT + 60):
        assert not set_password(client, reset, "Brand-new-pass-2026")
        assert set_password(client, invitation, "Welcome-aboard-2026")

    person.refresh_from_db()
    newcomer.refresh_from_db()
    assert person.check_password(PASSWORD)
    assert newcomer.check_password("Welcome-aboard-2026")


def test_a_reset_link_works_within_the_hour(client):
    person = make_person()
    client.post("/accounts/password/reset/", {"email": person.email})
    with later(minutes=50):
        assert set_password(client, link_path(mail.outbox[0]), "Brand-new-pass-2026")
    person.refresh_from_db()
    assert person.check_password("Brand-new-pass-2026")


def test_an_invitation_expires_after_its_own_timeout(client, settings):
    newcomer = User.objects.create_user(email="new.hire@example.com", name="新同事")
    user_send_invitation(user=newcomer)
    with later(seconds=settings.INVITATION_TIMEOUT + 60):
        assert not set_password(client, link_path(mail.outbox[0]), "Welcome-aboard-2026")
    newcomer.refresh_from_db()
    assert not newcomer.has_usable_password()


# --- Log-out is a POST everywhere ------------------------------------------------------


@pytest.mark.parametrize("url", ["/cms/logout/", "/accounts/logout/"])
def test_a_get_to_a_log_out_address_changes_nothing(client, url):
    admin = make_person(Role.ADMINISTRATOR)
    client.post("/accounts/login/", {"login": admin.email, "password": PASSWORD})
    session_key = client.session.session_key

    response = client.get(url)

    assert "sessionid" not in response.cookies  # neither deleted nor replaced
    assert client.session.session_key == session_key
    assert client.get("/cms/").status_code == 200


def test_the_wagtail_admin_logs_out_by_post(client):
    admin = make_person(Role.ADMINISTRATOR)
    client.force_login(admin)
    client.post("/cms/logout/")
    assert "_auth_user_id" not in client.session
    assert client.get("/cms/")["Location"].startswith("/admin-login/")


# --- Lesson files are for people logged in ---------------------------------------------


@pytest.fixture
def handout():
    return Document.objects.create(
        title="话术速查表", file=ContentFile(b"%PDF-1.4 handout", name="scripts.pdf")
    )


def test_a_lesson_document_is_refused_to_anonymous_visitors(client, handout):
    response = client.get(handout.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/documents/")


def test_a_lesson_document_is_served_to_a_learner(client, handout):
    client.force_login(make_person())
    response = client.get(handout.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 handout"


def test_development_media_serving_needs_a_log_in_and_never_serves_documents(handout):
    factory = RequestFactory()
    name = handout.file.name  # documents/scripts.pdf
    anonymous = factory.get(f"/media/{name}")
    anonymous.user = mock.Mock(is_authenticated=False)
    assert serve_media(anonymous, path=name).status_code == 302

    learner = factory.get(f"/media/{name}")
    learner.user = make_person()
    for path in (name, f"images/../{name}"):
        with pytest.raises(Exception) as refused:
            serve_media(learner, path=path)
        assert refused.type.__name__ == "Http404"


def test_the_proxy_may_serve_an_image_only_to_someone_logged_in(client):
    # nginx's auth_request asks before serving MEDIA_URL (README).
    assert client.get("/media-access/").status_code == 401
    client.force_login(make_person())
    assert client.get("/media-access/").status_code == 204
