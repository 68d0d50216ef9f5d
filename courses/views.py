from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.models import LessonPage
from courses.progress import course_progress, lesson_complete


@require_POST
@login_required
def lesson_complete_view(request, lesson_id: int):
    """Mark a lesson done (the "done" button, or the page reaching its end)."""
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    lesson_complete(user=request.user, lesson=lesson)  # refuses unmet prerequisites
    course = lesson.course
    done, total = course_progress(user=request.user, course=course)
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse(
            {
                "lesson": lesson.pk,
                "done": done,
                "total": total,
                "percent": round(100 * done / total) if total else 0,
                "course_completed": bool(total) and done >= total,
                # The same words as the progress bar's template, so the page reads the same.
                "text": _("%(done)s of %(total)s required lessons done (%(percent)s%%)")
                % {
                    "done": done,
                    "total": total,
                    "percent": round(100 * done / total) if total else 0,
                },
            }
        )
    if total and done >= total:
        messages.success(request, _("Course completed: %(title)s") % {"title": course.title})
    next_lesson = lesson.next_lesson()
    return redirect(next_lesson.url if next_lesson else course.url)
