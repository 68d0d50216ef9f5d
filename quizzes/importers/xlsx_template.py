"""The downloadable question table: the header row, one example row per question type (about
our own customer service), and a second sheet explaining the columns."""

from __future__ import annotations

import datetime
import io

from quizzes.importers.xlsx_columns import (
    COLUMNS,
    TEMPLATE_CHANNEL_WORDS,
    TEMPLATE_TYPE_WORDS,
)
from training.importers.tabular import Cell

_EXAMPLES: list[dict[str, Cell]] = [
    {
        "category": "服务标准/响应时效",
        "type": "单选题",
        "name": "首次响应时限",
        "question": "在线咨询的首次响应时间标准是？",
        "option_a": "60 秒以内",
        "option_b": "5 分钟以内",
        "option_c": "30 分钟以内",
        "correct": "A",
        "feedback": "B：太慢了，标准是 60 秒以内。\nC：太慢了，标准是 60 秒以内。",
        "general_feedback": "优秀团队能做到 30 秒以内。",
        "mark": 1,
        "tags": "响应时效、服务标准",
    },
    {
        "category": "售后/退货退款",
        "type": "多选题",
        "name": "七天无理由退货核对项",
        "question": "办理七天无理由退货时，需要核对哪些信息？",
        "option_a": "订单号",
        "option_b": "签收日期是否在 7 天内",
        "option_c": "商品是否影响二次销售",
        "option_d": "顾客的身份证照片",
        "correct": "A,B,C",
        "feedback": "D：不需要，索要身份证照片属于过度收集个人信息。",
        "mark": 2,
        "tags": "退货",
    },
    {
        "category": "售后/退货退款",
        "type": "判断题",
        "name": "七天起算日",
        "question": "七天无理由退货从顾客签收的次日开始计算。",
        "correct": "对",
        "feedback": "错：请再看一下退货规定：从签收次日起算。",
    },
    {
        "category": "投诉处理",
        "type": "填空题",
        "name": "投诉第一步",
        "question": "处理顾客投诉的第一步是什么？（四个字）",
        "option_a": "保持冷静",
        "feedback": "对，先稳住自己的情绪，再确认问题。",
    },
    {
        "category": "服务标准/响应时效",
        "type": "匹配题",
        "name": "渠道与时限",
        "question": "把服务渠道和它的回复时限配对。",
        "option_a": "在线咨询 -> 60 秒内首次响应",
        "option_b": "电子邮件 -> 4 小时内回复",
        "option_c": "投诉 -> 24 小时内给出方案",
        "option_d": "-> 一周内回复",
    },
    {
        "category": "投诉处理",
        "type": "排序题",
        "name": "投诉处理步骤",
        "question": "把投诉处理的五个步骤排好顺序。",
        "option_a": "保持冷静",
        "option_b": "确认问题",
        "option_c": "道歉",
        "option_d": "解决",
        "option_e": "改进",
        "general_feedback": "保持冷静 → 确认问题 → 道歉 → 解决 → 改进。",
    },
    {
        "category": "售后/退货退款",
        "type": "数值题",
        "name": "无理由退货天数",
        "question": "无理由退货的期限是几天？",
        "correct": 7,
        "tolerance": 0,
    },
    {
        "category": "信息保护",
        "type": "问答题",
        "name": "核实身份",
        "question": "顾客在电话里要求你报出他账户绑定的手机号。你怎么回复？请写出你的话术。",
        "general_feedback": "不报出完整信息；请顾客提供信息由你核对，"
        "并说明这是为了保护他的账户安全。",
        "mark": 5,
    },
    {
        "category": "投诉处理",
        "type": "顾客消息题",
        "name": "耳机单边无声",
        "question": "耳机左边没声音，才用了三天！我要退货！",
        "option_a": "非常抱歉给您添麻烦了。耳机是 3 月 15 日签收的，在七天无理由期限内，"
        "我现在就为您办理退货。",
        "option_b": "您先自己检查一下是不是没充电。",
        "option_c": "这个问题请联系厂家售后。",
        "correct": "A",
        "feedback": "B：先道歉、先解决，不要把问题推回给顾客。\nC：不要推给第三方。",
        "channel": "在线咨询",
        "customer_name": "王女士",
        "order_number": "2024031500123",
        "order_product": "蓝牙耳机",
        "order_status": "已签收",
        "order_date": datetime.date(2024, 3, 15),
    },
]

_INSTRUCTIONS = [
    ("分类", "题库分类，用 / 分层，如：服务标准/响应时效。留空：导入时选择的分类。"),
    ("题型", "、".join(TEMPLATE_TYPE_WORDS)),
    ("名称", "题库列表里显示的名称；留空则用题干第一行。"),
    ("题干", "题目内容（必填）。顾客消息题：顾客发来的消息。"),
    (
        "选项A–选项H",
        "单选/多选/顾客消息题：选项；填空题：可接受的答案；匹配题：“问题 -> 答案”，"
        "只写“-> 答案”为干扰项；排序题：按正确顺序填写。",
    ),
    ("正确答案", "选项字母，如 B 或 A,C；判断题填 对 或 错；数值题填数字。"),
    ("误差", "数值题允许的误差（±）。"),
    ("反馈", "每行一个选项：“B：……”；判断题：“错：……”。"),
    ("总体反馈", "作答后总会显示的说明。"),
    ("分值", "默认 1。"),
    ("标签", "用逗号或顿号分隔。"),
    (
        "渠道 … 下单日期",
        "仅顾客消息题：渠道（" + "、".join(TEMPLATE_CHANNEL_WORDS) + "）和订单信息。",
    ),
]


def xlsx_template() -> bytes:
    """A workbook to fill in: the header row, one example row per question type, and a
    second sheet explaining the columns."""
    import openpyxl
    from openpyxl.styles import Alignment, Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "题目"
    sheet.append([chinese for chinese, _others in COLUMNS.values()])
    for example in _EXAMPLES:
        sheet.append([example.get(column) for column in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
    widths = {"question": 40, "feedback": 30, "general_feedback": 30, "category": 18}
    for index, column in enumerate(COLUMNS, start=1):
        letter = openpyxl.utils.get_column_letter(index)
        sheet.column_dimensions[letter].width = widths.get(column, 14)
    sheet.freeze_panes = "A2"

    help_sheet = workbook.create_sheet("填写说明")
    help_sheet.append(["列", "填写方法"])
    for row in _INSTRUCTIONS:
        help_sheet.append(list(row))
    help_sheet.column_dimensions["A"].width = 16
    help_sheet.column_dimensions["B"].width = 90
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
