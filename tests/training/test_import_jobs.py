"""Big imports run as background jobs: the upload answers at once with the job's page, the
job imports everything or nothing, and only its owner and administrators can follow it."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.urls import reverse
from django.utils import timezone, translation

from courses.models import CoursePage, LessonPage
from courses.services import catalog_ensure
from quizzes.bank import category_for_path
from quizzes.models import Question
from tests.courses.fixtures.manuals import sample_docx
from tests.factories import make_person
from training import imports
from training.importers.errors import ImportRejected
from training.imports import ImportKind, import_job_run, import_job_start
from training.models import ImportJob, Team, User
from training.roles import Role
from training.tasks import resume_import_jobs, run_import_job

pytestmark = pytest.mark.django_db

GIFT = """// 售后服务
::退款时效::退款一般多久到账？{=1–3 个工作日 ~当天 ~一个月}

::原路退回::退款原路返回。{T}

::发货时间::下单后多久发货？{=48 小时内 ~一周}
"""

# Line 1 has no right answer; line 5 is fine: the file is refused whole.
BROKEN = """::没有正确答案::退款一般多久到账？{~当天 ~一个月}

::好题::退款原路返回。{T}

::又一个::多久发货？{~一周 ~一个月}
"""


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def trainer(client):
    user = make_person(Role.TRAINER)
    client.force_login(user)
    return user


def upload_questions(client, text: str, **fields):
    file = SimpleUploadedFile("questions.gift", text.encode("utf-8"), content_type="text/plain")
    return client.post(reverse("quizzes_bank_import"), {"file": file, **fields})


def status(client, job: ImportJob) -> dict:
    return client.get(reverse("training_import_job_status", args=[job.pk])).json()


# --- question files -----------------------------------------------------------------------


def test_a_question_upload_answers_with_the_job_page_and_imports_when_the_job_runs(
    client, trainer, django_capture_on_commit_callbacks
):
    category = category_for_path(["售后服务"])

    with django_capture_on_commit_callbacks() as queued:
        response = upload_questions(client, GIFT, category=category.pk)

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("training_import_job", args=[job.pk])
    # Nothing is imported in the request: the job waits for its worker.
    assert not Question.objects.exists()
    assert status(client, job) == {
        "status": "queued",
        "status_label": "Waiting to start",
        "done": 0,
        "total": 0,
        "percent": None,
        "finished": False,
    }
    waiting = client.get(response["Location"])
    assert "<progress" in waiting.text and "js/import_job.js" in waiting.text
    assert "<script>" not in waiting.text.split('id="import-job-heading"')[1]

    for callback in queued:  # the upload commits; the (eager) task runs
        callback()

    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED
    assert (job.done, job.total) == (3, 3)
    assert job.data == b""  # the uploaded file is not kept once imported
    assert Question.objects.filter(category=category).count() == 3
    assert status(client, job)["finished"] is True
    page = client.get(response["Location"])
    assert "3 questions were added to the bank." in page.text
    for question in Question.objects.all():
        edit_url = reverse("quizzes_questions:edit", args=[question.pk])
        assert f'<a href="{edit_url}">{question.name}</a>' in page.text
    assert f"{reverse('quizzes_questions:index')}?category={category.pk}" in page.text
    assert "js/import_job.js" not in page.text  # nothing left to follow


def test_a_question_file_with_problems_fails_with_every_line_and_adds_nothing(
    client, trainer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload_questions(client, BROKEN)

    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert [line for line, _field, _message in job.problems] == [1, 5]
    assert not Question.objects.exists()
    page = client.get(response["Location"])
    assert 'role="alert"' in page.text
    assert '<th scope="row">1</th>' in page.text and '<th scope="row">5</th>' in page.text
    assert f'href="{reverse("quizzes_bank_import")}" data-import-job-upload' in page.text
    assert status(client, job)["status"] == "failed"


def test_running_a_question_job_twice_imports_the_file_once(
    client, trainer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload_questions(client, GIFT)
    job = ImportJob.objects.get()

    assert run_import_job(job.pk) == "skipped"
    assert run_import_job.delay(job.pk).get() == "skipped"

    assert Question.objects.count() == 3
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED


# --- training manuals ---------------------------------------------------------------------


def test_a_confirmed_manual_becomes_a_course_through_its_job_once(
    client, trainer, django_capture_on_commit_callbacks
):
    catalog_ensure()
    file = SimpleUploadedFile("入职手册.docx", sample_docx())
    preview = client.post(reverse("courses_manual_import"), {"kind": "onboarding", "manual": file})

    with django_capture_on_commit_callbacks() as queued:
        confirmed = client.post(preview["Location"])

    job = ImportJob.objects.get()
    assert confirmed["Location"] == reverse("training_import_job", args=[job.pk])
    assert not CoursePage.objects.exists()
    for callback in queued:
        callback()
    run_import_job(job.pk)  # delivered twice

    course = CoursePage.objects.get()
    assert LessonPage.objects.descendant_of(course).count() == 3
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED
    assert (job.done, job.total) == (6, 6)  # the course, 2 modules and 3 lessons
    page = client.get(confirmed["Location"])
    assert "Draft course “新员工入职手册” created: 2 modules, 3 lessons." in page.text
    assert reverse("wagtailadmin_pages:edit", args=[course.pk]) in page.text
    assert '<a href=""></a>' not in page.text  # no list of items for a course


# --- who may see a job --------------------------------------------------------------------


def test_only_the_uploader_and_administrators_see_a_job(
    client, trainer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload_questions(client, BROKEN)
    job = ImportJob.objects.get()
    urls = [
        reverse("training_import_job", args=[job.pk]),
        reverse("training_import_job_status", args=[job.pk]),
    ]

    client.force_login(make_person(Role.TRAINER))
    assert [client.get(url).status_code for url in urls] == [404, 404]

    client.force_login(make_person(Role.ADMINISTRATOR))
    assert [client.get(url).status_code for url in urls] == [200, 200]

    client.force_login(make_person(Role.LEARNER))
    assert all(client.get(url).status_code in (302, 403) for url in urls)


def test_people_find_their_own_imports_again_and_administrators_everyones(
    client, trainer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload_questions(client, BROKEN)
    job = ImportJob.objects.get()
    job_url = reverse("training_import_job", args=[job.pk])
    assert reverse("training_import_jobs") in client.get(reverse("quizzes_bank_import")).text

    own = client.get(reverse("training_import_jobs"))
    assert f'<a href="{job_url}">questions.gift</a>' in own.text
    assert '<td data-status="failed">Failed</td>' in own.text

    client.force_login(make_person(Role.TRAINER))
    assert job_url not in client.get(reverse("training_import_jobs")).text

    client.force_login(make_person(Role.ADMINISTRATOR))
    assert job_url in client.get(reverse("training_import_jobs")).text


# --- the job runner -----------------------------------------------------------------------


@pytest.fixture
def team_import(monkeypatch):
    """A registered import kind that creates one team per line of the file."""

    def write(job_input, names):
        for done, name in enumerate(names, 1):
            if name == "boom":
                raise RuntimeError("disk on fire")
            Team.objects.create(name=name)
            job_input.progress(done, len(names))
        return {"count": len(names)}

    def check(job_input):
        names = job_input.data.decode().split()
        if "bad" in names:
            raise ImportRejected.single("bad team", line=names.index("bad") + 1)
        return names

    kind = ImportKind(
        name="tests.teams",
        check=check,
        write=write,
        summary=lambda result: f"{result['count']} teams",
        size=len,
    )
    monkeypatch.setitem(imports._kinds, kind.name, kind)
    return kind


def test_an_unexpected_error_fails_the_job_with_a_clear_message_and_writes_nothing(team_import):
    user = make_person(Role.TRAINER)
    job = import_job_start(user=user, kind="tests.teams", filename="t.txt", data=b"A B boom")
    before = Team.objects.count()

    import_job_run(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert Team.objects.count() == before  # A and B were rolled back with the failure
    ((line, _field, message),) = job.problems
    assert line is None and "unexpected error" in message and "nothing was changed" in message


def test_a_job_running_elsewhere_is_left_alone_until_its_worker_is_surely_gone(team_import):
    job = ImportJob.objects.create(
        user=make_person(Role.TRAINER),
        kind="tests.teams",
        filename="t.txt",
        data=b"A B",
        status=ImportJob.Status.RUNNING,
        started_at=timezone.now() - timedelta(minutes=5),
    )

    assert import_job_run(job_id=job.pk) is None
    assert not Team.objects.filter(name__in=["A", "B"]).exists()

    # A worker lost mid-import had its transaction rolled back: the job may run again.
    ImportJob.objects.filter(pk=job.pk).update(started_at=timezone.now() - timedelta(hours=3))
    assert import_job_run(job_id=job.pk).status == ImportJob.Status.SUCCEEDED
    assert Team.objects.filter(name__in=["A", "B"]).count() == 2


def test_a_run_overtaken_by_another_worker_writes_nothing(team_import, monkeypatch):
    def write_then_lose_the_job(job_input, names):
        Team.objects.create(name="A")
        # Meanwhile another worker judged this run lost and claimed the job.
        ImportJob.objects.filter(pk=job_input.job_id).update(started_at=timezone.now())
        return {"count": 1}

    monkeypatch.setitem(
        imports._kinds, "tests.teams", replace(team_import, write=write_then_lose_the_job)
    )
    job = import_job_start(
        user=make_person(Role.TRAINER), kind="tests.teams", filename="t.txt", data=b"A"
    )

    import_job_run(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING  # the other worker's to finish
    assert not Team.objects.filter(name="A").exists()


def test_jobs_whose_task_was_lost_are_queued_again(team_import):
    user = make_person(Role.TRAINER)
    lost = ImportJob.objects.create(user=user, kind="tests.teams", filename="a", data=b"L1")
    ImportJob.objects.filter(pk=lost.pk).update(created_at=timezone.now() - timedelta(hours=1))
    fresh = ImportJob.objects.create(user=user, kind="tests.teams", filename="b", data=b"F1")

    assert resume_import_jobs() == 1

    lost.refresh_from_db()
    fresh.refresh_from_db()
    assert lost.status == ImportJob.Status.SUCCEEDED and Team.objects.filter(name="L1").exists()
    assert fresh.status == ImportJob.Status.QUEUED  # its own task is probably on its way


def test_a_rejected_file_keeps_the_importers_line_numbers(team_import):
    job = import_job_start(
        user=make_person(Role.TRAINER), kind="tests.teams", filename="t.txt", data=b"A bad"
    )

    import_job_run(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.problems == [[2, "", "bad team"]]
    assert not Team.objects.filter(name="A").exists()


def test_an_unknown_kind_cannot_be_started():
    with pytest.raises(ValueError):
        import_job_start(
            user=make_person(Role.TRAINER), kind="nobody.knows", filename="x", data=b""
        )
    assert not ImportJob.objects.exists()


# --- HR rosters ---------------------------------------------------------------------------


def test_a_roster_job_invites_new_people_once_when_it_commits(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(make_person(Role.ADMINISTRATOR))
    Team.objects.create(name="售后一组")  # a new team would first be asked about
    roster = (
        "工号,姓名,邮箱,团队,岗位,级别,入职日期,角色\n"
        "H101,张伟,zw@shop.example.cn,售后一组,一线客服,初级,2025-03-01,学员\n"
    )
    file = SimpleUploadedFile("roster.csv", roster.encode("utf-8-sig"), content_type="text/csv")

    with django_capture_on_commit_callbacks() as queued:
        response = client.post(reverse("training_roster_import"), {"roster": file})

    job = ImportJob.objects.get()
    assert response["Location"] == reverse("training_import_job", args=[job.pk])
    assert not User.objects.filter(email="zw@shop.example.cn").exists()
    with django_capture_on_commit_callbacks(execute=True):
        for callback in queued:
            callback()
    with django_capture_on_commit_callbacks(execute=True):
        run_import_job(job.pk)  # delivered twice

    assert User.objects.filter(email="zw@shop.example.cn").count() == 1
    assert [mail.to for mail in mailoutbox] == [["zw@shop.example.cn"]]
    page = client.get(response["Location"])
    assert '<td data-outcome="created">1</td>' in page.text


# Committed data read from a second connection; serialized_rollback keeps the content types
# that later transactional tests restore (a plain flush would re-create them with new ids).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_progress_is_visible_to_the_job_page_while_the_write_is_still_open(monkeypatch):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite has one writer at a time: progress is saved between phases only")
    monkeypatch.setattr(imports, "PROGRESS_EVERY_SECONDS", 0)
    seen = []

    def write(job_input, names):
        for done, name in enumerate(names, 1):
            Team.objects.create(name=name)
            job_input.progress(done, len(names))
            # What the job page's poll would read now, from its own connection.
            reader = connections.create_connection(DEFAULT_DB_ALIAS)
            try:
                with reader.cursor() as cursor:
                    cursor.execute(
                        "SELECT done, total FROM training_importjob WHERE id = %s",
                        [job_input.job_id],
                    )
                    seen.append(cursor.fetchone())
                    cursor.execute("SELECT count(*) FROM training_team WHERE name = 'T1'")
                    seen.append(cursor.fetchone())
            finally:
                reader.close()
        return {"count": len(names)}

    kind = ImportKind(
        name="tests.slow-teams",
        check=lambda job_input: job_input.data.decode().split(),
        write=write,
        summary=str,
        size=len,
    )
    monkeypatch.setitem(imports._kinds, kind.name, kind)
    job = import_job_start(
        user=make_person(Role.TRAINER), kind=kind.name, filename="t.txt", data=b"T1 T2"
    )  # outside a test transaction the job runs on commit, here and now (eager)

    # Progress was visible while the teams themselves were not yet committed.
    assert seen == [(1, 2), (0,), (2, 2), (0,)]
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED
