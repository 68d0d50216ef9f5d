"""The evaluation's background work (Celery). The work lives in `evaluation.waves`."""

from celery import shared_task


@shared_task(name="evaluation.daily")
def evaluation_daily() -> dict[str, int]:
    """The daily round of evaluation waves: close those past their window, open those due
    (telling learners and managers once), remind of what is not done before a wave closes.
    Idempotent; a late run catches up."""
    from evaluation.waves import waves_daily

    return waves_daily()


@shared_task(name="evaluation.open_waves_for_person")
def waves_open_for_person(person_id: int) -> int:
    """Open one person's waves that are due now (the short-term wave right after a course is
    completed). Idempotent."""
    from evaluation.waves import waves_open_due

    return waves_open_due(person_id=person_id)


@shared_task(name="evaluation.refresh_reports")
def reports_refresh_nightly() -> int:
    """Pre-compute every course's report for everyone, the teams with someone who completed
    it in the default period and the managers' sets of teams holding one (nightly, after
    `evaluation.daily`). Idempotent."""
    from evaluation.snapshots import snapshots_refresh_nightly

    return snapshots_refresh_nightly()


@shared_task(name="evaluation.refresh_course_reports")
def reports_refresh_course(course_id: int) -> int:
    """Compute again one course's reports that new records made stale. Idempotent."""
    from evaluation.snapshots import snapshots_refresh_course

    return snapshots_refresh_course(course_id=course_id)
