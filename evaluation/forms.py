"""Forms of the evaluation app: the KPI upload and a new API token."""

from django import forms
from django.utils.translation import gettext_lazy as _

from training.importers.tabular import ACCEPTED_EXTENSIONS, MAX_FILE_BYTES
from training.importers.upload import UploadField


class KpiUploadForm(forms.Form):
    file = UploadField(
        max_bytes=MAX_FILE_BYTES,
        label=_("KPI file"),
        help_text=_("A CSV or XLSX file of at most %(limit)s MB.")
        % {"limit": MAX_FILE_BYTES // 1024 // 1024},
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_EXTENSIONS)}),
    )

    def read_file(self) -> bytes:
        """The uploaded bytes, read once while the form checked their size."""
        return self.cleaned_data["file"].checked_bytes


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Which system will use the token, e.g. “Helpdesk (Zendesk)”."),
    )
