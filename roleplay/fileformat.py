"""Scenario files: YAML or JSON in, a `Scenario` out (or every problem with its line), and back.

Files come from people's computers, so they are read defensively: at most 1 MB, UTF-8 only,
YAML's safe loader only, no YAML aliases at all (refused as the file is read, before any
value is built: an alias lets a small file stand for gigabytes of text), JSON at most
`MAX_DEPTH` deep, and a document that is not a sound scenario is refused with each problem
on its line.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import PurePath
from typing import Any

import yaml
from django.utils.translation import gettext as _

from roleplay.scenario import Scenario, ScenarioInvalid, scenario_from_dict, scenario_to_dict
from training.importers.errors import ImportProblem, ImportRejected
from training.importers.upload import MB, refuse_if_too_large

MAX_FILE_BYTES = 1 * MB
# A scenario nests five levels (steps → options → scores); far deeper is not a scenario.
MAX_DEPTH = 20
YAML_SUFFIXES = (".yaml", ".yml")
JSON_SUFFIXES = (".json",)

_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def read_scenario_file(data: bytes, filename: str) -> Scenario:
    """The scenario in a YAML (.yaml, .yml) or JSON (.json) file; other names are sniffed.

    Raises ImportRejected naming every problem, each with its line where it can be found.
    """
    refuse_if_too_large(len(data), limit=MAX_FILE_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportRejected.single(
            _("The file is not UTF-8 text; save it as UTF-8 and try again."), line=line
        ) from None
    if not text.strip():
        raise ImportRejected.single(_("The file is empty."))
    is_json = _is_json(text, filename)
    document = _load_json(text) if is_json else _load_yaml(text)
    if not isinstance(document, dict):
        raise ImportRejected.single(
            _("The file must hold one mapping of keys (format, title, slug, …) at the top."),
            line=1,
        )
    try:
        return scenario_from_dict(document)
    except ScenarioInvalid as invalid:
        root = _node_tree(text)
        raise ImportRejected(
            ImportProblem(_line_of(root, problem.path), problem.where, problem.message)
            for problem in invalid.problems
        ) from None


def _is_json(text: str, filename: str) -> bool:
    suffix = PurePath(filename or "").suffix.lower()
    if suffix in YAML_SUFFIXES:
        return False
    if suffix in JSON_SUFFIXES:
        return True
    return text.lstrip().startswith("{")


def _load_json(text: str) -> Any:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportRejected.single(
            _("JSON syntax error: %(problem)s (column %(column)s).")
            % {"problem": error.msg, "column": error.colno},
            line=error.lineno,
        ) from None
    except RecursionError:
        raise _too_deep() from None
    if _depth_over(document, MAX_DEPTH):
        raise _too_deep()
    return document


def _too_deep() -> ImportRejected:
    return ImportRejected.single(
        _("The file is nested more than %(max)s levels deep.") % {"max": MAX_DEPTH}
    )


def _depth_over(document: Any, limit: int) -> bool:
    """Whether lists and mappings nest more than `limit` levels deep."""
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > limit:
                return True
            items = value.values() if isinstance(value, dict) else value
            stack.extend((item, depth + 1) for item in items)
    return False


class _AliasFreeLoader(yaml.SafeLoader):
    """YAML's safe loader, refusing any alias (*name) as the file is composed.

    An alias makes the loader reuse what its anchor built, so a small file can stand for
    gigabytes once its values are copied; refused here, nothing has been built yet.
    """

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _AliasFound(event.start_mark)
        return super().compose_node(parent, index)


class _AliasFound(Exception):
    def __init__(self, mark):
        super().__init__()
        self.mark = mark


def _load_yaml(text: str) -> Any:
    try:
        document = yaml.load(text, Loader=_AliasFreeLoader)  # noqa: S506 (a SafeLoader)
    except _AliasFound as alias:
        raise ImportRejected.single(
            _("YAML anchors and aliases (& and *) are not allowed; write each value out."),
            line=alias.mark.line + 1 if alias.mark else None,
        ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = " ".join(filter(None, [error.context, error.problem]))
        raise ImportRejected.single(
            _("YAML syntax error: %(problem)s (column %(column)s).")
            % {"problem": problem, "column": mark.column + 1 if mark else "?"},
            line=mark.line + 1 if mark else None,
        ) from None
    except yaml.YAMLError as error:
        raise ImportRejected.single(_("YAML error: %(problem)s") % {"problem": error}) from None
    except RecursionError:
        raise _too_deep() from None
    if _depth_over(document, MAX_DEPTH):
        raise _too_deep()
    return _dates_as_text(document)


def _dates_as_text(value: Any) -> Any:
    """YAML reads 2026-11-11 as a date; the document keeps dates as the text written."""
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _dates_as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(item) for item in value]
    return value


# Where a problem is in the file ---------------------------------------------------------


def _node_tree(text: str) -> yaml.Node | None:
    """The file's nodes with their lines (JSON is read as YAML for this; None if it fails)."""
    try:
        return yaml.compose(text, Loader=_AliasFreeLoader)
    except (yaml.YAMLError, RecursionError, _AliasFound):
        return None


