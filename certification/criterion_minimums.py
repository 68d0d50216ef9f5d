"""A role-play requirement's minimum per criterion: "标准用语: 80" means the assessed attempt
must score at least 80 % on that criterion of the scenario's rubric, whatever the total.

Stored by criterion key (`ProgrammeRequirement.criterion_minimums`, key -> per cent), the
keys of the record's `details["criteria"]`, so renaming a criterion keeps its minimum; edited
by name, one line per criterion, in the requirement's form. The criteria come from the chosen
page through the course item protocol (`assessment_criteria()`), so certification imports no
role-play code. The admin's form is `forms.RequirementForm`.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from certification.models import ProgrammeRequirement, RequirementKind
from training.text import join_names

# "名称: 80", "名称：80%", "名称 : 80 ％"
_LINE = re.compile(r"^(?P<name>.+?)\s*[:：]\s*(?P<value>\d{1,3})\s*[%％]?$")


def _valid_names(criteria: list[tuple[str, str]]) -> str:
    return join_names(name or key for key, name in criteria)


def parse_minimums(text: str, criteria: list[tuple[str, str]]) -> dict[str, int]:
    """"名称: 80" lines -> {key: 80}. A criterion is named by its name (or its key). Raises
    ValidationError listing every problem, with the names the scenario's rubric has."""
    by_name = {}
    for key, _label in criteria:
        by_name.setdefault(key.casefold(), key)
    for key, name in criteria:
        by_name[name.strip().casefold()] = key
    minimums: dict[str, int] = {}
    problems: list[str] = []
    unknown = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        match = _LINE.match(line)
        if match is None:
            problems.append(
                _("Line %(line)s: write the criterion, a colon and a per cent, e.g. “%(example)s”.")
                % {"line": number, "example": f"{criteria[0][1] if criteria else '标准用语'}: 80"}
            )
            continue
        name, value = match["name"].strip(), int(match["value"])
        key = by_name.get(name.casefold())
        if key is None:
            unknown = True
            problems.append(
                _("Line %(line)s: the scenario has no criterion “%(name)s”.")
                % {"line": number, "name": name}
            )
        elif key in minimums:
            problems.append(
                _("Line %(line)s: “%(name)s” is listed twice.") % {"line": number, "name": name}
            )
        elif not 1 <= value <= 100:
            problems.append(
                _("Line %(line)s: a minimum is between 1 and 100 per cent.") % {"line": number}
            )
        else:
            minimums[key] = value
    if unknown:
        problems.append(valid_names_message(criteria))
    if problems:
        raise ValidationError(problems)
    return minimums


def valid_names_message(criteria: list[tuple[str, str]]) -> str:
    if not criteria:
        return _(
            "The chosen page has no criteria to set a minimum on: choose a role-play scenario."
        )
    return _("Its criteria are: %(names)s.") % {"names": _valid_names(criteria)}


def format_minimums(minimums: dict[str, int], criteria: list[tuple[str, str]]) -> str:
    """{key: 80} -> "名称: 80" lines, in the rubric's order (unknown keys last, by key)."""
    names = dict(criteria)
    order = {key: position for position, (key, _name) in enumerate(criteria)}
    keys = sorted(minimums, key=lambda key: (order.get(key, len(order)), key))
    return "\n".join(f"{names.get(key) or key}: {minimums[key]}" for key in keys)


def minimums_problems(requirement: ProgrammeRequirement) -> list[str]:
    """What is wrong with the stored minima (keys the scenario does not have, values out of
    range, or minima on a requirement that is not a role-play); empty when they are sound."""
    minimums = requirement.criterion_minimums or {}
    if not minimums:
        return []
    if requirement.kind != RequirementKind.ROLEPLAY:
        return [_("Only a role-play requirement has minimum scores per criterion.")]
    if not isinstance(minimums, dict):
        return [_("Write one criterion per line, e.g. “标准用语: 80”.")]
    criteria = requirement.assessment_criteria()
    keys = {key for key, _name in criteria}
    problems = []
    unknown = [key for key in minimums if key not in keys]
    if unknown:
        problems.append(
            _("The scenario has no criterion %(names)s.")
            % {"names": join_names(f"“{key}”" for key in unknown)}
        )
        problems.append(valid_names_message(criteria))
    out_of_range = [
        key
        for key, value in minimums.items()
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 100
    ]
    if out_of_range:
        problems.append(_("A minimum is between 1 and 100 per cent."))
    return problems


def current_minimums(requirement: ProgrammeRequirement) -> list[tuple[str, str, int]]:
    """The minima that apply, as (key, name, per cent) in the rubric's order: those on
    criteria the scenario still has. One the trainer has since removed from the rubric no
    attempt can be scored on, so it is not asked (the programme editor flags it)."""
    minimums = requirement.criterion_minimums
    if not minimums or not isinstance(minimums, dict):
        return []
    return [
        (key, name or key, minimums[key])
        for key, name in requirement.assessment_criteria()
        if key in minimums
    ]


def criteria_label(label: str, minimums: list[tuple[str, str, int]]) -> str:
    """The checklist label with the minima said: "…，其中 标准用语 不低于 80%"."""
    parts = [
        _("%(criterion)s at least %(min)s%%") % {"criterion": name, "min": value}
        for _key, name, value in minimums
    ]
    return _("%(requirement)s, with %(criteria)s") % {
        "requirement": label,
        "criteria": join_names(parts),
    }
