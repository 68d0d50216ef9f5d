"""Import jobs: every importer's upload runs as one background job with progress.

Producer apps register what they import (`import_kind_register`, from their `AppConfig.ready`)
so that `training` never imports them. An import kind has two steps:

- `check(job_input)` reads and validates the whole file without writing anything and
  returns what to write (or raises `ImportRejected` listing every problem);
- `write(job_input, plan)` writes it, reporting progress with `job_input.progress(done,
  total)`, and returns a small JSON result (counts, a link) for the job page.

`import_job_start` stores the upload and queues `import_job_run` once the upload commits.
`import_job_run` runs a job at most once: the write and the job's "succeeded" are committed
together, so a job whose task is delivered twice changes nothing the second time.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from training.importers.errors import ImportProblem, ImportRejected
from training.models import ImportJob, User
from training.roles import Role

logger = logging.getLogger(__name__)

# A job still "running" this long after it started lost its worker; its write was rolled
# back with the worker's transaction, so running it again is safe.
STALE_AFTER = timedelta(hours=2)
# A job still queued this long after its upload lost its task (e.g. a broker restart).
RESUME_QUEUED_AFTER = timedelta(minutes=10)
PROGRESS_EVERY_SECONDS = 1.0


@dataclass
class ImportInput:
    """What a registered importer gets: the upload, its options and a progress reporter."""

    job_id: int
    data: bytes
    filename: str
    options: dict
    user: User | None
    progress: Callable[[int, int], None] = field(default=lambda done, total: None, repr=False)


@dataclass(frozen=True)
class ImportKind:
    """One importer, as its app registers it."""

    name: str
    check: Callable[[ImportInput], Any]
    write: Callable[[ImportInput, Any], dict]
    summary: Callable[[dict], str]  # the result in a sentence, in the reader's language
    label: str = ""  # e.g. "Training manual"; lazily translated
    link_label: str = ""  # the link to the result, e.g. "Edit the draft course"
    size: Callable[[Any], int] = lambda plan: 0  # how many items the write will report
    result_template: str = ""  # details of the result on the job page, given `result`
    upload_url_name: str = ""  # the page to upload another file


_kinds: dict[str, ImportKind] = {}


def import_kind_register(kind: ImportKind) -> None:
    """Make an importer available to import jobs (called from the producer's AppConfig.ready)."""
    _kinds[kind.name] = kind


def import_kind(name: str) -> ImportKind | None:
    return _kinds.get(name)


# --- starting a job --------------------------------------------------------------------


@transaction.atomic
def import_job_start(
    *, user: User, kind: str, filename: str, data: bytes, options: dict | None = None
) -> ImportJob:
    """Store an upload as a queued job and run it in the background once this commits.

    Nothing of the import is written here; the job page follows its progress.
    """
    if kind not in _kinds:
        raise ValueError(f"Unknown import kind: {kind!r}")
    job = ImportJob.objects.create(
        user=user,
        kind=kind,
        filename=filename[:255],
        data=bytes(data),
        options=options or {},
        language=translation.get_language() or "",
    )
    from training.tasks import run_import_job

    transaction.on_commit(lambda: run_import_job.delay(job.pk))
    return job


def import_job_refuse(
    *, user: User, kind: str, filename: str, problems: list[ImportProblem]
) -> ImportJob:
    """A job for an upload the upload page already checked and found wrong: failed at once
    with its problems (the file is not kept, nor read a second time by a worker), so that its
    page lists them as it lists any job's."""
    if kind not in _kinds:
        raise ValueError(f"Unknown import kind: {kind!r}")
    now = timezone.now()
    return ImportJob.objects.create(
        user=user,
        kind=kind,
        filename=filename[:255],
        language=translation.get_language() or "",
        status=ImportJob.Status.FAILED,
        problems=[[p.line, p.field, p.message] for p in problems],
        started_at=now,
        finished_at=now,
    )


# --- running a job ---------------------------------------------------------------------


class _Progress:
    """Saves progress at most once a second, where others can see it.

    Inside the write's transaction the job row is updated from a second database connection
    (so the job page sees it before the commit). SQLite allows one writer at a time, so
    there progress is only saved between the check and the write.
    """

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.last = 0.0
        self.side = None

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < PROGRESS_EVERY_SECONDS and done < total:
            return
        self.last = now
        if not connection.in_atomic_block:
            ImportJob.objects.filter(pk=self.job_id).update(done=done, total=total)
        elif connection.vendor != "sqlite":
            self._side_update(done, total)

    def _side_update(self, done: int, total: int) -> None:
        try:
            if self.side is None:
                self.side = connections.create_connection(DEFAULT_DB_ALIAS)
            table = connection.ops.quote_name(ImportJob._meta.db_table)
            with self.side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET done = %s, total = %s WHERE id = %s",  # noqa: S608
                    [done, total, self.job_id],
                )
        except Exception:  # progress is a courtesy: it never fails an import
            logger.warning("Could not save the progress of import job %s", self.job_id)

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
            self.side = None


def _claim(job_id: int) -> datetime | None:
    """Mark the job running unless it is finished or running elsewhere (one winner).

    Returns the claim's start time, which the run must still hold when it finishes.
    """
    now = timezone.now()
    runnable = Q(status=ImportJob.Status.QUEUED) | Q(
        status=ImportJob.Status.RUNNING, started_at__lt=now - STALE_AFTER
    )
    claimed = ImportJob.objects.filter(runnable, pk=job_id).update(
        status=ImportJob.Status.RUNNING, started_at=now, done=0, total=0
    )
    return now if claimed == 1 else None


