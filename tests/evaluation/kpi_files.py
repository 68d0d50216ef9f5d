"""KPI files for the tests: CSV in any encoding, or XLSX, from a header and rows."""

import csv
import io

import openpyxl

EN_HEADER = [
    "employee_no",
    "month",
    "csat",
    "first_response_s",
    "resolution_rate",
    "complaint_rate",
    "order_accuracy",
]
ZH_HEADER = ["工号", "月份", "满意度", "首次响应时长(秒)", "解决率", "投诉率", "订单准确率"]


def csv_bytes(header, rows, *, encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(header, rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
