"""The manual parser: files in, outline out, no database."""

import io
import zipfile

import pytest
from django.utils import translation

from courses.importers.manual import MAX_FILE_BYTES, parse_manual
from courses.importers.manual_headings import split_title
from courses.importers.manual_outline import ManualOutline
from tests.courses.fixtures.manuals import (
    PLAIN_TEXT_MANUAL,
    SHARED_MANUALS,
    docx_paragraph,
    make_docx,
    sample_docx,
)
from training.importers.errors import ImportRejected


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _shared(name: str) -> bytes:
    path = SHARED_MANUALS / name
    if not path.exists():
        pytest.skip(f"the customer's manual {path} is not in this checkout")
    return path.read_bytes()


def _titles(outline: ManualOutline) -> list[tuple[str, list[str]]]:
    return [
        (module.title, [lesson.title for lesson in module.lessons]) for module in outline.modules
    ]


def _rejected(data: bytes, filename: str) -> str:
    with pytest.raises(ImportRejected) as caught:
        parse_manual(data, filename)
    return str(caught.value)


def test_training_manual_gives_nine_modules_and_27_lessons():
    outline = parse_manual(_shared("training-manual.md"), "training-manual.md")

    assert outline.title == "电商客服人员培训手册"
    assert len(outline.modules) == 9
    assert outline.lesson_count == 27
    assert outline.modules[0].title == "客服岗位认知"
    assert outline.modules[0].number == "第1章"
    assert [lesson.title for lesson in outline.modules[0].lessons] == [
        "客服岗位的重要性",
        "客服人员的基本素质要求",
        "客服团队的组成与职责划分",
    ]
    assert outline.modules[8].title == "客服风险管理"
    assert outline.modules[8].lessons[-1].title == "应对突发事件与危机公关"
    # The editor's note before chapter 1 is the course introduction, not a module.
    assert outline.intro and "培训手册" in outline.intro[0][1]


def test_training_manual_lesson_body_has_headings_and_lists():
    outline = parse_manual(_shared("training-manual.md"), "training-manual.md")

    basics = outline.modules[0].lessons[1].blocks
    assert basics[0] == ("paragraph", "作为一名优秀的客服人员,以下基本素质是必不可少的:")
    assert basics[1][0:2] == ("list", True)
    assert len(basics[1][2]) == 5
    assert basics[1][2][0].startswith("良好的沟通能力")

    platform = outline.modules[1].lessons[0].blocks
    assert ("heading", 2, "商品管理") in platform
    after_sales = outline.modules[4].lessons[0].blocks
    assert ("heading", 2, "售后服务流程") in after_sales
    assert ("heading", 3, "客户咨询") in after_sales  # 5.1.1.1 one level deeper


def test_social_media_plan_splits_headings_run_into_their_text():
    outline = parse_manual(_shared("social-media-service-plan.md"), "plan.md")

    assert outline.title == "电商平台社交媒体客服预案"
    assert len(outline.modules) == 9
    assert outline.modules[0].title == "社交媒体客服概述"
    assert [lesson.title for lesson in outline.modules[1].lessons] == [
        "团队组织架构",
        "人员选拔与培训",
        "团队管理策略",
    ]
    first = outline.modules[0].lessons[0]
    assert first.title == "社交媒体客服的重要性"
    assert first.blocks[0] == (
        "paragraph",
        "在当今数字化时代,社交媒体已成为企业与消费者沟通的重要桥梁。社交媒体客服作为一种新兴的"
        "客服形式,对于电商平台而言,其重要性日益凸显。以下是社交媒体客服的几个重要性方面:",
    )
    team = outline.modules[1].lessons[0].blocks
    assert ("heading", 2, "领导层") in team
    assert (
        "paragraph",
        "领导层负责整个社交媒体客服团队的运营与管理,主要包括团队负责人和副负责人。"
        "团队负责人需具备丰富的社交媒体运营经验,能够制定战略方向,协调各部门资源;"
        "副负责人则负责协助团队负责人进行日常管理,保证团队高效运作。",
    ) in team


def test_service_plan_chapters_without_sections_become_one_lesson_each():
    outline = parse_manual(_shared("service-execution-plan.md"), "plan.md")

    assert [module.title for module in outline.modules] == [
        "服务标准体系构建",
        "服务流程标准化管理",
        "专业技能培训体系",
        "绩效评估与激励机制",
        "技术工具应用优化",
        "服务改进机制",
    ]
    for module in outline.modules:
        assert [lesson.title for lesson in module.lessons] == [module.title]
        assert module.intro_blocks == []
    lesson = outline.modules[0].lessons[0]
    assert lesson.blocks[0] == (
        "paragraph",
        "客服专员的言行举止需符合企业品牌定位与客户期望。服务标准应涵盖仪容仪表、语言规范、响应"
        "时效、问题解决能力等方面。具体标准可细化如下:",
    )
    assert lesson.blocks[1][0:2] == ("list", True)
    assert lesson.blocks[1][2][0].startswith("仪容仪表")
    assert len(outline.intro) == 2  # the note and the preface paragraph


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("领导层领导层负责整个团队。", "领导层"),
        ("优化工作流程优化客服流程,简化操作。", "优化工作流程"),
        ("人员选拔选拔具备以下条件的候选人:", "人员选拔"),
        ("情绪管理技巧社交媒体客服人员需具备良好的情绪管理技巧,以下为几点:", "情绪管理技巧"),
        ("服务标准体系构建客服专员的言行举止需符合企业品牌定位。", "服务标准体系构建"),
    ],
)
def test_run_on_heading_title_is_split_from_its_text(text, title):
    head, body = split_title(text)
    assert head == title
    assert head + body == text


