"""The one error type every importer reports with, and its console rendering.

An importer collects every problem it finds in a file before it gives up, so that people
fix the whole file in one go. The web pages render the same list with
`templates/includes/import_errors.html`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with an imported file.

    `line` counts lines of the file as a person sees them (the header is line 1); it is
    None when the problem concerns the whole file. `field` names the column as the file
    spells it, or is empty when no single column is at fault.
    """

    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = gettext("line %(line)s") % {"line": self.line} if self.line else gettext("file")
        if self.field:
            where = f"{where}, {self.field}"
        return f"{where}: {self.message}"


class ImportRejected(Exception):
    """The file was refused as a whole; nothing was written."""

    def __init__(self, problems: Iterable[ImportProblem]):
        self.problems = sorted(problems, key=_problem_order)
        super().__init__(format_problems(self.problems))

    @classmethod
    def single(cls, message: str, *, line: int | None = None, field: str = "") -> ImportRejected:
        return cls([ImportProblem(line=line, field=field, message=message)])


def _problem_order(problem: ImportProblem) -> int:
    # Stable: problems on one line stay in the order the importer found them.
    return problem.line or 0


def format_problems(problems: Iterable[ImportProblem]) -> str:
    """The problems as console text: a count, then one line per problem, in file order."""
    problems = sorted(problems, key=_problem_order)
    heading = gettext("The file was not imported; nothing was changed. Problems found: %(n)s") % {
        "n": len(problems)
    }
    return "\n".join([heading, *(f"  {problem}" for problem in problems)])