class _Superseded(Exception):
    """Another worker took the job over (this run looked lost); this run's write is undone."""


def _finish(job: ImportJob, claimed_at: datetime, **fields) -> None:
    """Record the outcome, if this run still holds the job."""
    fields = {**fields, "finished_at": timezone.now(), "data": b""}
    finished = ImportJob.objects.filter(
        pk=job.pk, status=ImportJob.Status.RUNNING, started_at=claimed_at
    ).update(**fields)
    if not finished:
        raise _Superseded
    for name, value in fields.items():
        setattr(job, name, value)


def _fail(job: ImportJob, claimed_at: datetime, problems: list[ImportProblem]) -> None:
    problem_rows = [[p.line, p.field, p.message] for p in problems]
    try:
        _finish(job, claimed_at, status=ImportJob.Status.FAILED, problems=problem_rows)
    except _Superseded:
        logger.warning("Import job %s was taken over by another worker", job.pk)


def import_job_run(*, job_id: int) -> ImportJob | None:
    """Run a queued job: check the whole file, then write everything in one transaction.

    Returns None when there is nothing to do (no such job, or already finished or running).
    A file with problems, or an unexpected error, leaves the job failed with its problems
    and nothing written; success stores the importer's result with the job, in the write's
    own transaction.
    """
    claimed_at = _claim(job_id)
    if claimed_at is None:
        return None
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    kind = _kinds.get(job.kind)
    progress = _Progress(job.pk)
    job_input = ImportInput(
        job_id=job.pk,
        data=bytes(job.data),
        filename=job.filename,
        options=job.options,
        user=job.user,
        progress=progress,
    )
    with translation.override(job.language or None):
        try:
            if kind is None:
                raise RuntimeError(f"No importer is registered for {job.kind!r}")
            plan = kind.check(job_input)
            job.total = kind.size(plan)  # the page shows "0 of N" while the write starts
            ImportJob.objects.filter(pk=job.pk).update(total=job.total)
            with transaction.atomic():
                result = kind.write(job_input, plan)
                # In the write's transaction: written and "succeeded" commit together.
                succeeded = ImportJob.Status.SUCCEEDED
                _finish(job, claimed_at, status=succeeded, result=result, done=job.total)
        except _Superseded:
            logger.warning("Import job %s was taken over by another worker", job.pk)
        except ImportRejected as rejected:
            _fail(job, claimed_at, rejected.problems)
        except Exception:
            logger.exception("Import job %s (%s) failed", job.pk, job.kind)
            message = gettext(
                "The import stopped because of an unexpected error; nothing was changed. "
                "Try again, and tell an administrator if it happens again."
            )
            _fail(job, claimed_at, [ImportProblem(line=None, field="", message=message)])
        finally:
            progress.close()
    return job


def import_jobs_resume() -> int:
    """Queue again every job whose task seems lost: queued for a while, or running so long
    that its worker must be gone. Safe to run often: a job runs at most once."""
    now = timezone.now()
    lost = ImportJob.objects.filter(
        Q(status=ImportJob.Status.QUEUED, created_at__lt=now - RESUME_QUEUED_AFTER)
        | Q(status=ImportJob.Status.RUNNING, started_at__lt=now - STALE_AFTER)
    )
    job_ids = list(lost.values_list("pk", flat=True)[:100])
    from training.tasks import run_import_job

    for job_id in job_ids:
        run_import_job.delay(job_id)
    return len(job_ids)


# --- reading jobs ----------------------------------------------------------------------


def import_jobs_for_viewer(*, viewer: User) -> QuerySet[ImportJob]:
    """The jobs this person may see, newest first: their own, or all for an administrator."""
    if not viewer.is_authenticated or not viewer.is_active:
        return ImportJob.objects.none()
    jobs = ImportJob.objects.defer("data").select_related("user")
    if not viewer.has_role(Role.ADMINISTRATOR):
        jobs = jobs.filter(user=viewer)
    return jobs.order_by("-created_at", "-pk")


def import_job_for_viewer(*, viewer: User, job_id: int) -> ImportJob | None:
    """The job if this person may see it: the one who uploaded it, or an administrator."""
    return import_jobs_for_viewer(viewer=viewer).filter(pk=job_id).first()


def import_job_problems(job: ImportJob) -> list[ImportProblem]:
    return [ImportProblem(line=line, field=name, message=text) for line, name, text in job.problems]


def import_job_summary(job: ImportJob) -> str:
    """The result of a finished job in a sentence, in the reader's language."""
    kind = _kinds.get(job.kind)
    return kind.summary(job.result) if kind and job.status == ImportJob.Status.SUCCEEDED else ""


def import_job_label(job: ImportJob) -> str:
    kind = _kinds.get(job.kind)
    return str(kind.label) if kind and kind.label else job.kind


def import_job_result_template(job: ImportJob) -> str:
    kind = _kinds.get(job.kind)
    return kind.result_template if kind and job.status == ImportJob.Status.SUCCEEDED else ""


def import_job_upload_url(job: ImportJob) -> str:
    """Where to upload another file of this kind (the fixed file, after a failure)."""
    kind = _kinds.get(job.kind)
    return reverse(kind.upload_url_name) if kind and kind.upload_url_name else ""


def import_job_link_label(job: ImportJob) -> str:
    kind = _kinds.get(job.kind)
    return str(kind.link_label) if kind and kind.link_label else ""
