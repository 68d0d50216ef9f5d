from celery import shared_task

from training.models import User
from training.services import user_send_invitation


@shared_task(name="training.send_invitation")
def send_invitation(user_id: int) -> bool:
    """Invite one person by id. Running it twice sends one e-mail."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return False
    return user_send_invitation(user=user)


@shared_task(name="training.give_new_hire_trainings")
def give_new_hire_trainings(user_id: int) -> int:
    """Give a new person the standing new-hire assignments (e.g. onboarding). Idempotent."""
    from training.assignments import assignments_give_new_hire

    user = User.objects.filter(pk=user_id).first()
    return assignments_give_new_hire(user=user) if user else 0


@shared_task(name="training.run_import_job")
def run_import_job(job_id: int) -> str:
    """Run one import job by id. A job already finished or running is left alone."""
    from training.imports import import_job_run

    job = import_job_run(job_id=job_id)
    return job.status if job else "skipped"


@shared_task(name="training.resume_import_jobs")
def resume_import_jobs() -> int:
    """Every few minutes: queue again the import jobs whose task was lost."""
    from training.imports import import_jobs_resume

    return import_jobs_resume()


# A mail server that is down (SMTPException is an OSError) is tried again, later each time.
@shared_task(
    name="training.send_notification_email",
    autoretry_for=(OSError,),
    retry_backoff=60,
    max_retries=6,
)
def send_notification_email(notification_id: int) -> bool:
    """E-mail one notification by id. Running it twice sends one e-mail."""
    from training.notifications import notification_send_email

    return notification_send_email(notification_id=notification_id)


@shared_task(name="training.notify_due_trainings")
def notify_due_trainings() -> int:
    """Daily: remind learners of training due within 3 days; tell learners and their
    managers about overdue training. Idempotent: nobody hears about the same thing twice."""
    from training.reminders import trainings_notify_due

    return trainings_notify_due()
