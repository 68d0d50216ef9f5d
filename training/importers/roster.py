"""The HR roster import: one row per person, created or updated by employee number.

parse (`roster_parse`) → validate every row against the file and the database
(`roster_validate`) → write in one transaction (`roster_import`). `roster_import_file` does
all three; a file with any problem is refused whole and nothing is written.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext

from training.importers.errors import ImportProblem, ImportRejected
from training.importers.roster_teams import NewTeam, roster_new_teams, unconfirmed_teams
from training.importers.tabular import Cell, Row, cell_text, read_table
from training.models import AgentProfile, Position, Tier, User
from training.roles import Role
from training.services import PersonData, person_upsert, queue_invitations

# Column → (Chinese header, other accepted headers). The Chinese header is what the
# downloadable template uses; matching ignores case, spaces, "_" and "-".
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "employee_no": ("工号", ("employee number", "employee no", "员工编号", "员工号")),
    "name": ("姓名", ("full name",)),
    "email": ("邮箱", ("e-mail", "e-mail address", "email address", "电子邮件", "电子邮箱")),
    "team": ("团队", ("team name", "小组")),
    "position": ("岗位", ("职位",)),
    "tier": ("级别", ("level", "职级")),
    "hire_date": ("入职日期", ("hire date", "date hired")),
    "role": ("角色", ()),
}
REQUIRED = ("employee_no", "name", "email", "position", "tier", "role")
MAX_LENGTHS = {"employee_no": 32, "name": 150, "team": 100}

# Chinese words HR writes, beside the codes and the English labels (matched case-insensitively).
POSITION_WORDS = {
    "一线客服": Position.FIRST_LINE,
    "二线客服": Position.SECOND_LINE,
    "投诉处理专员": Position.COMPLAINT_SPECIALIST,
    "客服主管": Position.SUPERVISOR,
    "主管": Position.SUPERVISOR,
    "培训师": Position.TRAINER,
    "数据分析员": Position.DATA_ANALYST,
}
TIER_WORDS = {"初级": Tier.JUNIOR, "中级": Tier.INTERMEDIATE, "高级": Tier.SENIOR}
ROLE_WORDS = {
    "学员": Role.LEARNER,
    "培训师": Role.TRAINER,
    "主管": Role.MANAGER,
    "管理员": Role.ADMINISTRATOR,
}

_DATE_PATTERNS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"),
)
_MIDNIGHT = re.compile(r"\s+0?0:00(:00)?$")  # "2024-03-01 00:00:00" from some exports


def _key(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", text).strip().casefold()


def _vocabulary(choices, words: dict[str, str]) -> dict[str, str]:
    """Every accepted spelling → code: the code, its English and Chinese labels, HR words."""
    vocabulary = {_key(code): code for code in choices.values}
    for language in ("en", "zh-hans"):
        with translation.override(language):
            vocabulary.update({_key(str(label)): code for code, label in choices.choices})
    vocabulary.update({_key(word): code for word, code in words.items()})
    return vocabulary


def _header_vocabulary() -> dict[str, str]:
    vocabulary = {}
    for column, (chinese, others) in COLUMNS.items():
        for spelling in (column, chinese, *others):
            vocabulary[_key(spelling)] = column
    with translation.override("en"):
        labels = {f.name: str(f.verbose_name) for f in AgentProfile._meta.fields}
        labels |= {f.name: str(f.verbose_name) for f in User._meta.fields}
    for column in COLUMNS:
        if column in labels:
            vocabulary.setdefault(_key(labels[column]), column)
    return vocabulary


@dataclass
class ParsedRoster:
    """The rows of a roster file, keyed by column, with the file's own header spellings."""

    headers: dict[str, str]  # column → header as written in the file
    rows: list[tuple[int, dict[str, Cell]]] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)


