"""Trainers and administrators upload KPI files in the admin (培训评估 → Import agent KPIs):
a background job imports them and its page shows what changed, or every problem by line."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from evaluation.models import AgentKpi
from tests.evaluation.kpi_files import EN_HEADER, ZH_HEADER, csv_bytes, xlsx_bytes
from tests.factories import make_person
from tests.hostile_files import XLSX_PARTS, Bomb, zip_with
from training.models import ImportJob
from training.roles import Role

pytestmark = pytest.mark.django_db

URL = "/cms/evaluation/kpis/import/"


@pytest.fixture
def agent():
    person = make_person()
    person.profile.employee_no = "K001"
    person.profile.save()
    return person


@pytest.fixture
def upload(client, django_capture_on_commit_callbacks):
    def post(data: bytes, name="kpis.csv"):
        # The job runs once the upload commits (eager Celery in the tests).
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(URL, {"file": SimpleUploadedFile(name, data)})
        return client.get(response["Location"]) if response.status_code == 302 else response

    return post


@pytest.mark.parametrize("role", [Role.TRAINER, Role.ADMINISTRATOR])
def test_a_trainer_or_administrator_imports_a_file_and_sees_what_changed(
    client, agent, upload, role
):
    client.force_login(make_person(role))
    rows = [["K001", "2026-03", "0.9", "50", "", "", ""]]

    response = upload(csv_bytes(EN_HEADER, rows))

    page = response.content.decode()
    assert "The KPIs were imported: 2 values added, 0 changed" in page
    assert 'data-outcome="created">2<' in page
    assert 'data-outcome="blanks">3<' in page
    assert AgentKpi.objects.filter(person=agent).count() == 2

    again = upload(csv_bytes(EN_HEADER, [["K001", "2026-03", "0.92", "50", "", "", ""]]))

    assert "0 values added, 1 changed, 1 already as in the file" in again.content.decode()


def test_a_file_with_a_bad_line_shows_it_and_imports_nothing(client, agent, upload):
    client.force_login(make_person(Role.TRAINER))
    rows = [
        ["K001", "2026-03", "0.9", "50", "", "", ""],
        ["K404", "2026-03", "0.9", "", "", "", ""],
    ]

    response = upload(xlsx_bytes(ZH_HEADER, rows), "kpis.xlsx")

    page = response.content.decode()
    assert ImportJob.objects.get().status == ImportJob.Status.FAILED
    assert "“K404” is not the employee number of anyone in the roster." in page
    assert "工号" in page
    assert AgentKpi.objects.count() == 0


def test_a_zip_bomb_dressed_as_xlsx_is_refused(client, agent, upload):
    client.force_login(make_person(Role.TRAINER))
    parts = {name: text.encode() for name, text in XLSX_PARTS.items()}
    parts["xl/sharedStrings.xml"] = Bomb(size=60 * 1024 * 1024, declared_size=60 * 1024 * 1024)
    parts["xl/worksheets/sheet1.xml"] = b"<worksheet/>"

    response = upload(zip_with(parts), "kpis.xlsx")

    assert "The workbook unpacks to more than 30 MB" in response.content.decode()
    assert AgentKpi.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused_on_the_form(client, agent, upload):
    client.force_login(make_person(Role.TRAINER))

    response = upload(b"employee_no" + b" " * (6 * 1024 * 1024))

    assert "over the limit of 5.0 MB" in response.content.decode()
    assert ImportJob.objects.count() == 0


@pytest.mark.parametrize("role", [Role.LEARNER, Role.MANAGER])
def test_learners_and_managers_cannot_import_kpis(client, agent, role):
    client.force_login(make_person(role))

    response = client.post(URL, {"file": SimpleUploadedFile("k.csv", b"x")})

    assert response.status_code in (302, 403)
    assert ImportJob.objects.count() == 0


def test_the_evaluation_menu_offers_the_import_to_trainers(client):
    client.force_login(make_person(Role.TRAINER))

    page = client.get("/cms/").content.decode()

    assert "Training evaluation" in page
    assert URL in page


def test_the_template_has_the_chinese_headers(client):
    client.force_login(make_person(Role.TRAINER))

    response = client.get("/cms/evaluation/kpis/template.csv")

    assert response.content.decode("utf-8-sig").strip() == ",".join(ZH_HEADER)
