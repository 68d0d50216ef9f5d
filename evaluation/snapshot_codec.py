"""A report as JSON and back, generic over its dataclasses: new plain-data fields of
`CourseReport` (or of the dataclasses it holds) need no change here.

Encoded: None, booleans, numbers and strings as themselves; lists; tuples, dicts (any keys),
dates and datetimes tagged; a dataclass as its class's dotted name and its fields; a model
instance as its label and primary key (read back in one query per model, for every instance
at once). Anything else is refused with a TypeError, so that a field the codec cannot keep is
found by the tests rather than lost. Only dataclasses of `evaluation` are rebuilt.
"""

from __future__ import annotations

import dataclasses
import datetime
import importlib
from collections import defaultdict

from django.apps import apps
from django.db import models
from django.utils.functional import Promise

ALLOWED_MODULES = ("evaluation.",)


def encode(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, models.Model):
        return {"__model__": value._meta.label_lower, "pk": value.pk}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        cls = type(value)
        return {
            "__dataclass__": f"{cls.__module__}.{cls.__qualname__}",
            "fields": {
                f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init
            },
        }
    if isinstance(value, datetime.datetime):
        return {"__datetime__": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"__date__": value.isoformat()}
    if isinstance(value, list):
        return [encode(item) for item in value]
    if isinstance(value, tuple):
        return {"__tuple__": [encode(item) for item in value]}
    if isinstance(value, dict):
        return {"__dict__": [[encode(k), encode(v)] for k, v in value.items()]}
    raise TypeError(f"A report snapshot cannot keep a {type(value).__name__}: {value!r}")


def decode(data, *, known: list[models.Model] = ()):
    """The value `encode` was given; model instances are read in one query per model, except
    those in `known` (the course and team the caller already holds)."""
    wanted: dict[str, set] = defaultdict(set)
    _collect(data, wanted)
    objects = {(obj._meta.label_lower, obj.pk): obj for obj in known if obj is not None}
    for obj in known:
        if obj is not None:  # a specific page stands for its base page too
            for parent in obj._meta.get_parent_list():
                objects[(parent._meta.label_lower, obj.pk)] = obj
    for label, pks in wanted.items():
        missing = [pk for pk in pks if (label, pk) not in objects]
        if missing:
            model = apps.get_model(label)
            for pk, obj in model._default_manager.in_bulk(missing).items():
                objects[(label, pk)] = obj
    return _build(data, objects)


def _collect(data, wanted) -> None:
    if isinstance(data, list):
        for item in data:
            _collect(item, wanted)
    elif isinstance(data, dict):
        if "__model__" in data:
            wanted[data["__model__"]].add(data["pk"])
        else:
            for item in data.values():
                _collect(item, wanted)


def _build(data, objects):
    if isinstance(data, list):
        return [_build(item, objects) for item in data]
    if not isinstance(data, dict):
        return data
    if "__model__" in data:
        return objects.get((data["__model__"], data["pk"]))
    if "__date__" in data:
        return datetime.date.fromisoformat(data["__date__"])
    if "__datetime__" in data:
        return datetime.datetime.fromisoformat(data["__datetime__"])
    if "__tuple__" in data:
        return tuple(_build(item, objects) for item in data["__tuple__"])
    if "__dict__" in data:
        return {_build(k, objects): _build(v, objects) for k, v in data["__dict__"]}
    if "__dataclass__" in data:
        cls = _dataclass(data["__dataclass__"])
        names = {f.name for f in dataclasses.fields(cls) if f.init}
        # A field since removed is dropped; one since added without a default fails (TypeError),
        # and the caller computes the report again.
        return cls(**{k: _build(v, objects) for k, v in data["fields"].items() if k in names})
    raise ValueError(f"Not an encoded report value: {data!r}")


def _dataclass(path: str):
    if not path.startswith(ALLOWED_MODULES):
        raise ValueError(f"Not a report's dataclass: {path}")
    module, _, name = path.rpartition(".")
    cls = getattr(importlib.import_module(module), name)
    if not dataclasses.is_dataclass(cls):
        raise ValueError(f"Not a report's dataclass: {path}")
    return cls
