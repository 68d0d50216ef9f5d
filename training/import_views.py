"""The import job page in the Wagtail admin: progress while it runs, then its result or its
problems. Only the person who uploaded the file and administrators may see a job."""

from django.http import Http404, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache

from training.imports import (
    import_job_for_viewer,
    import_job_label,
    import_job_link_label,
    import_job_problems,
    import_job_result_template,
    import_job_summary,
    import_job_upload_url,
    import_jobs_for_viewer,
)
from training.models import ImportJob
from training.roles import Role


def _job(request, job_id: int) -> ImportJob:
    job = import_job_for_viewer(viewer=request.user, job_id=job_id)
    if job is None:
        raise Http404
    return job


def _percent(job: ImportJob) -> int | None:
    if job.status == ImportJob.Status.SUCCEEDED:
        return 100
    return round(100 * job.done / job.total) if job.total else None


RECENT_JOBS = 50


@never_cache
def import_job_index(request):
    """The viewer's recent imports (everyone's for an administrator), to find a job again."""
    jobs = list(import_jobs_for_viewer(viewer=request.user)[:RECENT_JOBS])
    rows = [{"job": job, "label": import_job_label(job)} for job in jobs]
    context = {"rows": rows, "everyone": request.user.has_role(Role.ADMINISTRATOR)}
    return TemplateResponse(request, "training/admin/import_jobs.html", context)


@never_cache
def import_job_detail(request, job_id: int):
    job = _job(request, job_id)
    context = {
        "job": job,
        "label": import_job_label(job),
        "link_label": import_job_link_label(job),
        "percent": _percent(job),
        "summary": import_job_summary(job),
        "result_template": import_job_result_template(job),
        "problems": import_job_problems(job) if job.status == ImportJob.Status.FAILED else None,
        "upload_url": import_job_upload_url(job),
        "status_url": reverse("training_import_job_status", args=[job.pk]),
    }
    return TemplateResponse(request, "training/admin/import_job.html", context)


@never_cache
def import_job_status(request, job_id: int):
    """The job's state for the page's progress poll."""
    job = _job(request, job_id)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "done": job.done,
            "total": job.total,
            "percent": _percent(job),
            "finished": job.finished,
        }
    )
