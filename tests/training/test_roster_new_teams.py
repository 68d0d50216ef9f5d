"""A roster naming a team that does not exist asks before creating it: a typo in a team's
name must not quietly become a team with no manager."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from tests.factories import UserFactory, make_person
from training.importers.errors import ImportRejected
from training.importers.roster import roster_import_file
from training.models import AgentProfile, ImportJob, Team, User
from training.roles import Role
from training.tasks import run_import_job

pytestmark = pytest.mark.django_db

HEADER = "工号,姓名,邮箱,团队,岗位,级别,入职日期,角色\n"
TYPO_ROSTER = (
    HEADER
    + "H201,张伟,zw@shop.example.cn,售后服务二组,一线客服,初级,2025-03-01,学员\n"
    + "H202,王芳,wf@shop.example.cn,售后服务三组,一线客服,初级,2025-03-01,学员\n"
)
FIRST_ROSTER = (
    HEADER
    + "M001,刘洋,ly@shop.example.cn,售后一组,客服主管,高级,2024-01-01,主管\n"
    + "H101,陈静,cj@shop.example.cn,售后一组,一线客服,初级,2025-03-01,学员\n"
    + "H102,赵磊,zl@shop.example.cn,售后二组,一线客服,初级,2025-03-01,学员\n"
)


def upload(client, text, name="roster.csv"):
    file = SimpleUploadedFile(name, text.encode("utf-8-sig"), content_type="text/csv")
    return client.post(reverse("training_roster_import"), {"roster": file})


def run_queued_jobs(queued):
    for callback in queued:
        callback()


@pytest.fixture
def admin_client(client):
    # An administrator with no team of their own: the site starts with no team at all.
    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR]))
    return client


def test_a_mistyped_team_is_named_and_nothing_is_created_until_confirmed(
    admin_client, django_capture_on_commit_callbacks
):
    Team.objects.create(name="售后服务二组")

    with django_capture_on_commit_callbacks() as queued:
        page = upload(admin_client, TYPO_ROSTER)

    assert page.status_code == 200
    assert "将新建以下团队：售后服务三组（无主管）" in page.text
    assert "售后服务二组（" not in page.text  # an existing team is not new
    assert not queued and not ImportJob.objects.exists()
    assert not Team.objects.filter(name="售后服务三组").exists()
    assert not User.objects.filter(email__in=["zw@shop.example.cn", "wf@shop.example.cn"])


def test_cancelling_imports_nothing(admin_client):
    page = upload(admin_client, TYPO_ROSTER)
    held = page.context["held"]

    response = admin_client.post(reverse("training_roster_import"), {"held": held})

    assert response.status_code == 302
    assert not ImportJob.objects.exists() and not Team.objects.filter(name="售后服务三组")
    # The held file is gone: confirming afterwards imports nothing either.
    again = admin_client.post(
        reverse("training_roster_import"), {"held": held, "confirm": "1"}, follow=True
    )
    assert not ImportJob.objects.exists()
    assert "请重新选择文件" in again.text


def test_confirming_creates_the_new_team_with_its_people(
    admin_client, django_capture_on_commit_callbacks
):
    Team.objects.create(name="售后服务二组")
    held = upload(admin_client, TYPO_ROSTER).context["held"]

    with django_capture_on_commit_callbacks() as queued:
        response = admin_client.post(
            reverse("training_roster_import"), {"held": held, "confirm": "1"}
        )
    with django_capture_on_commit_callbacks(execute=True):
        run_queued_jobs(queued)

    job = ImportJob.objects.get()
    assert response["Location"] == reverse("training_import_job", args=[job.pk])
    assert job.status == ImportJob.Status.SUCCEEDED
    team = Team.objects.get(name="售后服务三组")
    assert AgentProfile.objects.get(employee_no="H202").team == team
    page = admin_client.get(response["Location"])
    assert "新建团队：售后服务三组" in page.text
    assert "尚无主管" in page.text


def test_a_first_import_into_an_empty_site_creates_every_team_once_confirmed(
    admin_client, django_capture_on_commit_callbacks
):
    page = upload(admin_client, FIRST_ROSTER)
    assert "将新建以下团队：售后一组（主管：刘洋）、售后二组（无主管）" in page.text

    with django_capture_on_commit_callbacks() as queued:
        admin_client.post(
            reverse("training_roster_import"), {"held": page.context["held"], "confirm": "1"}
        )
    with django_capture_on_commit_callbacks(execute=True):
        run_queued_jobs(queued)

    assert ImportJob.objects.get().status == ImportJob.Status.SUCCEEDED
    assert sorted(Team.objects.values_list("name", flat=True)) == ["售后一组", "售后二组"]
    assert list(Team.objects.get(name="售后一组").managers.values_list("name", flat=True)) == [
        "刘洋"
    ]


def test_a_roster_of_existing_teams_is_imported_without_a_question(
    admin_client, django_capture_on_commit_callbacks
):
    Team.objects.create(name="售后服务二组")
    Team.objects.create(name="售后服务三组")

    with django_capture_on_commit_callbacks() as queued:
        response = upload(admin_client, TYPO_ROSTER)

    assert response.status_code == 302
    assert len(queued) == 1


def test_a_job_refuses_a_new_team_nobody_confirmed(django_capture_on_commit_callbacks):
    # A team deleted between the upload and the job, or a job queued before this check.
    from training.imports import import_job_start

    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_start(
            user=make_person(Role.ADMINISTRATOR),
            kind="training.roster",
            filename="roster.csv",
            data=TYPO_ROSTER.encode(),
            options={"new_teams": ["售后服务二组"]},
        )
        run_import_job(job.pk)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert [problem[0] for problem in job.problems] == [3]
    assert "售后服务三组" in job.problems[0][2]
    assert not Team.objects.filter(name__startswith="售后服务").exists()
    assert not User.objects.filter(email="zw@shop.example.cn").exists()


def test_the_command_lists_the_teams_it_created(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text(FIRST_ROSTER, encoding="utf-8-sig")
    out = io.StringIO()

    call_command("import_roster", str(path), stdout=out)

    assert "New team: 售后一组 (刘洋)" in out.getvalue()
    assert "New team: 售后二组 (no manager)" in out.getvalue()
    assert Team.objects.count() == 2


def test_an_import_told_which_teams_are_new_refuses_any_other_whole():
    with pytest.raises(ImportRejected) as refused:
        roster_import_file(name="roster.csv", data=FIRST_ROSTER.encode(), new_teams=["售后一组"])

    assert [(p.line, p.field) for p in refused.value.problems] == [(4, "团队")]
    assert "售后二组" in refused.value.problems[0].message
    assert not Team.objects.exists() and not User.objects.exists()
