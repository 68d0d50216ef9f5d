"""The course page's form in the Wagtail editor."""

from courses.prerequisites import prerequisite_problem
from training.slugs import ReadableSlugPageForm


class CoursePageForm(ReadableSlugPageForm):
    def clean(self):
        cleaned_data = super().clean()
        chosen = cleaned_data.get("prerequisites")
        if chosen is not None:
            problem = prerequisite_problem(course=self.instance, chosen=chosen)
            if problem:
                self.add_error("prerequisites", problem)
        return cleaned_data
