from django import forms
from django.utils.translation import gettext_lazy as _

from bygdevekst.organisations.fields import OrganisationChoiceField, OrganisationMultipleChoiceField
from bygdevekst.organisations.models import Organisation

from .models import Milestone, Pilot, Round


class LockedModelForm(forms.ModelForm):
    """Carries the row's lock_version: a save based on an older version is a conflict, not a lost update."""

    lock_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["lock_version"] = self.instance.lock_version

    def clean_lock_version(self):
        raw = self.cleaned_data.get("lock_version") or ""
        return int(raw) if raw.isdigit() and len(raw) < 10 else None


class RoundForm(LockedModelForm):
    class Meta:
        model = Round
        fields = ["programme", "number", "name", "year", "status", "description"]


class PilotForm(LockedModelForm):
    class Meta:
        model = Pilot
        fields = ["round", "name", "municipalities", "lead_municipality", "county", "county_council",
                  "state_administrator"]
        # Searchable among 357 municipalities; an id past 64 bits is an invalid choice, not a 500.
        field_classes = {"municipalities": OrganisationMultipleChoiceField, "lead_municipality": OrganisationChoiceField,
                         "county_council": OrganisationChoiceField, "state_administrator": OrganisationChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        municipalities = Organisation.objects.filter(kind="municipality").order_by("municipality_number")
        self.fields["municipalities"].queryset = municipalities
        self.fields["lead_municipality"].queryset = municipalities
        self.fields["municipalities"].help_text = _(
            "One municipality per field: type its name or organisation number and pick it from the suggestions. "
            "Leave spare fields empty.")

    def clean(self):
        data = super().clean()
        lead, municipalities = data.get("lead_municipality"), data.get("municipalities")
        if lead is not None and municipalities is not None and lead not in municipalities:
            self.add_error("lead_municipality", _("The addressed municipality must be one of the pilot's municipalities."))
        return data


class MilestoneForm(LockedModelForm):
    class Meta:
        model = Milestone
        fields = ["kind", "nature", "title", "date", "date_note"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}
        help_texts = {"nature": _("Only a deadline can make a pilot late; an expected date never does.")}
