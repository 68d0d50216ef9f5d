"""Reading the numbering of manual headings and list items.

Chinese training manuals number their structure in text rather than (only) with heading
styles: 第1章 / 第一章, 1.1, 1.1.1, 一、, （一）, and list items (1) （1） ① 1. 1、. Some
documents run a heading and the first sentence of its text together on one line
("2.1.1 领导层领导层负责……"); `split_heading` takes such a line apart again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Numbering kinds from the top of a document's hierarchy downwards. A document uses some of
# them; the ones it uses are ranked in this order unless its heading markup says otherwise.
KIND_ORDER = (
    "part",  # 第一篇 / 第一部分 / Part I
    "chapter",  # 第1章 / 第一章 / Chapter 1
    "section",  # 第一节 / Section 1
    "cn_item",  # 一、
    "cn_paren",  # （一）
    "decimal1",  # 1. (only inside marked headings; in running text it is a list item)
    "decimal2",  # 1.1
    "decimal3",  # 1.1.1
    "decimal4",  # 1.1.1.1
    "decimal5",
    "paren_num",  # (1) (only inside marked headings)
)

_CN_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_CN_NUMERAL = "零〇一二三四五六七八九十百两"
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}

_SEPARATOR = r"[\s:：、.．\-—–]*"
_CHAPTER = re.compile(
    rf"^第\s*([0-9]{{1,3}}|[{_CN_NUMERAL}]{{1,4}})\s*(章|篇|部分|节|讲|课|单元){_SEPARATOR}"
)
_CHAPTER_KIND = {
    "章": "chapter", "讲": "chapter", "课": "chapter", "单元": "chapter",
    "篇": "part", "部分": "part", "节": "section",
}  # fmt: skip
_ENGLISH = re.compile(
    r"^(part|chapter|module|unit|section|lesson)\s+([0-9]{1,3}|[ivxlc]{1,6})\b" + _SEPARATOR,
    re.IGNORECASE,
)
_ENGLISH_KIND = {
    "part": "part", "chapter": "chapter", "module": "chapter", "unit": "chapter",
    "section": "section", "lesson": "section",
}  # fmt: skip
# Units that follow a number which is a quantity, not a heading number ("2.5倍", "3.5%").
_UNIT = r"(?:%|％|倍|元|万|亿|个|次|人|件|单|小时|分钟|分|秒|天|周|年|月|日|号|km|kg|cm|mm|米|克)"
_DECIMAL = re.compile(r"^(\d{1,3}(?:[.．]\d{1,3})+)(?![.．]?\d)[.．]?\s*")
_QUANTITY = re.compile(rf"^\d{{1,3}}[.．]\d{{1,3}}{_UNIT}")
_DECIMAL1 = re.compile(r"^(\d{1,2})\s*[.．、](?![\d.．])\s*")
_CN_ITEM = re.compile(rf"^([{_CN_NUMERAL}]{{1,3}})\s*[、.．]\s*")
_CN_PAREN = re.compile(rf"^[（(]\s*([{_CN_NUMERAL}]{{1,3}})\s*[)）]\s*")
_PAREN_NUM = re.compile(r"^[（(]\s*(\d{1,2})\s*[)）]\s*")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CIRCLED_NUM = re.compile(rf"^([{_CIRCLED}])\s*")

# Inside a heading's text: a further heading number that belongs to the same chapter.
_EMBEDDED_DECIMAL = re.compile(r"(?<![\d.．])(\d{1,3}(?:[.．]\d{1,3})+)(?![.．]?\d|[%％])\s*")
# An inline list: "主要包括:(1)……;(2)……" or "①……②……".
_INLINE_MARKER = re.compile(rf"[（(]\s*(\d{{1,2}})\s*[)）]|([{_CIRCLED}])")
# Table-of-contents lines: dot leaders or a tab, then a page number.
_TOC_LINE = re.compile(r"(?:[.…·．]{3,}|…{2,}|\t)\s*\d{1,4}\s*$")
_CJK = re.compile(r"[\u3400-\u9fff]")
_SENTENCE_PUNCTUATION = "，,。：:；;！!？?"
_ITEM_TRAILING_PUNCTUATION = "；;，,、 "


@dataclass(frozen=True)
class Numbering:
    kind: str  # one of KIND_ORDER
    number: tuple[int, ...]
    label: str  # the number as written, without separators ("第一章", "2.1.1", "一")


def cn_number(text: str) -> int | None:
    """The value of a Chinese or Arabic numeral up to 999 ("十二" → 12), or None."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for char in text:
        if char in _CN_DIGITS:
            current = _CN_DIGITS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def _roman_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    values = [_ROMAN[char] for char in text.lower()]
    total = 0
    for index, value in enumerate(values):
        following = values[index + 1] if index + 1 < len(values) else 0
        total += -value if value < following else value
    return total or None


