"""Scenario files that would stand for gigabytes or take minutes are refused before anything
is built: YAML aliases of any kind (on plain text too), JSON nested too deep, and more steps
than a conversation has."""

import copy
import json
from pathlib import Path

import pytest
from django.utils import translation

from roleplay.fileformat import MAX_DEPTH, read_scenario_file
from roleplay.scenario.model import MAX_STEPS
from tests.hostile_files import measured
from training.importers.errors import ImportRejected

FIXTURES = Path(__file__).resolve().parent / "fixtures"
YAML_TEXT = (FIXTURES / "late_parcel.yaml").read_text(encoding="utf-8")
JSON_TEXT = (FIXTURES / "late_parcel.json").read_text(encoding="utf-8")
ALIASES = "YAML anchors and aliases (& and *) are not allowed; write each value out."


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def rejected(text: str, filename: str) -> list[tuple]:
    with measured() as cost, pytest.raises(ImportRejected) as refused:
        read_scenario_file(text.encode(), filename)
    assert cost.seconds < 5
    assert cost.peak_bytes < 100 * 1024 * 1024
    return [(p.line, p.field, p.message) for p in refused.value.problems]


def test_aliases_of_plain_text_are_refused_on_their_line():
    # One 45 KB text repeated 600 times: 27 MB once copied out (the review's 450 KB × 6 000
    # came to gigabytes).
    text = YAML_TEXT.replace("objective: 安抚情绪", "objective: &big " + "包" * 15_000, 1)
    text = text.replace(
        "synonyms: [转运中心, 滞留, 物流显示, 包裹在]",
        "synonyms: [" + ", ".join(["*big"] * 600) + "]",
    )
    alias_line = next(n for n, line in enumerate(text.splitlines(), 1) if "*big" in line)

    assert rejected(text, "drill.yaml") == [(alias_line, "", ALIASES)]


def test_an_anchor_that_nothing_refers_to_is_harmless():
    text = YAML_TEXT.replace("objective: 安抚情绪", "objective: &goal 安抚情绪", 1)

    scenario = read_scenario_file(text.encode(), "drill.yaml")

    assert scenario.objective.startswith("安抚情绪")


def test_json_nested_deeper_than_a_scenario_is_refused():
    document = json.loads(JSON_TEXT)
    document["persona"]["description"] = json.loads("[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5))

    assert rejected(json.dumps(document), "drill.json") == [
        (None, "", f"The file is nested more than {MAX_DEPTH} levels deep.")
    ]


def test_a_scenario_of_more_steps_than_allowed_is_refused_before_its_steps_are_read():
    document = json.loads(JSON_TEXT)
    step = next(step for step in document["steps"] if "end" in step)
    document["steps"] += [
        {**copy.deepcopy(step), "key": f"extra{n}"}
        for n in range(MAX_STEPS + 1 - len(document["steps"]))
    ]

    ((line, field, message),) = rejected(json.dumps(document, ensure_ascii=False), "drill.json")

    assert field == "steps"
    assert message == f"give at most {MAX_STEPS} steps (the file has {MAX_STEPS + 1})"
