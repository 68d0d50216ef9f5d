"""Forms of the certification admin."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import InlinePanel

from certification.criterion_minimums import format_minimums, parse_minimums
from certification.models import CertificationProgramme, ProgrammeRequirement, RequirementKind
from certification.services import current_certificate
from training.models import Position, Tier, User


class ProgrammeForm(WagtailAdminModelForm):
    """A programme: positions and tiers are ticked from training's lists."""

    positions = forms.MultipleChoiceField(
        label=_("Positions"),
        choices=Position.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every position."),
    )
    tiers = forms.MultipleChoiceField(
        label=_("Tiers"),
        choices=Tier.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every tier."),
    )

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("requirements")
        if formset is not None and all(form.is_valid() for form in formset.forms):
            kept = [
                form.cleaned_data
                for form in formset.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ]
            if kept and all(data.get("applies_to") == "initial" for data in kept):
                # Else nobody could ever renew: the renewal path would be empty.
                self.add_error(
                    None,
                    _(
                        "Leave at least one requirement on the renewal path (“first "
                        "certification and renewal” or “renewal only”)."
                    ),
                )
        return cleaned

    def save(self, commit=True):
        # A certificate pins the programme version it was issued on: every edit is a version.
        if self.instance.pk and self.has_changed():
            self.instance.version += 1
        return super().save(commit=commit)


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it revoked?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Kept in the certificate's history."),
        error_messages={"required": _("Say why the certificate is revoked.")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why the certificate is revoked."))
        return reason


class SignOffForm(forms.Form):
    """A supervisor's sign-off: the programme's checklist, every item to be ticked."""

    items = forms.MultipleChoiceField(
        label=_("On the job, I have seen that this person…"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick what you have seen on the job.")},
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, checklist: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(item, item) for item in checklist]


class IssueByHandForm(forms.Form):
    """An administrator issues a certificate by hand: who, which programme, since when, why.

    Only active programmes are offered; one deactivated meanwhile, or a person who already
    holds a valid certificate of it, is refused with a message (nothing is issued)."""

    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=User.objects.filter(is_active=True).order_by("name", "email"),
        error_messages={"invalid_choice": _("Choose a person from the list.")},
    )
    programme = forms.ModelChoiceField(
        label=pgettext_lazy("certification", "Programme"),
        queryset=CertificationProgramme.objects.all(),
        error_messages={"invalid_choice": _("Choose a programme from the list.")},
    )
    issued_on = forms.DateField(
        label=_("Issued on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Leave empty for today. An earlier date moves over a certificate issued on paper; "
            "the expiry date is counted from it."
        ),
    )
    reason = forms.CharField(
        label=_("Why is it issued by hand?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Kept in the certificate's history."),
        error_messages={"required": _("Say why the certificate is issued by hand.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer only active programmes; an inactive one posted still gets a clear message.
        active = CertificationProgramme.objects.filter(active=True)
        self.fields["programme"].widget.choices = [
            ("", "---------"),
            *((programme.pk, programme.name) for programme in active),
        ]
        self.fields["person"].label_from_instance = lambda user: (
            f"{user.get_full_name()} <{user.email}>"
        )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why the certificate is issued by hand."))
        return reason

    def clean_programme(self):
        programme = self.cleaned_data["programme"]
        if not programme.active:
            raise forms.ValidationError(
                _("“%(programme)s” is not active: it issues no certificates.")
                % {"programme": programme.name}
            )
        return programme

    def clean_issued_on(self):
        issued_on = self.cleaned_data["issued_on"]
        if issued_on and issued_on > timezone.localdate():
            raise forms.ValidationError(_("A certificate cannot be issued in the future."))
        return issued_on

    def clean(self):
        cleaned = super().clean()
        person, programme = cleaned.get("person"), cleaned.get("programme")
        if person is not None and programme is not None:
            held = current_certificate(person=person, programme=programme)
            if held is not None:
                raise forms.ValidationError(
                    _(
                        "%(person)s already holds a valid certificate of “%(programme)s” "
                        "(issued on %(issued)s)."
                    )
                    % {
                        "person": person.get_full_name(),
                        "programme": programme.name,
                        "issued": timezone.localtime(held.issued_at).date().isoformat(),
                    }
                )
        return cleaned

    @property
    def issued_at(self):
        """The moment of issue: now, or the start of the day given."""
        issued_on = self.cleaned_data.get("issued_on")
        if not issued_on or issued_on == timezone.localdate():
            return timezone.now()
        return timezone.make_aware(datetime.datetime.combine(issued_on, datetime.time(9)))


class RequirementForm(WagtailAdminModelForm):
    """A requirement in the programme editor: its minima per criterion as "名称: 80" lines."""

    criterion_minimums = forms.CharField(
        label=_("Minimum per criterion (%)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Role-play: one criterion of the scenario's rubric per line with the least score "
            "the assessed attempt must reach on it, e.g. “标准用语: 80”. Empty: the total only."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored = self.instance.criterion_minimums
        self.initial["criterion_minimums"] = (
            format_minimums(stored, self.instance.assessment_criteria())
            if stored and isinstance(stored, dict)
            else ""
        )

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("criterion_minimums") or ""
        if not text.strip():
            cleaned["criterion_minimums"] = {}
            return cleaned
        page = cleaned.get("page")
        if cleaned.get("kind") != RequirementKind.ROLEPLAY:
            self.add_error(
                "criterion_minimums",
                gettext("Only a role-play requirement has minimum scores per criterion."),
            )
            return cleaned
        if page is None:
            cleaned.pop("criterion_minimums")  # the page field says what is missing
            return cleaned
        probe = ProgrammeRequirement(kind=RequirementKind.ROLEPLAY, page=page)
        try:
            cleaned["criterion_minimums"] = parse_minimums(text, probe.assessment_criteria())
        except ValidationError as error:
            self.add_error("criterion_minimums", error)
        return cleaned


class RequirementsPanel(InlinePanel):
    """The programme's requirements, each edited with `RequirementForm`."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["form"] = RequirementForm
        return options
