"""People in the Wagtail admin: roster import page, teams, agent profiles, user forms."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from tests.factories import AgentProfileFactory, TeamFactory, UserFactory, make_person
from training.models import AgentProfile, ImportJob, Team, User
from training.roles import Role

pytestmark = pytest.mark.django_db

ROSTER_URL = "/cms/roster/import/"
HEADER = ["工号", "姓名", "邮箱", "团队", "岗位", "级别", "入职日期", "角色"]


@pytest.fixture(autouse=True)
def _english(client, settings):
    # Pages and messages are asserted in English; the product's default language is Chinese.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def as_user(client, role):
    user = make_person(role)
    client.force_login(user)
    return user


def roster_upload(rows, name="roster.csv", encoding="utf-8-sig"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding), content_type="text/csv")


def upload_and_follow(client, capture_on_commit, upload):
    """Upload a roster, let its import job run, and open the job's page."""
    with capture_on_commit(execute=True):
        response = client.post(ROSTER_URL, {"roster": upload})
    assert response.status_code == 302
    return client.get(response["Location"])


GOOD_ROWS = [
    ["H001", "张伟", "zw@shop.example.cn", "售后一组", "一线客服", "初级", "2025-03-01", "学员"],
    ["H002", "李娜", "lina@shop.example.cn", "售后一组", "客服主管", "高级", "2021/7/1", "主管"],
    ["H003", "王强", "wangqiang@shop.example.cn", "", "培训师", "中级", "2020年5月6日", "培训师"],
]


def test_an_administrator_imports_a_roster_and_sees_the_summary(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    as_user(client, Role.ADMINISTRATOR)
    Team.objects.create(name="售后一组")  # new teams are asked about first (test_roster_new_teams)

    page = client.get(ROSTER_URL)
    assert page.status_code == 200
    assert reverse("training_roster_template") in page.text
    response = upload_and_follow(
        client, django_capture_on_commit_callbacks, roster_upload(GOOD_ROWS)
    )

    assert response.status_code == 200
    assert "The roster was imported." in response.text
    assert '<td data-outcome="created">3</td>' in response.text
    assert "H001, H002, H003" in response.text
    assert set(AgentProfile.objects.values_list("employee_no", flat=True)) >= {"H001", "H003"}
    assert User.objects.get(email="lina@shop.example.cn").managed_teams.get().name == "售后一组"
    assert len(mailoutbox) == 3

    again = upload_and_follow(client, django_capture_on_commit_callbacks, roster_upload(GOOD_ROWS))
    assert '<td data-outcome="unchanged">3</td>' in again.text
    assert len(mailoutbox) == 3


def test_a_bad_upload_shows_every_problem_in_the_shared_table_and_changes_nothing(
    client, django_capture_on_commit_callbacks
):
    as_user(client, Role.ADMINISTRATOR)
    rows = [list(row) for row in GOOD_ROWS]
    rows[0][7] = "老板"
    rows[2][2] = "wangqiang-at-shop"
    profiles_before = AgentProfile.objects.count()

    response = upload_and_follow(
        client, django_capture_on_commit_callbacks, roster_upload(rows, encoding="gbk")
    )

    assert response.status_code == 200
    assert 'role="alert"' in response.text
    assert "2 problems were found" in response.text
    assert '<th scope="row">2</th>' in response.text
    assert '<th scope="row">4</th>' in response.text
    assert "“wangqiang-at-shop” is not a valid e-mail address." in response.text
    assert AgentProfile.objects.count() == profiles_before
    assert not User.objects.filter(email="zw@shop.example.cn").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("roster.csv", bytes(range(256)) * 8, "not a readable text file"),
        ("roster.pdf", b"%PDF-1.4", "Only CSV and XLSX files can be imported"),
        ("roster.xlsx", b"PK\x03\x04junk", "not a valid .xlsx workbook"),
    ],
)
def test_a_hostile_upload_gets_a_clear_error(
    client, django_capture_on_commit_callbacks, name, content, message
):
    as_user(client, Role.ADMINISTRATOR)
    users_before = User.objects.count()

    response = upload_and_follow(
        client, django_capture_on_commit_callbacks, SimpleUploadedFile(name, content)
    )

    assert response.status_code == 200
    assert message in response.text
    assert User.objects.count() == users_before


def test_an_oversized_roster_is_refused_on_the_upload_page_naming_both_sizes(client):
    as_user(client, Role.ADMINISTRATOR)
    upload = SimpleUploadedFile("roster.csv", b"x" * (5 * 1024 * 1024 + 10))

    response = client.post(ROSTER_URL, {"roster": upload})

    assert response.status_code == 200
    assert "The file is 5.1 MB, over the limit of 5.0 MB." in response.text
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("role", [Role.TRAINER, Role.LEARNER, Role.MANAGER])
def test_only_people_allowed_to_import_the_roster_reach_the_page(client, role):
    as_user(client, role)
    users_before = User.objects.count()

    page = client.get(ROSTER_URL)
    upload = client.post(ROSTER_URL, {"roster": roster_upload(GOOD_ROWS)})
    template = client.get(reverse("training_roster_template"))

    for response in (page, upload, template):
        assert response.status_code in (302, 403)
        assert not response.get("Location", "").startswith(ROSTER_URL)
    assert User.objects.count() == users_before


def test_the_menu_offers_the_roster_import_to_administrators_only(client):
    as_user(client, Role.ADMINISTRATOR)
    assert ROSTER_URL in client.get("/cms/").text

    client.force_login(make_person(Role.TRAINER))
    assert ROSTER_URL not in client.get("/cms/").text