def roster_parse(*, rows: list[Row]) -> ParsedRoster:
    """Map the header to columns; report missing and repeated columns."""
    header, *body = rows
    vocabulary = _header_vocabulary()
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    problems: list[ImportProblem] = []
    for index, cell in enumerate(header.cells):
        text = cell_text(cell)
        column = vocabulary.get(_key(text))
        if column is None:
            continue  # HR exports carry extra columns; they are ignored
        if column in positions:
            problems.append(ImportProblem(header.line, text, gettext("This column appears twice.")))
            continue
        positions[column] = index
        headers[column] = text
    chinese = any(re.search(r"[\u4e00-\u9fff]", cell_text(cell)) for cell in header.cells)
    expected = [chinese_header if chinese else c for c, (chinese_header, _) in COLUMNS.items()]
    for column, spelling in zip(COLUMNS, expected, strict=True):
        if column not in positions:
            headers[column] = spelling
            problems.append(ImportProblem(header.line, spelling, gettext("The column is missing.")))
    if len(positions) < len(COLUMNS):
        message = gettext("The header must name these columns: %(columns)s") % {
            "columns": ", ".join(expected)
        }
        problems.append(ImportProblem(header.line, "", message))
    parsed = ParsedRoster(headers=headers, problems=problems)
    for row in body:
        values = {
            column: row.cells[index] if index < len(row.cells) else None
            for column, index in positions.items()
        }
        parsed.rows.append((row.line, values))
    return parsed