def heading_numbering(text: str, *, in_heading: bool) -> tuple[Numbering | None, str]:
    """The numbering a heading starts with and the rest of its text.

    `in_heading` says the text is already known to be a heading (a Markdown `#` line or a
    Word heading style); then "1." and "(1)" count as heading numbers too.
    """
    match = _CHAPTER.match(text)
    if match:
        value = cn_number(match.group(1))
        if value is not None:
            kind = _CHAPTER_KIND[match.group(2)]
            label = f"第{match.group(1)}{match.group(2)}"
            return Numbering(kind, (value,), label), text[match.end() :]
    match = _ENGLISH.match(text)
    if match:
        value = _roman_number(match.group(2))
        if value is not None:
            kind = _ENGLISH_KIND[match.group(1).lower()]
            label = f"{match.group(1)} {match.group(2)}"
            return Numbering(kind, (value,), label), text[match.end() :]
    match = _DECIMAL.match(text)
    if match and match.end() < len(text) and not _QUANTITY.match(text):
        parts = tuple(int(part) for part in re.split(r"[.．]", match.group(1)))
        kind = f"decimal{min(len(parts), 5)}"
        return Numbering(kind, parts, match.group(1)), text[match.end() :]
    match = _CN_ITEM.match(text)
    if match and cn_number(match.group(1)) is not None and match.end() < len(text):
        return Numbering("cn_item", (cn_number(match.group(1)),), match.group(1)), text[
            match.end() :
        ]
    match = _CN_PAREN.match(text)
    if match and cn_number(match.group(1)) is not None and match.end() < len(text):
        return Numbering("cn_paren", (cn_number(match.group(1)),), match.group(1)), text[
            match.end() :
        ]
    if in_heading:
        for pattern, kind in ((_DECIMAL1, "decimal1"), (_PAREN_NUM, "paren_num")):
            match = pattern.match(text)
            if match and match.end() < len(text):
                value = int(match.group(1))
                return Numbering(kind, (value,), match.group(1)), text[match.end() :]
    return None, text


def list_item_marker(text: str) -> tuple[int, str] | None:
    """(number, rest) when a line of running text starts with a list-item number.

    (1) （1） ① 1. 1、 are list items; 1.1 is not (it is a heading number).
    """
    for pattern in (_PAREN_NUM, _DECIMAL1):
        match = pattern.match(text)
        if match and match.end() < len(text):
            return int(match.group(1)), text[match.end() :]
    match = _CIRCLED_NUM.match(text)
    if match and match.end() < len(text):
        return _CIRCLED.index(match.group(1)) + 1, text[match.end() :]
    return None


def is_toc_line(text: str) -> bool:
    """A table-of-contents entry: a title, dot leaders or a tab, a page number."""
    return bool(_TOC_LINE.search(text))


def plain_heading(text: str, *, chapter: int | None) -> Numbering | None:
    """The numbering of a line of unmarked text that reads as a heading, or None.

    Used for plain-text files and documents without heading markup. 第N章 always starts a
    heading; "1.1" does when the line is short or its first number is the current chapter;
    一、 and （一） only on short lines (otherwise they are numbered paragraphs).
    """
    numbering, rest = heading_numbering(text, in_heading=False)
    if numbering is None or not rest.strip():
        return None
    sentence_end = text.rstrip().endswith(tuple("。；;，,：:"))
    if numbering.kind in ("part", "chapter", "section"):
        return numbering
    if numbering.kind.startswith("decimal"):
        if len(text) <= 60 and not sentence_end:
            return numbering
        return numbering if chapter is not None and numbering.number[0] == chapter else None
    return numbering if len(text) <= 40 and not sentence_end else None


# Words that end a section title, and words that continue one. Used to find where a
# heading's title stops and its first sentence starts when the two were run together.
_TITLE_ENDINGS = (
    "重要性", "必要性", "范围", "架构", "小组", "部门", "选拔", "体系", "目标", "流程", "机制",
    "协作", "质量", "技巧", "策略", "介绍", "应用", "反馈", "方法", "指标", "优化", "划分",
    "共享", "沟通", "整合", "传递", "关怀", "构建", "管理", "措施", "评估", "改进", "工具",
    "技能", "培训", "分析", "识别", "选择", "能力", "原则", "要求", "规范", "职责", "概述",
    "处理", "建设", "预警", "调查", "意识", "制度", "支持", "实施", "计划", "内容", "方式",
    "周期", "标准", "作用", "意义", "定义", "案例", "总结", "注意事项", "步骤", "须知", "概念",
    "特点", "分类", "原因", "对策", "建议", "方案", "规定", "储备", "培养", "响应", "透明",
    "协调", "追究", "品质", "解答", "接收", "互动", "设计", "组成", "职能", "素质", "礼仪",
    "话术", "技术", "安全", "保护", "风险", "防范", "趋势", "发展", "任务", "跟踪",
)  # fmt: skip
# A title does not end with these; the text after a cut does not start with the first ones.
_CONNECTORS = ("与", "和", "及", "的", "之", "或")
_PARTICLES = (*_CONNECTORS, "是", "应", "需", "将")
_TITLE_CONTINUATIONS = (*_CONNECTORS, "中", "化", "性", "型", "类", *_TITLE_ENDINGS)
_SENTENCE_OPENERS = (
    "在", "为", "通过", "根据", "各", "以下", "鼓励", "建立", "持续", "随着", "我们",
    "针对", "对于", "作为", "如何", "本节", "本章", "这", "该", "选拔",
)  # fmt: skip
_MAX_TITLE = 40


