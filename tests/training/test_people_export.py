"""The people listing's spreadsheet export reads as HR writes a roster, and imports again."""

import csv
import io

import pytest
from django.urls import reverse

from tests.factories import make_person
from training.importers.roster import roster_parse, roster_validate
from training.importers.tabular import read_table
from training.roles import Role


@pytest.mark.django_db
def test_the_people_export_has_the_rosters_headers_and_labels_not_codes(client):
    person = make_person(Role.LEARNER, name="王芳")
    client.force_login(make_person(Role.ADMINISTRATOR))

    response = client.get(reverse("agent_profiles:index") + "?export=csv")

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["工号", "姓名", "邮箱", "团队", "岗位", "级别", "入职日期"]
    (row,) = [row for row in rows[1:] if row[1] == "王芳"]
    assert row[2:] == [person.email, person.profile.team.name, "一线客服", "初级", "2026-03-01"]
    # The export is a roster (with a role column added by HR): it validates as one.
    text = "\n".join(
        ",".join([*line, "角色" if number == 0 else "学员"]) for number, line in enumerate(rows)
    )
    people = roster_validate(
        parsed=roster_parse(rows=read_table(name="people.csv", data=text.encode()))
    )
    assert {p.position for p in people} == {"first_line"}
