"""The KPI pages and their problems read in Chinese, the site's default language."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from tests.evaluation.kpi_files import ZH_HEADER, csv_bytes
from tests.factories import make_person
from training.roles import Role

pytestmark = pytest.mark.django_db


def test_a_refused_kpi_file_is_explained_in_chinese(
    client, settings, django_capture_on_commit_callbacks
):
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    client.force_login(make_person(Role.TRAINER))
    rows = [["K404", "2026年3月", "95", "-1", "", "", ""]]

    with translation.override("zh-hans"):
        page = client.get("/cms/evaluation/kpis/import/").content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            posted = client.post(
                "/cms/evaluation/kpis/import/",
                {"file": SimpleUploadedFile("kpi.csv", csv_bytes(ZH_HEADER, rows))},
            )
        job = client.get(posted["Location"]).content.decode()

    assert "导入客服 KPI" in page
    assert "≥ 90 %" in page and "≤ 60 s" in page and "≤ 5 %" in page
    assert "花名册中没有工号为“K404”的人员。" in job
    assert "“2026年3月”不是月份；请写成 2026-03（YYYY-MM）。" in job
    assert "“-1”是负数；时长不能为负。" in job
