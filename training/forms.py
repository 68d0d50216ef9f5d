"""Forms of the training app: roster upload and the Wagtail admin's user forms."""

from django import forms
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.users.forms import UserCreationForm, UserEditForm

from training.importers.tabular import ACCEPTED_EXTENSIONS, MAX_FILE_BYTES
from training.importers.upload import UploadField
from training.roles import group_label


class RosterUploadForm(forms.Form):
    roster = UploadField(
        max_bytes=MAX_FILE_BYTES,
        label=_("Roster file"),
        help_text=_("A CSV or XLSX file of at most %(limit)s MB.")
        % {"limit": MAX_FILE_BYTES // 1024 // 1024},
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_EXTENSIONS)}),
    )

    def read_roster(self) -> bytes:
        """The uploaded bytes, read once while the form checked their size."""
        return self.cleaned_data["roster"].checked_bytes


class RoleChoiceField(forms.ModelMultipleChoiceField):
    """Groups shown by their role's translated label rather than their identifier."""

    def label_from_instance(self, obj):
        return group_label(obj.name)


def _roles_field() -> RoleChoiceField:
    return RoleChoiceField(
        queryset=Group.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Roles"),
    )


class _NameInsteadOfFirstAndLast(forms.ModelForm):
    """People have one name (张伟), not a first and a last name."""

    first_name = None
    last_name = None
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=150)

    def __init__(self, *args, can_grant_superuser: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_grant_superuser and "is_superuser" in self.fields:
            # Only a superuser makes superusers; a disabled field keeps its current value.
            self.fields["is_superuser"].disabled = True
            self.fields["is_superuser"].help_text = _("Only a superuser can change this.")

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class WagtailUserCreationForm(_NameInsteadOfFirstAndLast, UserCreationForm):
    groups = _roles_field()

    class Meta(UserCreationForm.Meta):
        fields = ["email", "name", "is_superuser", "groups"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "password1" in self.fields and not self.fields["password1"].required:
            self.fields["password1"].help_text = _(
                "Leave both password fields empty to e-mail the person an invitation to "
                "choose their own password."
            )

    def save(self, commit=True):
        user = super().save(commit=False)
        if not self.cleaned_data.get("password1"):
            # Unusable, not empty: the invitation is only sent to people without a password.
            user.set_unusable_password()
        if commit:
            user.save()
            self.save_m2m()
        return user


class WagtailUserEditForm(_NameInsteadOfFirstAndLast, UserEditForm):
    groups = _roles_field()

    class Meta(UserEditForm.Meta):
        fields = ["email", "name", "is_active", "is_superuser", "groups"]
