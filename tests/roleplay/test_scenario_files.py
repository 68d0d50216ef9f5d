"""Scenario files: YAML and JSON read the same scenario, Chinese survives the round trip, and
a bad file is refused with each problem on its line and, for the graph, its step key."""

import json
from pathlib import Path

import pytest
from django.utils import translation

from roleplay.fileformat import (
    MAX_FILE_BYTES,
    read_scenario_file,
    write_scenario_json,
    write_scenario_yaml,
)
from training.importers.errors import ImportRejected

FIXTURES = Path(__file__).resolve().parent / "fixtures"
YAML_TEXT = (FIXTURES / "late_parcel.yaml").read_text(encoding="utf-8")
JSON_TEXT = (FIXTURES / "late_parcel.json").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted in English; the product's default language is Chinese.
    with translation.override("en"):
        yield


def rejected(text: str | bytes, filename: str = "scenario.yaml") -> list[tuple]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(ImportRejected) as refused:
        read_scenario_file(data, filename)
    return [(p.line, p.field, p.message) for p in refused.value.problems]


def line_of(text: str, fragment: str, occurrence: int = 1) -> int:
    lines = [number for number, line in enumerate(text.splitlines(), 1) if fragment in line]
    return lines[occurrence - 1]


# Reading and writing ----------------------------------------------------------------------


def test_the_yaml_and_json_files_hold_the_same_scenario():
    from_yaml = read_scenario_file(YAML_TEXT.encode(), "late_parcel.yaml")
    from_json = read_scenario_file(JSON_TEXT.encode(), "late_parcel.json")

    assert from_yaml == from_json
    assert len(from_yaml.steps) == 6
    # YAML reads 2026-11-11 as a date; the scenario keeps the text written.
    assert from_yaml.order["ordered"] == "2026-11-11"


def test_chinese_survives_the_yaml_round_trip():
    scenario = read_scenario_file(YAML_TEXT.encode(), "late_parcel.yaml")

    text = write_scenario_yaml(scenario)

    assert "title: 包裹迟迟不到的愤怒顾客" in text
    assert "synonyms: [转运中心, 滞留, 物流显示, 包裹在]" in text
    assert "\\u" not in text
    assert read_scenario_file(text.encode("utf-8"), "again.yml") == scenario


def test_chinese_folded_over_lines_reads_without_the_folding_spaces():
    # A trainer wraps a long objective with ">" as YAML allows; YAML joins the lines with a
    # space, which Chinese does not have: "…要差评。 先用…" would show on the page.
    folded = YAML_TEXT.replace(
        "objective: 安抚情绪、查明物流、给出符合政策的方案\n",
        "objective: >-\n"
        "  顾客一上来就说要差评。\n"
        "  先用开场白接住情绪，再给出方案（AI 顾客）\n"
        "  11 月 13 日之前。\n",
    )
    assert folded != YAML_TEXT
    scenario = read_scenario_file(folded.encode(), "folded.yaml")

    assert scenario.objective == (
        "顾客一上来就说要差评。先用开场白接住情绪，再给出方案（AI 顾客）11 月 13 日之前。"
    )


def test_chinese_survives_the_json_round_trip():
    scenario = read_scenario_file(YAML_TEXT.encode(), "late_parcel.yaml")

    text = write_scenario_json(scenario)

    assert '"customer": "我的快递三天没动了！你们到底管不管？不行就给我退款！"' in text
    assert "\\u" not in text
    assert text == JSON_TEXT
    assert read_scenario_file(text.encode("utf-8"), "again.json") == scenario


def test_a_multi_line_debrief_is_written_as_a_block_and_read_back():
    scenario = read_scenario_file(YAML_TEXT.encode(), "late_parcel.yaml")
    text = write_scenario_yaml(scenario)

    assert "debrief: |-\n        你先安抚情绪" in text
    assert read_scenario_file(text.encode(), "x.yaml").step("closing").end.debrief == (
        "你先安抚情绪，再查明原因并给出明确时限和补偿。\n顾客接受了方案。"
    )


@pytest.mark.parametrize("text", [YAML_TEXT, JSON_TEXT])
def test_a_file_without_a_known_extension_is_sniffed(text):
    assert read_scenario_file(text.encode(), "scenario.txt").slug == "late-parcel-refund"


def test_a_byte_order_mark_is_accepted():
    data = "\ufeff".encode() + YAML_TEXT.encode()

    assert read_scenario_file(data, "late_parcel.yaml").slug == "late-parcel-refund"


# Files that cannot be read ------------------------------------------------------------------