def _line_of(root: yaml.Node | None, path: str) -> int | None:
    """The line of the deepest node on `path` ("steps[2].options[1].next", items from 1)."""
    node, line = root, None
    if node is None:
        return None
    line = node.start_mark.line + 1
    for name, index in _PATH_PART.findall(path):
        if index and isinstance(node, yaml.SequenceNode):
            position = int(index) - 1
            if not 0 <= position < len(node.value):
                break
            node = node.value[position]
            line = node.start_mark.line + 1
        elif name and isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == name:
                    node, line = value, key.start_mark.line + 1
                    break
            else:
                break
        else:
            break
    return line


# Writing ---------------------------------------------------------------------------------


class _FlowMapping(dict):
    """A short mapping written on one line, e.g. scores: {empathy: 2, wording: 1}."""


class _FlowList(list):
    """A short list written on one line, e.g. synonyms: [今天内, 明天]."""


class _ScenarioDumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):
        # Lists indented under their key, as people write them.
        return super().increase_indent(flow, False)


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    # Texts of several lines (a debrief) as a block, the way people write them.
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_ScenarioDumper.add_representer(str, _represent_text)
_ScenarioDumper.add_representer(
    _FlowMapping,
    lambda dumper, value: dumper.represent_mapping(
        "tag:yaml.org,2002:map", value.items(), flow_style=True
    ),
)
_ScenarioDumper.add_representer(
    _FlowList,
    lambda dumper, value: dumper.represent_sequence(
        "tag:yaml.org,2002:seq", value, flow_style=True
    ),
)


def _for_yaml(document: dict) -> dict:
    """The document with scores, synonyms and the AI customer's endings marked to be written
    on one line."""
    if "ai_customer" in document:
        document["ai_customer"]["endings"] = _FlowList(document["ai_customer"]["endings"])
    for step in document["steps"]:
        for option in step.get("options", []):
            option["scores"] = _FlowMapping(option["scores"])
        for point in step.get("free_text", {}).get("key_points", []):
            point["synonyms"] = _FlowList(point["synonyms"])
    return document


def write_scenario_yaml(scenario: Scenario) -> str:
    """The scenario as a YAML file: block style, keys in the documented order, Chinese as is."""
    text = yaml.dump(
        _for_yaml(scenario_to_dict(scenario)),
        Dumper=_ScenarioDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=4096,  # long replies on one line rather than folded
        indent=2,
    )
    # A blank line between steps. `steps` is the last key and its texts are indented deeper,
    # so no text of a block scalar can start with "  - key:".
    head, marker, steps = text.partition("\nsteps:\n")
    return head + marker + steps.replace("\n  - key: ", "\n\n  - key: ")


def write_scenario_json(scenario: Scenario) -> str:
    """The scenario as a JSON file (UTF-8, Chinese as is, indented by 2)."""
    return json.dumps(scenario_to_dict(scenario), ensure_ascii=False, indent=2) + "\n"
