"""AI customers in scenario files: a trainer's file (Chinese words allowed) imports, exports and
imports again unchanged; a mistake is refused with its line, and nothing is changed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from roleplay.document import page_scenario
from roleplay.fileformat import read_scenario_file, write_scenario_json, write_scenario_yaml
from roleplay.files import scenario_import
from roleplay.models import ScenarioPage
from tests.roleplay.test_scenario_files_admin import import_and_follow, trainer_client  # noqa: F401
from training.importers.errors import ImportRejected

# As a trainer writes it: Chinese words for the temperament and endings, no keys at all.
TRAINER_FILE = """\
format: agent-academy/scenario@1
title: 双11 包裹丢了还要差评
course: platform
objective: 安抚情绪，核实物流，按政策给出方案
persona:
  name: 陈先生
  mood: angry
  channel: live_chat
order:
  number: TB20261111-0420
  product: 羽绒服
ai_customer:
  temperament: 急躁
  wants: 三天内找到包裹，否则全额退款，再给点补偿
  writing: 打字快，错别字多，一句话拆成好几条发
  facts:
    - fact: 物流最后一条记录是 11 月 13 日“到达杭州转运中心”
      when: 客服问到物流信息时
    - fact: 邻居说前天帮忙收过一个快递
  policy: 包裹丢失经物流核实后可全额退款或补发；补偿最多 10 元无门槛券
  endings: [问题解决, 顾客放弃]
  max_turns: 10
rubric:
  - name: 共情与礼貌
    weight: 2
  - name: 政策准确
    weight: 3
    critical: true
steps:
  - name: 问候
    customer: 在吗？？？
    options:
      - text: 您好，我是客服小林，请问有什么可以帮您？
        next: AI 接手
        scores: {共情与礼貌: 2}
      - text: 在。
        next: AI 接手
        scores: {共情与礼貌: -1}
  - name: AI 接手
    customer: 你们怎么回事！！双11买的东西到现在都没到！！
    ai: true
"""


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def rejected(text: str) -> list[tuple]:
    with pytest.raises(ImportRejected) as refused:
        read_scenario_file(text.encode(), "drill.yaml")
    return [(p.line, p.field, p.message) for p in refused.value.problems]


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


@pytest.mark.django_db
def test_an_ai_scenario_is_imported_exported_and_imported_again_unchanged(
    trainer_client,  # noqa: F811
    course,
    django_capture_on_commit_callbacks,
):
    upload = SimpleUploadedFile("drill.yaml", TRAINER_FILE.encode())
    import_and_follow(trainer_client, django_capture_on_commit_callbacks, {"scenario": upload})
    page = ScenarioPage.objects.get(title="双11 包裹丢了还要差评")
    imported = page_scenario(page.get_latest_revision_as_object())
    assert imported.ai_customer.temperament == "impatient"
    assert imported.ai_customer.endings == ("resolved", "gave_up")
    assert [step.kind for step in imported.steps] == ["options", "ai"]

    exported = trainer_client.get(reverse("roleplay_scenario_export", args=[page.pk]))
    text = exported.content.decode()
    # The English words, the endings on one line, the hand-over as `ai: true`.
    assert "  temperament: impatient\n" in text
    assert "  endings: [resolved, gave_up]\n" in text
    assert "    ai: true\n" in text
    assert read_scenario_file(text.encode(), "drill.yaml") == imported
    again, _scenario, created = scenario_import(data=text.encode(), filename="drill.yaml")
    assert not created and again.pk == page.pk
    assert page_scenario(again.get_latest_revision_as_object()) == imported
    assert write_scenario_yaml(imported) == text
    json_text = write_scenario_json(imported)
    assert read_scenario_file(json_text.encode(), "drill.json") == imported


def test_mistakes_in_the_ai_customer_are_refused_each_on_its_line():
    text = (
        TRAINER_FILE.replace("temperament: 急躁", "temperament: 暴躁")
        .replace("max_turns: 10", "max_turns: 50")
        .replace("    - fact: 邻居说前天帮忙收过一个快递", "    - when: 客服问起邻居时")
        .replace("endings: [问题解决, 顾客放弃]", "endings: [问题解决, 吵架]")
    )

    found = rejected(text)

    assert (
        line_of(text, "temperament: 暴躁"),
        "ai_customer.temperament",
        '"暴躁" is not one of reasonable (通情达理), impatient (急躁), confused (糊涂), '
        "sceptical (多疑), abusive (出言不逊)",
    ) in found
    assert (
        line_of(text, "max_turns: 50"),
        "ai_customer.max_turns",
        "must lie between 1 and 40",
    ) in (found)
    assert (
        line_of(text, "- when: 客服问起邻居时"),
        "ai_customer.facts[2].fact",
        "this key is required",
    ) in found
    assert any(
        line == line_of(text, "endings: [")
        and field == "ai_customer.endings[2]"
        and message.startswith('"吵架" is not one of')
        for line, field, message in found
    )
    assert len(found) == 4


def test_an_ai_step_in_a_file_without_an_ai_customer_names_the_steps_line():
    head, _sep, rest = TRAINER_FILE.partition("ai_customer:\n")
    text = head + rest[rest.index("rubric:") :]

    found = rejected(text)

    assert found == [
        (
            line_of(text, "    ai: true"),
            'step "ai_jie_shou", ai',
            "an AI step needs the scenario's ai_customer (how the AI customer behaves, "
            "what they want)",
        )
    ]


@pytest.mark.django_db
def test_the_import_command_says_where_the_ai_customer_takes_over(course, tmp_path):
    import io

    from django.core.management import call_command

    path = tmp_path / "drill.yaml"
    path.write_text(TRAINER_FILE, encoding="utf-8")
    output = io.StringIO()

    call_command("import_scenario", str(path), stdout=output)

    text = output.getvalue()
    assert "best achievable score 0.8 (path: wen_hou → ai_jie_shou)" in text
    assert "then the AI customer plays (impatient, at most 10 replies)." in text
