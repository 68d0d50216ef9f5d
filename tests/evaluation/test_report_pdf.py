"""The evaluation report's charts on its page and its printable PDF: the same filters and the
same scope (a manager's PDF names no agent outside their teams; a learner gets 403), the
course title and the figures in the PDF's text, and a "Print / PDF" button on the page."""

import datetime
import io

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.evaluation.report_helpers import complete, kpis, survey
from tests.factories import TeamFactory, make_person
from training import pdf
from training.roles import Role

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not pdf.pdf_available(), reason="WeasyPrint's libraries are missing"),
]


@pytest.fixture
def two_teams(course):
    mine, theirs = TeamFactory(name="售后一组"), TeamFactory(name="售前二组")
    manager = make_person(Role.MANAGER, team=mine, name="王芳")
    done_on = timezone.localdate() - datetime.timedelta(days=5)
    ours = [make_person(team=mine, name=f"我组{i}") for i in range(5)]
    others = [make_person(team=theirs, name=f"他组{i}") for i in range(3)]
    before = timezone.localdate().replace(day=1) - datetime.timedelta(days=40)
    for i, person in enumerate(ours + others):
        complete(person, course, done_on)
        survey(person, course, content=5, trainer=4 if i else 3, recommend=10)
        kpis(person, {before.replace(day=1): 48.0 + i}, metric="first_response_s")
    return {"manager": manager, "mine": mine, "ours": ours, "others": others}


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_a_manager_s_pdf_has_the_title_and_figures_and_only_their_people(
    client, two_teams, course
):
    client.force_login(two_teams["manager"])
    response = client.get(reverse("evaluation_report_pdf", args=[course.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline; filename=\"evaluation-")
    text = pdf_text(response)
    assert course.title in text
    assert "100 %" in text and "n = 5" in text  # satisfied: five of the manager's five
    assert all(f"我组{i}" in text for i in range(5))
    assert "他组" not in text
    assert "Target ≤ 60 s" in text  # the first response chart's reference line
    assert timezone.localdate().isoformat() in text  # the day it was produced


def test_the_pdf_keeps_the_page_s_filters(client, two_teams, course):
    client.force_login(make_person(Role.TRAINER))
    url = reverse("evaluation_report_pdf", args=[course.pk])
    text = pdf_text(client.get(url, {"team": two_teams["mine"].pk}))
    assert "售后一组" in text and "我组0" in text and "他组0" not in text
    long_ago = {"start": "2020-01-01", "end": "2020-12-31"}
    text = pdf_text(client.get(url, long_ago))
    assert "2020-01-01" in text and "我组0" not in text
    bad = client.get(url, {"start": "2026-13-01"})
    assert bad.status_code == 400 and "Completed from" in bad.content.decode()


def test_a_learner_may_not_print_a_report(client, two_teams, course):
    client.force_login(two_teams["ours"][0])
    assert client.get(reverse("evaluation_report_pdf", args=[course.pk])).status_code == 403


def test_the_page_draws_its_charts_and_links_the_pdf(client, two_teams, course):
    client.force_login(two_teams["manager"])
    html = client.get(reverse("evaluation_report", args=[course.pk])).content.decode()
    assert reverse("evaluation_report_pdf", args=[course.pk]) in html
    assert "Print / PDF" in html
    assert html.count('role="img"') >= 2  # L1's ratings and the first response KPI
    assert "L1 reaction: mean rating (1–5) per wave" in html
    assert "Target ≤ 60 s" in html
    assert " style=" not in html.split('id="report-charts"')[1]  # the CSP allows no inline style


def test_the_chinese_pdf_is_a4_in_noto_cjk_with_the_overview_on_its_first_page(
    client, settings, two_teams, course
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    client.force_login(two_teams["manager"])
    response = client.get(reverse("evaluation_report_pdf", args=[course.pk]))
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    first = reader.pages[0]
    width, height = float(first.mediabox.width), float(first.mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 portrait, in points
    overview = first.extract_text()
    assert "评估报告" in overview and "覆盖率" in overview and "目标 ≤ 60 秒" in overview
    assert "我组0" not in overview  # the agents start on the next page
    assert "我组0" in reader.pages[1].extract_text()
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("Noto-Sans-CJK-SC" in name for name in fonts), fonts
