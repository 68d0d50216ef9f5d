"""Each role's main pages over the demo content, in Chinese: no developer value, no English.

The demo is loaded once for the module, inside a transaction rolled back at its end; each
test renders pages with the test client (in the site's default language, Chinese) and reads
what a person reads: text nodes and the placeholder, title, aria-label and alt attributes,
leaving out scripts, styles, templates and hidden elements. Each page is checked for raw
codes (positions, tiers, roles, order dates, scenario step keys), Python values (`None`,
`True`, `['…']`), the English of Wagtail strings we translate ourselves
(training/wagtail_strings.py) and "localhost".
"""

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from courses.models import CourseCatalogPage, CoursePage, LessonPage
from quizzes.models import QuizAttempt, QuizPage
from roleplay.models import AttemptState, ScenarioAttempt, ScenarioPage
from training.models import AgentProfile, Assignment, Position, Team, Tier, User
from training.roles import Role

DEMO = ["load_demo", "load_demo_courses", "load_demo_training", "load_demo_quizzes"]
VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
SKIPPED = {"script", "style", "template"}
SHOWN_ATTRIBUTES = {"placeholder", "title", "aria-label", "alt"}
WAGTAIL_STRINGS = Path(__file__).resolve().parents[2] / "training" / "wagtail_strings.py"


class _Reader(HTMLParser):
    """The text a person reads on a page, one piece per text node or shown attribute."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._stack: list[bool] = []  # per open element: is it (or a parent) unseen?

    def _unseen(self) -> bool:
        return bool(self._stack) and self._stack[-1]

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        unseen = self._unseen() or tag in SKIPPED or "hidden" in attributes
        if not unseen:
            self.pieces += [v.strip() for k, v in attrs if k in SHOWN_ATTRIBUTES and v]
        if tag not in VOID:
            self._stack.append(unseen)

    def handle_startendtag(self, tag, attrs):
        if not self._unseen():
            self.pieces += [v.strip() for k, v in attrs if k in SHOWN_ATTRIBUTES and v]

    def handle_endtag(self, tag):
        if tag not in VOID and self._stack:
            self._stack.pop()

    def handle_data(self, data):
        if not self._unseen() and data.strip():
            self.pieces.append(" ".join(data.split()))


def shown_text(html: str) -> list[str]:
    reader = _Reader()
    reader.feed(html)
    return reader.pieces


def wagtail_english() -> list[re.Pattern]:
    """Wagtail's msgids we translate, as patterns matching a whole text piece."""
    patterns = []
    for node in ast.walk(ast.parse(WAGTAIL_STRINGS.read_text())):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") in {
            "gettext_noop",
            "ngettext_lazy",
        }:
            for argument in node.args:
                text = re.sub(r"<[^>]+>", "", argument.value).strip()
                parts = re.split(r"%\(\w+\)[sd]", text)
                patterns.append(re.compile(r".{1,60}?".join(map(re.escape, parts))))
    return patterns


def _codes() -> set[str]:
    codes = {*Position.values, *Tier.values, *Role.values, "senior_trainer"}
    return codes | {"ordered", "shipped", "promised", "delivered"}


def offenders(html: str, step_keys: set[str]) -> list[str]:
    found = []
    pieces = shown_text(html)
    words = _codes() | step_keys
    code = re.compile(r"(?<![\w@.-])(" + "|".join(map(re.escape, sorted(words))) + r")(?![\w@-])")
    english = wagtail_english()
    for piece in pieces:
        found += [f"code {m!r} in {piece!r}" for m in code.findall(piece)]
        if re.search(r"(?<!\w)(None|True|False)(?!\w)|\['", piece):
            found.append(f"Python value in {piece!r}")
        if "localhost" in piece:
            found.append(f"localhost in {piece!r}")
        if re.search(r"Senior trainer|Moderators approval|Welcome to your new Wagtail", piece):
            found.append(f"English name in {piece!r}")
        found += [f"Wagtail English {piece!r}" for p in english if p.fullmatch(piece)]
        if piece in ("Actions", "Wagtail"):  # Wagtail's English outside its catalogue
            found.append(f"Wagtail English {piece!r}")
    return found


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo content, loaded once and rolled back after the module's tests."""
    with django_db_blocker.unblock(), transaction.atomic():
        for command in DEMO:
            call_command(command, verbosity=0)
        call_command("load_demo_roleplay", verbosity=0)
        step_keys = {
            block.value["key"] for page in ScenarioPage.objects.all() for block in page.steps
        }
        yield {"step_keys": step_keys}
        transaction.set_rollback(True)


