"""What follows a write to the learning record: follow-ups that apps register.

`training.records.record_result` runs every follow-up registered for the record's kind (and
those registered for every kind) after it has written the record, inside the same
transaction: an exception in a follow-up rolls the write back. Background work a follow-up
starts (a Celery task, an e-mail) must be queued with `transaction.on_commit`, so that it
never runs for a write that did not happen.

A follow-up is called as `fn(record, created=...)`: `created` is False when the same source
was recorded again (a quiz attempt regraded). It must be idempotent: a record may be written
more than once.

Apps register theirs in a `followups.py` module (found in every installed app, the way
Wagtail finds `wagtail_hooks.py`)::

    from training.followups import register_followup

    @register_followup(RecordKind.LESSON, RecordKind.QUIZ)
    def course_completion(record, *, created):
        ...

`@register_followup()` (no kinds) runs for every kind. This module imports no producer app.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.utils.module_loading import autodiscover_modules

if TYPE_CHECKING:
    from training.models import LearningRecord

Followup = Callable[..., None]

_registry: list[tuple[frozenset[str] | None, Followup]] = []
_discovered = False


def register_followup(*kinds: str) -> Callable[[Followup], Followup]:
    """Decorator: run `fn(record, created=...)` after every write of a record of these kinds
    (every kind when none is given). Registering the same function twice has no effect."""
    for kind in kinds:
        _check_kind(kind)

    def register(fn: Followup) -> Followup:
        if not any(registered is fn for _kinds, registered in _registry):
            _registry.append((frozenset(kinds) or None, fn))
        return fn

    return register


def unregister_followup(fn: Followup) -> None:
    """Remove a follow-up (for tests and for an app that replaces another's)."""
    _registry[:] = [(kinds, registered) for kinds, registered in _registry if registered is not fn]


def followups_for(kind: str) -> list[Followup]:
    """The follow-ups that run after a record of `kind` is written, in registration order."""
    _discover()
    return [fn for kinds, fn in _registry if kinds is None or kind in kinds]


def run_followups(record: LearningRecord, *, created: bool) -> None:
    """Run the record's follow-ups (called by `record_result` inside its transaction)."""
    for fn in followups_for(record.kind):
        fn(record, created=created)


def _discover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules("followups")  # an app's broken module fails here, every time
        _discovered = True


def _check_kind(kind: str) -> None:
    from training.models import RecordKind

    if kind not in RecordKind.values:
        raise ValueError(f"Unknown record kind for a follow-up: {kind!r}")
