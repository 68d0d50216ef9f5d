"""The reader's tools: a place in the document, and a collector of problems that reads values."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from roleplay.scenario.model import MAX_KEY_LENGTH, ScenarioProblem

KEY = re.compile(r"^[a-z0-9_-]+$")
SLUG = re.compile(r"^[a-z0-9-]+$")
# A folded YAML block (">") joins its lines with a space, which Chinese text never has after
# a full-width mark or between two characters: "…就说要差评。 先用…" is read "…就说要差评。先用…".
# Other spaces stay ("AI 顾客", "11 月 13 日").
_MARKS = "\u3000-\u303f\uff00-\uffef"
_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_FOLDED_SPACE = re.compile(rf"(?<=[{_MARKS}]) (?=\S)|(?<=[{_HAN}]) (?=[{_HAN}{_MARKS}])")


def unfold(text: str) -> str:
    """The text without the spaces a folded YAML line put between Chinese characters."""
    return _FOLDED_SPACE.sub("", text)


@dataclass(frozen=True)
class At:
    """A place in the document: the step it belongs to and its field, relative and absolute."""

    step: str = ""
    field: str = ""
    path: str = ""

    def key(self, name: str) -> At:
        return At(self.step, _join(self.field, name), _join(self.path, name))

    def item(self, index: int) -> At:
        # Counted from 1, as people count the items of a list.
        return At(self.step, f"{self.field}[{index + 1}]", f"{self.path}[{index + 1}]")


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


class Reader:
    """Reads values out of a document, collecting a problem (with its place) for each one
    that is missing, mistyped or out of range, and going on."""

    def __init__(self):
        self.problems: list[ScenarioProblem] = []

    def problem(self, at: At, message: str) -> None:
        self.problems.append(ScenarioProblem(at.step, at.field, message, at.path))

    def mapping(
        self, value: Any, at: At, required: Sequence[str], optional: Sequence[str] = ()
    ) -> dict | None:
        """The value as a dict with every required key; unknown and missing keys reported."""
        if not isinstance(value, dict):
            self.problem(at, _("must be a mapping of keys to values"))
            return None
        for name in value:
            if name not in required and name not in optional:
                self.problem(at.key(str(name)), _('unknown key "%(key)s"') % {"key": name})
        for name in required:
            if name not in value:
                self.problem(at.key(name), _("this key is required"))
        return value

    def text(self, data: dict, name: str, at: At, *, required: bool = True) -> str:
        if name not in data:
            return ""
        value = data[name]
        if not isinstance(value, str):
            self.problem(at.key(name), _("must be text (put it in quotes)"))
            return ""
        if required and not value.strip():
            self.problem(at.key(name), _("must not be empty"))
        return unfold(value)

    def texts(self, data: dict, name: str, at: At, *, at_least: int = 0) -> tuple[str, ...]:
        value = data.get(name, [])
        if not isinstance(value, list):
            self.problem(at.key(name), _("must be a list of texts"))
            return ()
        texts = []
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.problem(at.key(name).item(index), _("must be a non-empty text"))
            else:
                texts.append(unfold(item))
        if len(value) < at_least:
            self.problem(at.key(name), _("give at least %(n)s") % {"n": at_least})
        return tuple(texts)

    def key_text(self, data: dict, name: str, at: At, *, pattern=KEY) -> str:
        value = self.text(data, name, at)
        if value and not (pattern.match(value) and len(value) <= MAX_KEY_LENGTH):
            allowed = "a-z 0-9 -" if pattern is SLUG else "a-z 0-9 _ -"
            self.problem(
                at.key(name),
                _('"%(value)s" must be at most %(max)s characters among %(allowed)s')
                % {"value": value, "max": MAX_KEY_LENGTH, "allowed": allowed},
            )
            return ""
        return value

    def choice(self, data: dict, name: str, at: At, choices: Sequence[str]) -> str:
        value = self.text(data, name, at)
        if value and value not in choices:
            self.problem(
                at.key(name),
                _('"%(value)s" is not one of %(choices)s')
                % {"value": value, "choices": ", ".join(choices)},
            )
        return value

    def integer(self, data: dict, name: str, at: At, default: int = 0) -> int:
        value = data.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(at.key(name), _("must be a whole number"))
            return default
        return value

    def number(self, data: dict, name: str, at: At, default: float) -> float:
        value = data.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(at.key(name), _("must be a number"))
            return default
        if not math.isfinite(value):
            self.problem(at.key(name), _("must be a finite number"))
            return default
        return value

    def flag(self, data: dict, name: str, at: At) -> bool:
        value = data.get(name, False)
        if not isinstance(value, bool):
            self.problem(at.key(name), _("must be true or false"))
            return False
        return value

    def items(self, data: dict, name: str, at: At) -> list:
        value = data.get(name, [])
        if not isinstance(value, list):
            self.problem(at.key(name), _("must be a list"))
            return []
        return value