def split_title(text: str) -> tuple[str, str]:
    """(title, body) of a heading whose first sentence was run into it.

    Only Chinese headings that contain sentence punctuation are taken apart: the cut goes
    where the title most plausibly ends (a title-like final word, the body repeating the
    title's first words, a sentence opener after it). Nothing is lost: title + body is
    always the original text.
    """
    text = text.strip()
    stop = min((text.find(mark) for mark in _SENTENCE_PUNCTUATION if mark in text), default=-1)
    if stop < 0 or not _CJK.search(text[:stop]):
        return text, ""
    best_score, best_cut = 0.0, 0
    for cut in range(3, min(stop, _MAX_TITLE) + 1):
        head, tail = text[:cut], text[cut:]
        if head[-1].isascii() and head[-1].isalnum() and tail[:1].isascii() and tail[:1].isalnum():
            continue
        score = 0.0
        if head.endswith(_TITLE_ENDINGS):
            score += 2
        repeated = len(tail) >= 2 and tail[:2] in head
        if head.endswith(_PARTICLES) or (tail.startswith(_TITLE_CONTINUATIONS) and not repeated):
            score -= 3
        if _common_prefix(head, tail) >= 3:
            score += 3  # the text repeats the title: "客服小组客服小组是……"
        elif cut >= 4 and tail[:2] == head[-2:]:
            score += 3  # the text repeats the title's last word: "人员选拔选拔……"
        elif repeated:
            score += 1
        if tail.startswith(_SENTENCE_OPENERS):
            score += 1.5
        score -= 0.2 * max(0, cut - 10)  # titles are short
        if score > best_score:
            best_score, best_cut = score, cut
    if best_score >= 2:
        return text[:best_cut], text[best_cut:]
    # No plausible cut: the words up to the first punctuation stand as the title.
    cut = min(stop, 30)
    return text[:cut], text[cut:].lstrip("，,。：:；; ")


def _common_prefix(first: str, second: str) -> int:
    length = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        length += 1
    return length


@dataclass(frozen=True)
class HeadingPart:
    """One heading found in a heading line, and any running text that followed its title."""

    numbering: Numbering | None
    title: str
    body: str


def split_heading(text: str, numbering: Numbering | None) -> list[HeadingPart]:
    """The headings in one heading's text (after its own number), and their run-on text.

    "社交媒体客服概述1.1社交媒体客服的重要性在当今……" under 第一章 gives the chapter title, then
    heading 1.1 with its title and the body text that followed. Only numbers that continue
    this chapter's numbering (1.x under chapter 1 or 1.1) are taken as headings.
    """
    parts: list[HeadingPart] = []
    chapter = numbering.number[0] if numbering is not None and numbering.number else None
    current, remaining = numbering, text
    while True:
        found = None
        if chapter is not None and (current is None or current.kind != "part"):
            for match in _EMBEDDED_DECIMAL.finditer(remaining):
                numbers = tuple(int(part) for part in re.split(r"[.．]", match.group(1)))
                if (
                    numbers[0] == chapter
                    and match.start() > 0
                    and match.end() < len(remaining)
                    and not _QUANTITY.match(remaining[match.start() :])
                ):
                    found = match, numbers
                    break
        segment = remaining[: found[0].start()] if found else remaining
        if _CJK.search(segment) and (
            any(mark in segment for mark in _SENTENCE_PUNCTUATION) or len(segment) > _MAX_TITLE
        ):
            title, body = split_title(segment)
        else:
            title, body = segment, ""
        parts.append(HeadingPart(current, title.strip(" \t:：-—"), body.strip()))
        if found is None:
            return parts
        match, numbers = found
        kind = f"decimal{min(len(numbers), 5)}"
        current = Numbering(kind, numbers, match.group(1))
        remaining = remaining[match.end() :]


def split_inline_list(text: str) -> tuple[str, list[str]] | None:
    """(lead, items) when a paragraph runs a numbered list inline: "包括:(1)甲;(2)乙。".

    Needs at least two markers numbered 1, 2, … in order; otherwise None.
    """
    markers = []
    expected = 1
    for match in _INLINE_MARKER.finditer(text):
        value = int(match.group(1)) if match.group(1) else _CIRCLED.index(match.group(2)) + 1
        if value == expected:
            markers.append(match)
            expected += 1
    if len(markers) < 2:
        return None
    lead = text[: markers[0].start()].strip()
    items = []
    for index, match in enumerate(markers):
        end = markers[index + 1].start() if index + 1 < len(markers) else len(text)
        item = text[match.end() : end].strip().rstrip(_ITEM_TRAILING_PUNCTUATION)
        if item:
            items.append(item)
    return lead, items
