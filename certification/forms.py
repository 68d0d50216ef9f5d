"""Forms of the certification admin."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from training.models import Position, Tier


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
