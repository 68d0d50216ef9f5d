"""Spreadsheet exports that a spreadsheet program cannot run as formulas.

A cell that starts with =, +, -, @ (or a tab or carriage return) is read by Excel and WPS
as a formula when the exported file is opened: a name imported from HR as
`=HYPERLINK("http://…")` would become a live link in a manager's export. Every CSV and
XLSX export writes such text with a leading apostrophe, as OWASP advises; numbers stay
numbers, and text that is only a number ("-5") is left as it is.

Every admin export goes through Wagtail's `SpreadsheetExportMixin` — our viewsets' index
views, and Wagtail's own page reports, site history and redirects — so the rule is put on
that mixin once, at start-up, rather than on each view (where a new one would be missed).
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def spreadsheet_safe(value):
    """`value` as a spreadsheet cell that cannot start a formula; non-text is unchanged."""
    is_formula_start = isinstance(value, str) and value.startswith(FORMULA_STARTS)
    if is_formula_start and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def protect_spreadsheet_exports() -> None:
    """Make every Wagtail CSV and XLSX export pass its cells through `spreadsheet_safe`.

    `preprocess_field_value` is the one hook both formats send each value through, after
    Wagtail has turned it into text or left it a number; headings are labels, not data.
    Idempotent: called from TrainingConfig.ready.
    """
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "spreadsheet_safe", False):
        return

    def preprocess_field_value(self, field, value, export_format):
        return spreadsheet_safe(original(self, field, value, export_format))

    preprocess_field_value.spreadsheet_safe = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
