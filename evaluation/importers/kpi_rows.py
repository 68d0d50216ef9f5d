"""Checking KPI rows, from a file or from the helpdesk API: every problem, or the values.

A row is one agent and one month: an employee number, a month and a value per metric
(evaluation/kpis.py). The rules, the same for both ways in:

- the employee number must belong to someone in the roster;
- the month is written YYYY-MM (an Excel date cell on the first of a month is accepted too,
  since Excel turns a typed "2026-03" into one), and may not lie after the current month
  (the current one may be sent as it goes: a later import of it updates its values);
- a rate is a fraction 0–1 or a percentage: a value above 1, or one written with "%", is a
  percentage ("95", "95%" and "0.95" are all 95 %); it must lie between 0 and 100 %. A bare
  value of 1 or less in a column whose other bare values are percentages is refused as
  ambiguous ("0.8" beside "2.5" is surely 0.8 %, not 80 %);
- a time is a number of seconds, not negative;
- a blank value means "not measured": nothing is stored, and a value stored earlier for
  that agent, month and metric is left as it is;
- an agent and month appear once.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext

from evaluation.kpis import METRICS
from training.importers.errors import ImportProblem, ImportRejected
from training.importers.tabular import Cell, cell_text
from training.models import AgentProfile

EMPLOYEE_NO = "employee_no"
MONTH = "month"
COLUMNS = (EMPLOYEE_NO, MONTH, *METRICS)

_MONTH = re.compile(r"(\d{4})-(\d{2})")
_PERCENT_SIGNS = ("%", "％")


@dataclass(frozen=True)
class KpiValue:
    """One value to store: rates as fractions 0–1, times in seconds."""

    person_id: int
    month: datetime.date
    metric: str
    value: float


@dataclass
class KpiBatch:
    """A checked file or push: its values, and how many agent-months and blanks it held."""

    values: list[KpiValue] = field(default_factory=list)
    rows: int = 0
    blanks: int = 0


@dataclass(frozen=True)
class _Rate:
    fraction: float
    bare_percent: bool  # above 1 without a sign: this column is written in percent
    bare_fraction: bool  # 0 < value ≤ 1 without a sign: read as a fraction


def parse_month(value: Cell) -> datetime.date:
    """The first day of the month a cell names; ValueError unless it is YYYY-MM (or a date
    cell on the first of a month)."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        if value.day != 1:
            raise ValueError(value)
        return value
    if not isinstance(value, str):
        raise ValueError(value)
    match = _MONTH.fullmatch(value.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(value)
    return datetime.date(int(match.group(1)), int(match.group(2)), 1)


def _number(value: Cell | bool) -> float:
    """A finite number from a number cell or text; ValueError otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(value)
    number = float(value.strip().replace(",", "")) if isinstance(value, str) else float(value)
    if not math.isfinite(number):
        raise ValueError(value)
    return number


def _rate(value: Cell) -> _Rate:
    """A rate as a fraction; ValueError if it is no number, outside 0–100 % raises
    OverflowError."""
    text = value.strip() if isinstance(value, str) else None
    if text is not None and text.endswith(_PERCENT_SIGNS):
        fraction = _number(text[:-1]) / 100
        bare_percent = bare_fraction = False
    else:
        number = _number(value)
        bare_percent = number > 1
        bare_fraction = 0 < number <= 1
        fraction = number / 100 if bare_percent else number
    if not 0 <= fraction <= 1:
        raise OverflowError(value)
    return _Rate(fraction, bare_percent, bare_fraction)


def _seconds(value: Cell) -> float:
    """A time in seconds; ValueError if it is no number, OverflowError if negative."""
    number = _number(value)
    if number < 0:
        raise OverflowError(value)
    return number


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def kpi_rows_validate(
    *,
    rows: list[tuple[int, dict[str, Cell]]],
    headers: dict[str, str],
    refer: Callable[[int], str],
    today: datetime.date | None = None,
) -> KpiBatch:
    """The values of `rows`, or ImportRejected listing every problem in them.

    Each row is (where, {column: value}) with the columns of COLUMNS; `where` is the line
    of a file or the index of a pushed list, and each problem carries it. `headers` names
    the columns as the input spells them; `refer(where)` says where a repeated row first
    appeared ("line 3", "index 0"). Reads the roster once for the employee numbers.
    """
    today = today or timezone.localdate()
    this_month = today.replace(day=1)
    problems: list[ImportProblem] = []
    numbers = {cell_text(values.get(EMPLOYEE_NO)) for _where, values in rows}
    people = dict(
        AgentProfile.objects.filter(employee_no__in=numbers - {""}).values_list(
            "employee_no", "user_id"
        )
    )
    batch = KpiBatch(rows=len(rows))
    first_seen: dict[tuple[str, datetime.date], int] = {}
    # Per rate column: where a bare percentage was seen, and the bare fractions (to refuse
    # when the column also holds percentages).
    percent_at: dict[str, tuple[int, str]] = {}
    fractions_at: dict[str, list[tuple[int, str, float]]] = {}

    for where, values in rows:

        def problem(column, message, where=where):
            problems.append(ImportProblem(where, headers[column], message))

        number = cell_text(values.get(EMPLOYEE_NO))
        person_id = people.get(number)
        if not number:
            problem(EMPLOYEE_NO, gettext("An employee number is required."))
        elif person_id is None:
            problem(
                EMPLOYEE_NO,
                gettext("“%(value)s” is not the employee number of anyone in the roster.")
                % {"value": number},
            )
        month = None
        raw_month = values.get(MONTH)
        if _blank(raw_month):
            problem(MONTH, gettext("A month is required, written as 2026-03."))
        else:
            try:
                month = parse_month(raw_month)
            except ValueError:
                problem(
                    MONTH,
                    gettext("“%(value)s” is not a month; write it as 2026-03 (YYYY-MM).")
                    % {"value": cell_text(raw_month)},
                )
            else:
                if month > this_month:
                    problem(
                        MONTH,
                        gettext("%(month)s is still to come; KPIs are for months measured.")
                        % {"month": f"{month:%Y-%m}"},
                    )
                    month = None
        if number and month is not None:
            first = first_seen.setdefault((number.casefold(), month), where)
            if first != where:
                problem(
                    MONTH,
                    gettext("Employee %(no)s and %(month)s already appear at %(first)s.")
                    % {"no": number, "month": f"{month:%Y-%m}", "first": refer(first)},
                )
                month = None

        row_values = []
        for code, info in METRICS.items():
            raw = values.get(code)
            if _blank(raw):
                batch.blanks += 1
                continue
            shown = cell_text(raw) if not isinstance(raw, bool) else str(raw).lower()
            try:
                if info.is_rate:
                    rate = _rate(raw)
                    value = rate.fraction
                    if rate.bare_percent:
                        percent_at.setdefault(code, (where, shown))
                    elif rate.bare_fraction:
                        fractions_at.setdefault(code, []).append((where, shown, value))
                else:
                    value = _seconds(raw)
            except ValueError:
                message = (
                    gettext("“%(value)s” is not a rate; write 0.95, 95 or 95%%.")
                    if info.is_rate
                    else gettext("“%(value)s” is not a number of seconds.")
                )
                problem(code, message % {"value": shown})
                continue
            except OverflowError:
                message = (
                    gettext("“%(value)s” is outside 0–100 %%.")
                    if info.is_rate
                    else gettext("“%(value)s” is negative; a time cannot be.")
                )
                problem(code, message % {"value": shown})
                continue
            row_values.append((code, value))
        if person_id is not None and month is not None:
            batch.values.extend(
                KpiValue(person_id=person_id, month=month, metric=code, value=value)
                for code, value in row_values
            )

    for code, (percent_where, percent_shown) in percent_at.items():
        for where, shown, fraction in fractions_at.get(code, []):
            problems.append(
                ImportProblem(
                    where,
                    headers[code],
                    gettext(
                        "“%(value)s” reads as %(percent)s %%, but this column holds "
                        "percentages (“%(example)s” at %(where)s). Write “%(value)s%%” if "
                        "that is meant, or use one scale for the whole column."
                    )
                    % {
                        "value": shown,
                        "percent": f"{fraction * 100:g}",
                        "example": percent_shown,
                        "where": refer(percent_where),
                    },
                )
            )
    if problems:
        raise ImportRejected(problems)
    return batch
