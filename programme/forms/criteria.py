"""Forms of the OCOP cycle: criteria sets."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from programme.criteria_xlsx import IMPORT_MAX_BYTES, XLSX_CONTENT_TYPE


class CriteriaSetImportForm(forms.Form):
    """One .xlsx workbook laid out like the template; the service reads and checks it."""

    file = forms.FileField(
        label=_("Criteria set workbook (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_CONTENT_TYPE}"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "An Excel workbook laid out like the template, up to %(limit)s MB. It is checked whole: if anything "
            "is wrong, nothing is imported."
        ) % {"limit": f"{IMPORT_MAX_BYTES / 1024 / 1024:g}"}