def parse_date(value: Cell) -> datetime.date:
    """A date cell or text in YYYY-MM-DD, YYYY/MM/DD or YYYY年M月D日; ValueError otherwise."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        raise ValueError(value)
    text = _MIDNIGHT.sub("", value.strip())
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            return datetime.date(*(int(part) for part in match.groups()))
    raise ValueError(value)


def roster_validate(
    *, parsed: ParsedRoster, new_teams: Collection[str] | None = None
) -> list[PersonData]:
    """Every row as PersonData, or ImportRejected listing every problem in the file.

    Checks values, repeats within the file, and e-mail addresses that already belong to
    another person in the database. With `new_teams`, a team that does not exist yet is a
    problem unless it is one of them (someone confirmed creating it: a typo in a team's
    name must not quietly become a new team); None lets the file create any team.
    """
    problems = list(parsed.problems)
    if problems:
        raise ImportRejected(problems)
    headers = parsed.headers
    vocabularies = {
        "position": _vocabulary(Position, POSITION_WORDS),
        "tier": _vocabulary(Tier, TIER_WORDS),
        "role": _vocabulary(Role, ROLE_WORDS),
    }
    people: list[tuple[int, PersonData]] = []
    first_line_of: dict[tuple[str, str], int] = {}

    for line, values in parsed.rows:

        def problem(column, message, line=line):
            problems.append(ImportProblem(line, headers[column], message))

        text = {column: cell_text(values[column]) for column in COLUMNS}
        row_ok = True
        for column in REQUIRED:
            if not text[column]:
                problem(column, gettext("A value is required."))
                row_ok = False
        for column, limit in MAX_LENGTHS.items():
            if len(text[column]) > limit:
                problem(column, gettext("At most %(n)s characters.") % {"n": limit})
                row_ok = False
        email = text["email"].lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problem(
                    "email",
                    gettext("“%(value)s” is not a valid e-mail address.")
                    % {"value": text["email"]},
                )
                row_ok = False
        codes = {}
        for column, vocabulary in vocabularies.items():
            if text[column]:
                codes[column] = vocabulary.get(_key(text[column]))
                if codes[column] is None:
                    problem(column, _unknown_value_message(column, text[column]))
                    row_ok = False
        hire_date = None
        if text["hire_date"]:
            try:
                hire_date = parse_date(values["hire_date"])
            except ValueError:
                problem(
                    "hire_date",
                    gettext("“%(value)s” is not a date; write it as 2024-03-01.")
                    % {"value": text["hire_date"]},
                )
                row_ok = False
        for column, value in (("employee_no", text["employee_no"]), ("email", email)):
            if not value:
                continue
            first = first_line_of.setdefault((column, value.casefold()), line)
            if first != line:
                problem(
                    column,
                    gettext("“%(value)s” already appears on line %(line)s.")
                    % {"value": value, "line": first},
                )
                row_ok = False
        if row_ok:
            person = PersonData(
                employee_no=text["employee_no"],
                name=text["name"],
                email=email,
                team=text["team"],
                position=codes["position"],
                tier=codes["tier"],
                hire_date=hire_date,
                role=codes["role"],
            )
            people.append((line, person))

    problems.extend(_email_conflicts(people, headers["email"]))
    if new_teams is not None and not problems:
        # Asked about on the upload page once the file is otherwise right.
        problems.extend(unconfirmed_teams(people, headers["team"], set(new_teams)))
    if problems:
        raise ImportRejected(problems)
    return [person for _line, person in people]


def _unknown_value_message(column: str, value: str) -> str:
    """Names the accepted values as HR knows them: the labels in the reader's language
    (the codes and the other language's labels are accepted too, but are not advertised)."""
    choices = {"position": Position, "tier": Tier, "role": Role}[column]
    chinese = (translation.get_language() or "").startswith("zh")
    accepted = ("、" if chinese else ", ").join(str(label) for label in choices.labels)
    return gettext("“%(value)s” is not known. Use one of: %(accepted)s") % {
        "value": value,
        "accepted": accepted,
    }


def _email_conflicts(people: list[tuple[int, PersonData]], header: str) -> list[ImportProblem]:
    """E-mail addresses that the database already gives to someone else."""
    by_email = {person.email: (line, person) for line, person in people}
    candidates = User.objects.annotate(email_lower=Lower("email")).filter(
        email_lower__in=list(by_email)
    )
    owners = {user.email_lower: user for user in candidates.select_related("profile")}
    numbers = {person.employee_no for _line, person in people}
    profile_user = dict(
        AgentProfile.objects.filter(employee_no__in=numbers).values_list("employee_no", "user_id")
    )
    problems = []
    for email, owner in owners.items():
        line, person = by_email[email]
        owner_no = getattr(getattr(owner, "profile", None), "employee_no", None)
        if owner_no is not None and owner_no != person.employee_no:
            message = gettext("This e-mail address already belongs to employee %(no)s.") % {
                "no": owner_no
            }
        elif owner_no is None and person.employee_no in profile_user:
            message = gettext("This e-mail address already belongs to another account.")
        else:
            continue
        problems.append(ImportProblem(line, header, message))
    return problems


@dataclass
class RosterResult:
    """What an import did, by employee number, and the teams it created."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    new_teams: list[NewTeam] = field(default_factory=list)


@transaction.atomic
def roster_import(
    *, people: list[PersonData], progress: Callable[[int, int], None] | None = None
) -> RosterResult:
    """Create or update every person (validated already) in one transaction.

    New people without a password are invited by e-mail once the transaction commits.
    `progress(done, total)` is told after each person.
    """
    result = RosterResult(new_teams=roster_new_teams(people=people))
    invite = []
    for done, person in enumerate(people, 1):
        user, outcome = person_upsert(data=person)
        getattr(result, outcome).append(person.employee_no)
        if outcome == "created" and not user.has_usable_password():
            invite.append(user.pk)
        if progress is not None:
            progress(done, len(people))
    queue_invitations(invite)
    return result


def roster_import_file(
    *, name: str, data: bytes, new_teams: Collection[str] | None = None
) -> RosterResult:
    """Import a roster file all or nothing; ImportRejected lists every problem.

    `new_teams` as in `roster_validate` (None: the file may create any team)."""
    parsed = roster_parse(rows=read_table(name=name, data=data))
    with transaction.atomic():
        # Validation reads the database: inside the transaction, nobody changes it between.
        people = roster_validate(parsed=parsed, new_teams=new_teams)
        return roster_import(people=people)


def roster_preview(*, name: str, data: bytes) -> list[NewTeam]:
    """The teams importing this file would create, read without writing anything;
    ImportRejected lists the file's problems."""
    parsed = roster_parse(rows=read_table(name=name, data=data))
    return roster_new_teams(people=roster_validate(parsed=parsed))