def test_a_yaml_syntax_error_names_its_line():
    text = YAML_TEXT.replace("  mood: angry\n", "  mood: angry\n   channel live_chat: [\n")

    ((line, field, message),) = rejected(text)

    assert line == line_of(text, "channel live_chat")
    assert field == ""
    assert message.startswith("YAML syntax error:")


def test_a_json_syntax_error_names_its_line():
    text = JSON_TEXT.replace('"slug": "late-parcel-refund",', '"slug": "late-parcel-refund"')

    ((line, _field, message),) = rejected(text, "late_parcel.json")

    assert line == line_of(text, '"course"')
    assert message.startswith("JSON syntax error: Expecting ',' delimiter")


def test_a_file_that_is_not_utf8_is_refused():
    # Saved as GBK, as Chinese Windows editors often do.
    assert rejected(YAML_TEXT.encode("gbk")) == [
        (1, "", "The file is not UTF-8 text; save it as UTF-8 and try again.")
    ]


@pytest.mark.parametrize("text", ["- 一\n- 二\n", '"just text"', "[]"])
def test_a_file_that_is_not_one_mapping_is_refused(text):
    ((line, _field, message),) = rejected(text)

    assert line == 1
    assert message.startswith("The file must hold one mapping of keys")


def test_an_empty_file_is_refused():
    assert rejected(b"\n \n") == [(None, "", "The file is empty.")]


def test_a_file_over_1_mb_is_refused():
    data = YAML_TEXT.encode() + b"#" * MAX_FILE_BYTES

    assert rejected(data) == [(None, "", "The file is 1.1 MB, over the limit of 1.0 MB.")]


def test_yaml_that_would_run_code_is_refused():
    text = "!!python/object/apply:os.system ['echo hacked']\n"

    ((_line, _field, message),) = rejected(text)

    assert message.startswith("YAML syntax error:")


def test_yaml_aliases_are_refused():
    text = YAML_TEXT.replace("synonyms: [转运中心", "synonyms: &where [转运中心").replace(
        "synonyms: [今天内, 明天, 小时内, 中午前]", "synonyms: *where"
    )

    assert rejected(text) == [
        (
            line_of(text, "synonyms: *where"),
            "",
            "YAML anchors and aliases (& and *) are not allowed; write each value out.",
        )
    ]


def test_an_alias_bomb_is_refused_without_expanding_it():
    # Nine lines that stand for 10⁹ values ("billion laughs").
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]

    ((_line, _field, message),) = rejected("\n".join(lines))

    assert message.startswith("YAML anchors and aliases")


# A scenario that is not sound, problem by problem on its line -------------------------------


def test_problems_in_the_scenario_name_the_step_and_the_line_in_yaml():
    text = (
        YAML_TEXT.replace("next: closing", "next: clsoing")
        .replace("scores: {empathy: 1, wording: 1}", "scores: {empathy: 1, wordnig: 1}")
        .replace("  mood: angry", "  mood: livid")
    )

    assert rejected(text) == [
        (
            line_of(text, "mood: livid"),
            "persona.mood",
            '"livid" is not one of calm, anxious, confused, annoyed, angry, furious, happy',
        ),
        (
            line_of(text, "wordnig"),
            'step "escalating", options[1].scores.wordnig',
            'criterion "wordnig" is not in the rubric',
        ),
        (
            line_of(text, "next: clsoing"),
            'step "checked", free_text.next',
            'next step "clsoing" does not exist',
        ),
        (
            line_of(text, "- key: closing"),
            'step "closing"',
            'cannot be reached from the start step "opening"',
        ),
    ]


def test_problems_in_the_scenario_name_the_step_and_the_line_in_json():
    document = json.loads(JSON_TEXT)
    document["steps"][0]["options"][2]["violation"] = "empathy"
    text = json.dumps(document, ensure_ascii=False, indent=2)

    assert rejected(text, "late_parcel.json") == [
        (
            line_of(text, '"violation": "empathy"'),
            'step "opening", options[3].violation',
            'criterion "empathy" is not critical; only a critical criterion can be violated',
        )
    ]


def test_the_problems_read_well_on_the_console():
    text = YAML_TEXT.replace("next: checked", "next: chekced", 1)
    with pytest.raises(ImportRejected) as refused:
        read_scenario_file(text.encode(), "late_parcel.yaml")

    assert str(refused.value).splitlines() == [
        "The file was not imported; nothing was changed. Problems found: 1",
        f'  line {line_of(text, "chekced")}, step "opening", options[1].next: '
        'next step "chekced" does not exist',
    ]
