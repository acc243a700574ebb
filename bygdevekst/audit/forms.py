from django import forms
from django.utils.translation import gettext_lazy as _


class LogFilterForm(forms.Form):
    saves_nothing_on_error = False  # a filter: the error summary need not say nothing was saved

    who = forms.CharField(label=_("Who (username)"), required=False, max_length=150)
    action = forms.CharField(
        label=_("Action"),
        required=False,
        max_length=100,
        help_text=_("Part of what happened, e.g. “submitted” or “logged in”."),
    )
    object = forms.CharField(
        label=_("Object"), required=False, max_length=300, help_text=_("Part of the object's name, e.g. “Trysil”.")
    )
    date_from = forms.DateField(label=_("From date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned
