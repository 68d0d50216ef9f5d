"""On a phone a table stacks into one block per row; each value keeps the name of its column
(data-label, shown by site.css in the narrow layout), and no column heading is empty."""

import datetime
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import TeamFactory, make_person
from training.models import RecordKind
from training.records import record_result
from training.roles import Role

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
# Templates of the pages people use (the Wagtail admin's own tables stack by themselves).
FRONT_END_TEMPLATES = sorted(
    path
    for app in ("training", "courses", "quizzes", "roleplay", "certification", "evaluation")
    for path in (ROOT / app / "templates").rglob("*.html")
    if "admin" not in path.relative_to(ROOT / app / "templates").parts
)


class Tables(HTMLParser):
    """Every `.table` on a page: its column headings and, per body cell, its label and
    whether it holds a link or a button (an action cell needs no label)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self._in: list[str] = []  # open th/td elements, innermost last
        self._table: dict | None = None
        self._cell: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "table" in (attrs.get("class") or "").split():
            self._table = {"headings": [], "cells": []}
            self.tables.append(self._table)
        elif self._table is None:
            return
        elif tag == "th":
            self._cell = {"kind": "th", "text": ""}
            self._table["headings"].append(self._cell)
        elif tag == "td":
            self._cell = {"kind": "td", "label": attrs.get("data-label"), "action": False}
            self._table["cells"].append(self._cell)
        elif tag in ("a", "button") and self._cell is not None:
            self._cell["action"] = True

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
        if tag in ("th", "td"):
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None and self._cell["kind"] == "th":
            self._cell["text"] += data.strip()


def assert_phone_ready(html: str) -> int:
    """Checks every `.table` on the page; returns how many body cells it checked."""
    parser = Tables()
    parser.feed(html)
    checked = 0
    for table in parser.tables:
        headings = [heading["text"] for heading in table["headings"]]
        assert all(headings), f"a column heading is empty: {headings}"
        for cell in table["cells"]:
            checked += 1
            if cell["label"] is None:
                assert cell["action"], f"a value without its column's name in {headings}"
            else:
                assert cell["label"] in headings, (cell["label"], headings)
    return checked


@pytest.fixture
def team_with_results(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    team = TeamFactory(name="售后服务一组")
    manager = make_person(Role.MANAGER, team=team, name="王芳")
    member = make_person(team=team, name="张晓雨")
    for day, score in ((1, 0.9), (2, None)):
        record_result(
            user=member,
            source=TeamFactory(name=f"source {day}"),
            kind=RecordKind.LESSON if score is None else RecordKind.QUIZ,
            activity_title=f"第{day:02d}课",
            completed_at=timezone.now() - datetime.timedelta(days=day),
            score=score,
            passed=True,
        )
    with translation.override("en"):
        yield manager, member


def test_the_team_page_labels_each_value_with_its_column(client, team_with_results):
    manager, member = team_with_results
    client.force_login(manager)
    html = client.get(reverse("team_home")).content.decode()
    assert assert_phone_ready(html) >= 16  # two people, eight columns
    assert 'data-label="Results">2</td>' in html  # not a bare "2" in a stack of values


def test_the_member_page_labels_each_value_with_its_column(client, team_with_results):
    manager, member = team_with_results
    client.force_login(manager)
    html = client.get(reverse("team_member", args=[member.pk])).content.decode()
    assert assert_phone_ready(html) >= 10  # two records, five columns
    assert 'data-label="Score">90%</td>' in html


def test_a_learner_s_results_label_each_value_with_its_column(client, team_with_results):
    _manager, member = team_with_results
    client.force_login(member)
    html = client.get(reverse("my_training")).content.decode()
    assert assert_phone_ready(html) >= 5


@pytest.mark.parametrize("path", FRONT_END_TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_front_end_table_cell_is_labelled_and_every_heading_named(path):
    """The same rule for every stacking table (class "table") in a template, whichever page it
    ends up on. Tables that keep their columns on a phone (the skill profile's) are exempt."""
    text = path.read_text(encoding="utf-8")
    tables = re.findall(r'<table\b[^>]*class="table\b[^"]*".*?</table>', text, flags=re.S)
    for table in tables:
        for cell in re.findall(r"<td\b[^>]*>.*?</td>", table, flags=re.S):
            opening = cell[: cell.index(">") + 1]
            is_action = re.search(r"<(a|button)\b", cell) is not None
            assert "data-label=" in opening or is_action, f"{path.name}: unlabelled {cell!r}"
        assert not re.search(r"<th\b[^>]*>\s*</th>", table), f"{path.name}: an empty heading"