def test_the_csv_template_has_the_chinese_headers_and_a_bom_for_excel(client):
    as_user(client, Role.ADMINISTRATOR)

    response = client.get(reverse("training_roster_template"))

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.decode("utf-8") == "\ufeff" + ",".join(HEADER) + "\r\n"


def test_the_user_create_form_edits_name_and_invites_people_without_a_password(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    as_user(client, Role.ADMINISTRATOR)
    add_url = reverse("wagtailusers_users:add")

    form = client.get(add_url)
    assert form.status_code == 200
    assert 'name="name"' in form.text
    assert 'name="first_name"' not in form.text and 'name="last_name"' not in form.text
    learner_group = Group.objects.get(name=Role.LEARNER)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            add_url,
            {"email": "Chen.Jing@Shop.example.cn", "name": "陈静", "groups": [learner_group.pk]},
        )

    assert response.status_code == 302, response.context["form"].errors
    created = User.objects.get(email="chen.jing@shop.example.cn")
    assert created.name == "陈静"
    assert created.role_names == {Role.LEARNER}
    assert not created.has_usable_password()
    assert [mail.to for mail in mailoutbox] == [["chen.jing@shop.example.cn"]]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            add_url,
            {
                "email": "zhao@shop.example.cn",
                "name": "赵磊",
                "password1": "a-long-Passphrase-42",
                "password2": "a-long-Passphrase-42",
            },
        )
    assert User.objects.get(email="zhao@shop.example.cn").check_password("a-long-Passphrase-42")
    assert len(mailoutbox) == 1  # a person given a password is not invited


def test_an_administrator_who_is_not_a_superuser_cannot_make_one(client):
    as_user(client, Role.ADMINISTRATOR)

    client.post(
        reverse("wagtailusers_users:add"),
        {"email": "sneaky@shop.example.cn", "name": "某人", "is_superuser": "on"},
    )

    assert User.objects.get(email="sneaky@shop.example.cn").is_superuser is False


def test_the_user_edit_form_saves_the_name(client):
    as_user(client, Role.ADMINISTRATOR)
    person = make_person(Role.LEARNER, name="旧名字")
    edit_url = reverse("wagtailusers_users:edit", args=[person.pk])

    form = client.get(edit_url)
    assert 'value="旧名字"' in form.text
    groups = list(person.groups.values_list("pk", flat=True))
    response = client.post(
        edit_url, {"email": person.email, "name": "新名字", "is_active": "on", "groups": groups}
    )

    assert response.status_code == 302, response.context["form"].errors
    person.refresh_from_db()
    assert person.name == "新名字"
    assert person.has_usable_password()


def test_the_user_list_is_searchable_by_name(client):
    as_user(client, Role.ADMINISTRATOR)
    UserFactory(name="欧阳娜娜", email="oy@shop.example.cn")
    UserFactory(name="司马光", email="sm@shop.example.cn")

    response = client.get(reverse("wagtailusers_users:index"), {"q": "欧阳", "ordering": "name"})

    assert "oy@shop.example.cn" in response.text
    assert "sm@shop.example.cn" not in response.text


def test_an_administrator_resends_an_invitation(client, mailoutbox):
    as_user(client, Role.ADMINISTRATOR)
    invitee = UserFactory(email="late@shop.example.cn", password=None)
    invitee.set_unusable_password()
    invitee.save()
    url = reverse("training_resend_invitation", args=[invitee.pk])

    assert url in client.get(reverse("wagtailusers_users:index")).text
    assert client.get(url).status_code == 200
    response = client.post(url)

    assert response.status_code == 302
    assert [mail.to for mail in mailoutbox] == [["late@shop.example.cn"]]
    client.post(url)
    assert len(mailoutbox) == 2  # resending is deliberate, so it is not idempotent


def test_agent_profiles_are_listed_filtered_and_searched(client):
    as_user(client, Role.ADMINISTRATOR)
    north, south = TeamFactory(name="北区"), TeamFactory(name="南区")
    AgentProfileFactory(employee_no="N100", team=north, user=UserFactory(name="孙丽"))
    AgentProfileFactory(employee_no="S200", team=south, user=UserFactory(name="周杰"))
    index = reverse("agent_profiles:index")

    listing = client.get(index)
    assert listing.status_code == 200
    assert "N100" in listing.text and "孙丽" in listing.text and "南区" in listing.text
    filtered = client.get(index, {"team": north.pk})
    assert "N100" in filtered.text and "S200" not in filtered.text
    searched = client.get(index, {"q": "周杰"})
    assert "S200" in searched.text and "N100" not in searched.text


def test_teams_are_managed_by_administrators_and_only_viewed_by_trainers(client):
    as_user(client, Role.ADMINISTRATOR)
    manager = make_person(Role.MANAGER, name="钱经理")

    response = client.post(reverse("teams:add"), {"name": "夜班组", "managers": [manager.pk]})

    assert response.status_code == 302
    team = Team.objects.get(name="夜班组")
    assert list(team.managers.all()) == [manager]
    assert "夜班组" in client.get(reverse("teams:index")).text

    client.force_login(make_person(Role.TRAINER))
    assert "夜班组" in client.get(reverse("teams:index")).text
    assert client.get(reverse("teams:inspect", args=[team.pk])).status_code == 200
    assert client.get(reverse("teams:add")).status_code in (302, 403)
    assert client.get(reverse("teams:edit", args=[team.pk])).status_code in (302, 403)