def test_docx_with_heading_styles():
    outline = parse_manual(sample_docx(), "入职手册.docx")

    assert outline.title == "新员工入职手册"
    assert outline.intro == [("paragraph", "本手册供新入职客服人员在上岗前学习。")]
    assert _titles(outline) == [
        ("岗位与职责", ["一线客服", "二线客服"]),  # 1.2 uses the Chinese style "标题 2"
        ("服务标准", ["响应时效"]),
    ]
    chapter = outline.modules[0]
    assert chapter.intro_blocks == [("paragraph", "本章介绍客服岗位的分工。")]
    assert chapter.lessons[0].blocks == [
        ("paragraph", "一线客服负责接待咨询。"),
        ("heading", 2, "接待流程"),
        ("list", True, ["问候客户", "确认问题"]),
    ]
    assert chapter.lessons[1].blocks == [("list", False, ["处理复杂问题"])]
    assert outline.modules[1].lessons[0].blocks == [
        ("paragraph", "在线消息首次响应:"),
        ("list", True, ["高峰期不超过60秒", "平峰期不超过30秒。"]),
        ("paragraph", "渠道 | 时限"),
    ]


def test_docx_without_heading_styles_reads_numbered_paragraphs():
    p = docx_paragraph
    data = make_docx(
        [p("第1章 服务礼仪"), p("1.1 问候语"), p("您好,很高兴为您服务。"), p("1.2 结束语")],
        styles=False,
    )

    outline = parse_manual(data, "礼仪.docx")

    assert outline.title == "礼仪"  # no title in the document: the file name
    assert _titles(outline) == [("服务礼仪", ["问候语", "结束语"])]


def test_plain_text_with_chinese_numbering():
    outline = parse_manual(PLAIN_TEXT_MANUAL.encode(), "讲义.txt")

    assert outline.title == "售后服务培训讲义"
    assert outline.intro == [("paragraph", "本讲义用于在职培训。")]
    assert _titles(outline) == [
        ("售后流程", ["客户咨询", "问题诊断"]),
        ("投诉处理", ["投诉处理"]),  # a chapter with text only: one lesson of that name
    ]
    first, second = outline.modules[0].lessons
    assert outline.modules[0].intro_blocks == [("paragraph", "售后服务分为四个环节。")]
    assert first.blocks == [
        ("paragraph", "当客户发起咨询时,客服人员需在第一时间响应。"),
        ("heading", 2, "响应要求"),
        ("list", True, ["问候客户", "确认订单", "记录问题。"]),
    ]
    assert second.blocks == [
        ("heading", 2, "收集信息"),
        ("paragraph", "请客户提供订单号和照片。"),
        ("heading", 3, "常见问题"),
        ("list", True, ["物流延迟", "商品破损"]),
    ]


def test_gbk_text_and_utf8_bom_decode():
    expected = _titles(parse_manual(PLAIN_TEXT_MANUAL.encode(), "讲义.txt"))

    assert _titles(parse_manual(PLAIN_TEXT_MANUAL.encode("gbk"), "讲义.txt")) == expected
    assert _titles(parse_manual(PLAIN_TEXT_MANUAL.encode("utf-8-sig"), "讲义.txt")) == expected


def test_markdown_markup_and_lists():
    text = (
        "# 退款培训\n\n## 第1章 退款\n\n### 1.1 **退款**规则\n\n"
        "请阅读 [退款政策](https://example.com) 和 *注意事项*:\n\n"
        "- 七天无理由\n- 质量问题\n\n1. 核对订单\n2. 提交审核\n"
    )

    outline = parse_manual(text.encode(), "refund.md")

    assert outline.title == "退款培训"
    assert outline.modules[0].lessons[0].title == "退款规则"
    assert outline.modules[0].lessons[0].blocks == [
        ("paragraph", "请阅读 退款政策 和 注意事项:"),
        ("list", False, ["七天无理由", "质量问题"]),
        ("list", True, ["核对订单", "提交审核"]),
    ]


def test_outline_survives_json():
    outline = parse_manual(sample_docx(), "入职手册.docx")

    assert ManualOutline.from_dict(outline.to_dict()) == outline


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "empty.md", "The file is empty."),
        (b"  \n\n ", "blank.txt", "The file is empty."),
        (b"\x00\x01\x02binary\xff\xfe junk" * 10, "junk.txt", "not a text document"),
        (b"PK\x03\x04 this is not really a zip", "manual.docx", "damaged or is not a .docx"),
        (b"just some words", "manual.docx", "damaged or is not a .docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old word", "manual.doc", "Old Word files"),
        (
            "随便写的一段话。\n没有任何章节。\n".encode(),
            "notes.txt",
            "No chapter headings were found",
        ),
    ],
)
def test_broken_files_are_rejected_with_a_reason(data, filename, message):
    assert message in _rejected(data, filename)


def test_undecodable_text_names_the_line():
    data = "# 手册\n\n## 第1章 概述\n\n".encode() + b"\x80\x80\x80 bad\n"

    problems = _rejected(data, "manual.md")

    assert "neither UTF-8 nor GB18030" in problems
    assert "line 5" in problems


def test_zip_that_is_not_a_word_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")

    assert "damaged or is not a .docx" in _rejected(buffer.getvalue(), "notes.docx")


def test_file_too_large():
    data = b"# t\n" + b"a" * MAX_FILE_BYTES

    assert "The file is 5.1 MB, over the limit of 5.0 MB." in _rejected(data, "big.md")


def test_empty_chapter_is_reported_with_its_line():
    text = "# 手册\n\n## 第1章 概述\n\n### 1.1 目的\n\n正文。\n\n## 第2章 附录\n"

    problems = _rejected(text.encode(), "manual.md")

    assert "line 9" in problems
    assert "附录" in problems
