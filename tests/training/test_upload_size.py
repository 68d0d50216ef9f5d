"""Every importer, in the admin and on the command line, names a file's real size and the
limit when the file is too large, and reads no more of it than it needs to say so."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from courses.services import catalog_ensure
from tests.factories import make_person
from training.importers.upload import read_upload
from training.roles import Role

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
COMMANDS = [
    ("import_roster", "roster.csv", [], "5.0"),
    ("import_questions", "questions.gift", [], "5.0"),
    ("import_manual", "manual.docx", ["--kind", "onboarding"], "5.0"),
    ("import_scenario", "drill.yaml", [], "1.0"),
]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(("command", "name", "options", "limit"), COMMANDS)
def test_a_50_mb_file_is_refused_by_every_command_with_its_real_size(
    tmp_path, command, name, options, limit
):
    path = tmp_path / name
    with path.open("wb") as handle:
        handle.truncate(50 * MB)  # sparse: nothing is written to the disk

    with pytest.raises(CommandError) as refused:
        call_command(command, str(path), *options)

    assert f"The file is 50.0 MB, over the limit of {limit} MB." in str(refused.value)


def test_the_message_reads_in_chinese(tmp_path):
    path = tmp_path / "roster.xlsx"
    with path.open("wb") as handle:
        handle.truncate(50 * MB)

    with translation.override("zh-hans"), pytest.raises(CommandError) as refused:
        call_command("import_roster", str(path))

    assert "文件 50.0 MB，超过上限 5.0 MB。" in str(refused.value)


def test_one_byte_over_the_limit_does_not_read_as_the_limit():
    upload = SimpleUploadedFile("roster.csv", b"a" * (5 * MB + 1))

    with pytest.raises(Exception, match=r"The file is 5\.1 MB, over the limit of 5\.0 MB\."):
        read_upload(upload, limit=5 * MB)


@pytest.mark.parametrize(
    ("role", "url", "field", "name", "extra", "limit"),
    [
        (Role.ADMINISTRATOR, "training_roster_import", "roster", "roster.csv", {}, "5.0"),
        (Role.TRAINER, "quizzes_bank_import", "file", "questions.gift", {}, "5.0"),
        (Role.TRAINER, "courses_manual_import", "manual", "m.docx", {"kind": "onboarding"}, "5.0"),
        (Role.TRAINER, "roleplay_scenario_import", "scenario", "drill.yaml", {}, "1.0"),
    ],
)
def test_every_admin_upload_names_the_real_size(
    client, settings, role, url, field, name, extra, limit
):
    catalog_ensure(title="课程中心")
    client.force_login(make_person(role))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    upload = SimpleUploadedFile(name, b"#" * (8 * MB))

    response = client.post(reverse(url), {field: upload, **extra})

    assert response.status_code == 200
    assert f"The file is 8.0 MB, over the limit of {limit} MB." in response.text
