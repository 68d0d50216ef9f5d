"""Course prerequisites must not go round in a circle: nobody could ever start such a course."""

from __future__ import annotations

from collections.abc import Iterable


def prerequisite_cycle(*, course, chosen: Iterable) -> list:
    """The courses of a circle the chosen prerequisites would close, starting and ending with
    `course` ([A, B, A]: A needs B, B needs A); [] when there is none. The other courses'
    prerequisites are read as saved; `chosen` are the course's own, as being edited."""
    from courses.models import CoursePage

    if course.pk is None:
        return []  # nothing can require a course that does not exist yet
    needs: dict[int, list[int]] = {}
    through = CoursePage.prerequisites.through
    for course_id, prerequisite_id in through.objects.exclude(
        from_coursepage_id=course.pk
    ).values_list("from_coursepage_id", "to_coursepage_id"):
        needs.setdefault(course_id, []).append(prerequisite_id)
    needs[course.pk] = sorted({c.pk for c in chosen})

    # Depth first from the course; the first path that comes back to it is the circle.
    path, seen = [course.pk], set()

    def back_to_start(node: int) -> bool:
        for following in needs.get(node, []):
            if following == course.pk:
                path.append(following)
                return True
            if following in seen:
                continue
            seen.add(following)
            path.append(following)
            if back_to_start(following):
                return True
            path.pop()
        return False

    if not back_to_start(course.pk):
        return []
    titles = dict(CoursePage.objects.filter(pk__in=path).values_list("pk", "title"))
    titles[course.pk] = course.title
    return [titles.get(pk, "?") for pk in path]


def prerequisite_problem(*, course, chosen: Iterable) -> str:
    """What is wrong with giving `course` these prerequisites, for the trainer; "" if nothing."""
    from django.utils.translation import gettext as _

    chosen = list(chosen)
    if course.pk is not None and any(other.pk == course.pk for other in chosen):
        return _("A course cannot be its own prerequisite.")
    cycle = prerequisite_cycle(course=course, chosen=chosen)
    if cycle:
        return _(
            "Prerequisites cannot go round in a circle: %(cycle)s. "
            "Untick the course that closes it."
        ) % {"cycle": " → ".join(cycle)}
    return ""
