"""Importing a training manual in the Wagtail admin: upload → outline preview → draft course.

The parsed outline waits in the trainer's own session between the preview and the
confirmation, under a random token; nothing from the client names a file or a path, and a
token only works for the person whose session holds it. The confirmation hands the outline
to an import job (`courses.importers.manual_job`), which writes the course in the background
while its page shows the progress. Registered from CoursesConfig.ready.
"""

import secrets

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from courses.importers.manual import (
    DOCX_EXTENSIONS,
    MARKDOWN_EXTENSIONS,
    MAX_FILE_BYTES,
    TEXT_EXTENSIONS,
    parse_manual,
)
from courses.importers.manual_job import KIND as MANUAL_JOB_KIND
from courses.importers.manual_job import manual_job_data
from courses.importers.manual_outline import ManualOutline
from courses.models import CourseCatalogPage, CourseKind
from training.importers.errors import ImportRejected
from training.importers.upload import UploadField
from training.imports import import_job_start

SESSION_KEY = "courses_manual_import"


class ManualUploadForm(forms.Form):
    manual = UploadField(
        max_bytes=MAX_FILE_BYTES,
        label=gettext_lazy("Training manual"),
        help_text=gettext_lazy(
            "A Word (.docx), Markdown (.md) or plain-text (.txt) file of at most %(limit)s MB."
        )
        % {"limit": MAX_FILE_BYTES // 1024 // 1024},
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join((*DOCX_EXTENSIONS, *MARKDOWN_EXTENSIONS, *TEXT_EXTENSIONS))}
        ),
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind of training"), choices=CourseKind.choices)
    title = forms.CharField(
        label=gettext_lazy("Course title"),
        required=False,
        max_length=255,
        help_text=gettext_lazy("Empty: the manual's own title."),
    )

    def read_manual(self) -> bytes:
        """The uploaded bytes, read once while the form checked their size."""
        return self.cleaned_data["manual"].checked_bytes


def user_can_import_manual(user) -> bool:
    """Trainers and administrators who may add courses to the catalogue."""
    if not user.is_active or not user.has_perm("wagtailadmin.access_admin"):
        return False
    catalog = CourseCatalogPage.objects.first()
    if catalog is None:
        return user.is_superuser
    return catalog.permissions_for_user(user).can_add_subpage()


def _require_permission(request) -> None:
    if not user_can_import_manual(request.user):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def manual_upload(request):
    _require_permission(request)
    problems = None
    form = ManualUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["manual"]
        try:
            outline = parse_manual(form.read_manual(), upload.name)
        except ImportRejected as rejected:
            problems = rejected.problems
        else:
            token = secrets.token_urlsafe(16)
            # Only the latest upload is kept, so the session never grows with old previews.
            request.session[SESSION_KEY] = {
                token: {
                    "outline": outline.to_dict(),
                    "kind": form.cleaned_data["kind"],
                    "title": form.cleaned_data["title"].strip(),
                    "filename": upload.name,
                }
            }
            return redirect("courses_manual_preview", token=token)
    context = {"form": form, "problems": problems}
    return TemplateResponse(request, "courses/admin/manual_upload.html", context)


@require_http_methods(["GET", "POST"])
def manual_preview(request, token: str):
    _require_permission(request)
    pending = request.session.get(SESSION_KEY, {}).get(token)
    if pending is None:
        raise Http404
    outline = ManualOutline.from_dict(pending["outline"])
    if request.method == "POST":
        del request.session[SESSION_KEY]
        # The course is written by a background job; its page shows the progress and a link.
        job = import_job_start(
            user=request.user,
            kind=MANUAL_JOB_KIND,
            filename=pending["filename"],
            data=manual_job_data(outline),
            options={"kind": pending["kind"], "title": pending["title"]},
        )
        return redirect("training_import_job", job.pk)
    context = {
        "outline": outline,
        "course_title": pending["title"] or outline.title,
        "kind_label": CourseKind(pending["kind"]).label,
        "filename": pending["filename"],
        "token": token,
    }
    return TemplateResponse(request, "courses/admin/manual_preview.html", context)


@hooks.register("register_admin_urls")
def register_manual_import_urls():
    return [
        path("courses/import-manual/", manual_upload, name="courses_manual_import"),
        path("courses/import-manual/<str:token>/", manual_preview, name="courses_manual_preview"),
    ]


class ManualImportMenuItem(MenuItem):
    def is_shown(self, request):
        return user_can_import_manual(request.user)


@hooks.register("register_admin_menu_item")
def register_manual_import_menu_item():
    return ManualImportMenuItem(
        gettext_lazy("Import manual"),
        reverse("courses_manual_import"),
        name="manual-import",
        icon_name="upload",
        order=210,
    )