def client_for(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def assert_reads_as_chinese(client: Client, url: str, step_keys: set[str], **post) -> str:
    response = client.post(url, post) if post else client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert re.search(r'<html[^>]+lang="zh-hans"', html, re.I), url
    assert re.search(r"<title>[^<]*客服学院\s*</title>", html), url  # not "… - Wagtail"
    assert offenders(html, step_keys) == [], url
    return html


def learner_pages() -> list[str]:
    scenario = ScenarioPage.objects.live().get(slug="return-outside-window")
    return [
        "/my-training/",
        CoursePage.objects.live().first().url,
        LessonPage.objects.live().first().url,
        QuizPage.objects.live().first().url,
        scenario.url,
        reverse("skill_profile"),
        reverse("profile"),
        reverse("inbox"),
    ]


@pytest.mark.django_db
def test_a_learners_pages_read_as_chinese(demo):
    client = client_for("agent@demo.agentacademy.cn")
    for url in learner_pages():
        assert_reads_as_chinese(client, url, demo["step_keys"])


@pytest.mark.django_db
def test_the_drill_page_names_the_order_dates(demo):
    client = client_for("agent@demo.agentacademy.cn")
    url = ScenarioPage.objects.live().get(slug="return-outside-window").url
    html = assert_reads_as_chinese(client, url, demo["step_keys"])
    assert {"下单时间", "发货时间", "签收时间"} <= set(shown_text(html))


@pytest.mark.django_db
def test_results_read_as_chinese(demo):
    quiz_attempt = QuizAttempt.objects.exclude(state="in_progress").select_related("user").first()
    scenario_attempt = (
        ScenarioAttempt.objects.filter(state=AttemptState.SCORED).select_related("user").first()
    )
    assert quiz_attempt and scenario_attempt
    client = client_for(quiz_attempt.user.email)
    url = reverse("quiz_attempt_result", args=[quiz_attempt.uuid])
    assert_reads_as_chinese(client, url, demo["step_keys"])
    client = client_for(scenario_attempt.user.email)
    url = reverse("scenario_result", args=[scenario_attempt.uuid])
    assert_reads_as_chinese(client, url, demo["step_keys"])


@pytest.mark.django_db
def test_a_trainers_pages_read_as_chinese(demo):
    client = client_for("trainer@demo.agentacademy.cn")
    waiting = ScenarioAttempt.objects.filter(state=AttemptState.AWAITING_REVIEW).first()
    catalogue = CourseCatalogPage.objects.get()
    scenario = ScenarioPage.objects.get(slug="return-outside-window")
    urls = [
        "/trainer/",
        reverse("scenario_review_queue"),
        reverse("scenario_review", args=[waiting.uuid]),
        reverse("quiz_grading_queue"),
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[catalogue.pk]),
        reverse("wagtailadmin_pages:edit", args=[scenario.pk]),
        reverse("wagtailadmin_pages:edit", args=[LessonPage.objects.first().pk]),
    ]
    for url in urls:
        assert_reads_as_chinese(client, url, demo["step_keys"])


@pytest.mark.django_db
def test_the_scenario_editor_holds_the_order_dates_in_words(demo):
    client = client_for("trainer@demo.agentacademy.cn")
    scenario = ScenarioPage.objects.get(slug="return-outside-window")
    html = assert_reads_as_chinese(
        client, reverse("wagtailadmin_pages:edit", args=[scenario.pk]), demo["step_keys"]
    )
    assert "下单时间: 2026-04-30" in html


@pytest.mark.django_db
def test_a_managers_pages_read_as_chinese(demo):
    manager = User.objects.get(email="manager@demo.agentacademy.cn")
    member = AgentProfile.objects.filter(team__managers=manager).first().user
    client = client_for(manager.email)
    for url in ["/team/", reverse("team_member", args=[member.pk])]:
        assert_reads_as_chinese(client, url, demo["step_keys"])


@pytest.mark.django_db
def test_an_administrators_pages_read_as_chinese(demo):
    client = client_for("admin@demo.agentacademy.cn")
    learner = User.objects.get(email="agent@demo.agentacademy.cn")
    assignment = Assignment.objects.exclude(positions=[]).first()
    urls = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore_root"),
        reverse("assignments:inspect", args=[assignment.pk]),
        reverse("teams:inspect", args=[Team.objects.first().pk]),
        reverse("agent_profiles:inspect", args=[learner.profile.pk]),
        reverse("wagtailusers_users:index"),
        reverse("wagtailusers_users:edit", args=[learner.pk]),
        reverse("wagtailusers_groups:index"),
        reverse("wagtailadmin_workflows:index"),
    ]
    for url in urls:
        assert_reads_as_chinese(client, url, demo["step_keys"])


@pytest.mark.django_db
def test_the_assignment_inspect_view_names_its_audience(demo):
    client = client_for("admin@demo.agentacademy.cn")
    assignment = Assignment.objects.exclude(positions=[]).first()
    html = assert_reads_as_chinese(
        client, reverse("assignments:inspect", args=[assignment.pk]), demo["step_keys"]
    )
    text = shown_text(html)
    with translation.override("zh-hans"):
        positions = ", ".join(str(Position(code).label) for code in assignment.positions)
    assert positions in text and "一线客服" in positions
    assert ("是" if assignment.include_new_hires else "否") in text


@pytest.mark.django_db
def test_a_roster_error_names_the_tiers_as_hr_writes_them(demo, django_capture_on_commit_callbacks):
    client = client_for("admin@demo.agentacademy.cn")
    roster = (
        "工号,姓名,邮箱,团队,岗位,级别,入职日期,角色\n"
        "X1,王五,x1@example.cn,售后一组,一线客服,宇航员,2024-03-01,学员\n"
    )
    upload = SimpleUploadedFile("名单.csv", roster.encode("utf-8"), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("training_roster_import"), {"roster": upload})
    html = assert_reads_as_chinese(client, response["Location"], demo["step_keys"])
    assert "初级、中级、高级" in html
