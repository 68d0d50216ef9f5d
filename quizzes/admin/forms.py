"""Forms of the question bank in the Wagtail admin.

The question form checks a question with `quizzes.questions.question_problems`, the rules the
importers and grading use too: the form and its answer rows become a `QuestionData` first.
"""

from __future__ import annotations

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from quizzes.bank import EXTRA_FIELDS
from quizzes.importers import MAX_FILE_BYTES
from quizzes.models import QuestionCategory
from quizzes.questions import TRUE_FALSE, AnswerData, QuestionData, question_problems
from training.course_tree import course_tree
from training.importers.upload import UploadField

# What trainers may type for true/false rows; stored as the keys the rules expect.
TRUE_WORDS = {"true", "t", "yes", "对", "正确", "是", "√"}
FALSE_WORDS = {"false", "f", "no", "错", "错误", "否", "×"}


def category_paths() -> dict[int, str]:
    """Every category's full path ("售后 / 退款"), from one query."""
    rows = {
        pk: (name, parent)
        for pk, name, parent in QuestionCategory.objects.values_list("pk", "name", "parent_id")
    }
    paths: dict[int, str] = {}

    def path(pk: int, seen: frozenset = frozenset()) -> str:
        if pk in paths:
            return paths[pk]
        name, parent = rows[pk]
        if parent is None or parent in seen or parent not in rows:
            paths[pk] = name
        else:
            paths[pk] = f"{path(parent, seen | {pk})} / {name}"
        return paths[pk]

    for pk in rows:
        path(pk)
    return paths


class _CategoryPathIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        paths = category_paths()
        for category in sorted(self.queryset, key=lambda c: paths.get(c.pk, c.name)):
            yield (self.choice(category)[0], paths.get(category.pk, category.name))


class CategoryChoiceField(forms.ModelChoiceField):
    """Categories shown by their full path, in tree order."""

    iterator = _CategoryPathIterator

    def __init__(self, queryset=None, **kwargs):
        super().__init__(QuestionCategory.objects.all() if queryset is None else queryset, **kwargs)


class CategoryForm(WagtailAdminModelForm):
    """A category; its parent may be any category but itself and those below it."""

    class Meta:
        model = QuestionCategory
        fields = ["name", "parent", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        below = self.instance.descendant_ids() if self.instance.pk else set()
        self.fields["parent"] = CategoryChoiceField(
            queryset=QuestionCategory.objects.exclude(pk__in=below),
            required=False,
            label=_("Parent category"),
            help_text=_("Empty: a top-level category."),
        )

    def clean(self):
        data = super().clean()
        name, parent = data.get("name"), data.get("parent")
        if name:
            siblings = QuestionCategory.objects.filter(name=name.strip(), parent=parent)
            if siblings.exclude(pk=self.instance.pk).exists():
                self.add_error("name", _("There is already a category with this name here."))
        return data


def _lesson_choices() -> list[tuple[int, str]]:
    """Lessons labelled "course › lesson", in the course tree's order (two queries)."""
    lesson_model, course_model = course_tree().lesson_model, course_tree().course_model
    courses = list(course_model.objects.values_list("path", "title"))
    choices = []
    for pk, path, title in lesson_model.objects.order_by("path").values_list("pk", "path", "title"):
        course = next((t for p, t in courses if path.startswith(p)), "")
        choices.append((pk, f"{course} › {title}" if course else title))
    return choices


class QuestionForm(WagtailAdminModelForm):
    """A question and its answer rows, checked together by the question type's rules."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "category" in self.fields:
            field = self.fields["category"]
            self.fields["category"] = CategoryChoiceField(
                label=field.label, help_text=field.help_text, required=True, empty_label=None
            )
            self.fields["category"].initial = field.initial
        if "lessons" in self.fields:
            self.fields["lessons"].widget = forms.SelectMultiple(attrs={"size": 8})
            self.fields["lessons"].widget.choices = _lesson_choices()
        if "name" in self.fields:
            # The model's "name" reads as a person's name in Chinese.
            self.fields["name"].label = _("Short title")
        if "review_reason" in self.fields:
            self.fields["review_reason"].widget.attrs.setdefault("rows", 3)

    def answer_forms(self) -> list[forms.Form]:
        """The answer rows that will be kept, in the order the trainer gave them."""
        formset = self.formsets.get("answers")
        if formset is None or not formset.is_valid():
            return []
        forms_in_order = formset.ordered_forms if formset.can_order else formset.forms
        return [
            form
            for form in forms_in_order
            if not (formset.can_delete and formset._should_delete_form(form))
            and (form.has_changed() or form.instance.pk)
        ]

    def question_data(self) -> QuestionData:
        data = self.cleaned_data
        answers = []
        for form in self.answer_forms():
            row = form.cleaned_data
            answers.append(
                AnswerData(
                    text=row.get("text") or "",
                    fraction=float(row.get("fraction") or 0),
                    feedback=row.get("feedback") or "",
                    match_text=row.get("match_text") or "",
                    tolerance=None if row.get("tolerance") is None else float(row["tolerance"]),
                )
            )
        return QuestionData(
            qtype=data.get("qtype") or "",
            text=data.get("text") or "",
            name=data.get("name") or "",
            answers=answers,
            general_feedback=data.get("general_feedback") or "",
            text_format=data.get("text_format") or "plain",
            default_mark=float(data.get("default_mark") or 0),
            extra={name: data.get(name) for name in EXTRA_FIELDS if name in data},
        )

    def _normalise_true_false(self) -> None:
        for form in self.answer_forms():
            word = (form.cleaned_data.get("text") or "").strip().casefold()
            key = "true" if word in TRUE_WORDS else "false" if word in FALSE_WORDS else None
            if key:
                form.cleaned_data["text"] = key
                form.instance.text = key

    def clean(self):
        data = super().clean()
        if not self.errors and data.get("qtype"):
            if data["qtype"] == TRUE_FALSE:
                self._normalise_true_false()
            for problem in question_problems(self.question_data()):
                self.add_error(None, problem)
        return data

    def save(self, commit=True):
        if not self.instance.review_needed:
            self.instance.review_reason = ""
        if self.instance.created_by_id is None and getattr(self, "for_user", None):
            self.instance.created_by = self.for_user
        return super().save(commit=commit)


class QuestionImportForm(forms.Form):
    file = UploadField(
        max_bytes=MAX_FILE_BYTES,
        label=_("Question file"),
        help_text=_("GIFT (.gift, .txt), Aiken (.txt) or Excel (.xlsx), at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".gift,.txt,.xlsx"}),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[
            ("", _("Recognise from the file")),
            ("gift", "GIFT"),
            ("aiken", "Aiken"),
            ("xlsx", "Excel (XLSX)"),
        ],
    )
    category = CategoryChoiceField(
        label=_("Category"),
        required=False,
        empty_label=_("As the file says (or “Imported”)"),
        help_text=_("Questions that name no category of their own go here."),
    )

    def read_file(self) -> bytes:
        """The uploaded bytes, read once while the form checked their size."""
        return self.cleaned_data["file"].checked_bytes


class QuestionExportForm(forms.Form):
    category = CategoryChoiceField(label=_("Category"), required=True)
    include_subcategories = forms.BooleanField(
        label=_("Include subcategories"), required=False, initial=True
    )
