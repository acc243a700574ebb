from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from bygdevekst.access.uploads import validate_xlsx_upload
from bygdevekst.organisations.enums import OrganisationKind
from bygdevekst.organisations.fields import OrganisationCheckboxesField, OrganisationChoiceField
from bygdevekst.organisations.models import Organisation

from . import limits
from .enums import FundingSource, MeasureStatus
from .models import BudgetLine, Measure
from .spreadsheet import sub_goal_codes

QUARTERS = [("", "–"), *((q, str(q)) for q in range(1, 5))]


class LockedForm(forms.ModelForm):
    """A form with the optimistic lock: the version the user started from travels in a hidden field."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def party_organisations(agreement):
    return Organisation.objects.filter(agreement_parties__agreement=agreement).order_by("name").distinct()


class MeasureForm(LockedForm):
    sub_goals = forms.MultipleChoiceField(
        label=_("Sub-goals served"), required=False, widget=forms.CheckboxSelectMultiple
    )
    start_quarter = forms.TypedChoiceField(label=_("Start quarter"), choices=QUARTERS, coerce=int, empty_value=None,
                                           required=False)
    end_quarter = forms.TypedChoiceField(label=_("End quarter"), choices=QUARTERS, coerce=int, empty_value=None,
                                         required=False)

    class Meta:
        model = Measure
        fields = ["number", "title", "description", "responsible", "cooperation_parties", "start_year",
                  "start_quarter", "end_year", "end_quarter", "indicator", "baseline", "target"]
        field_classes = {"responsible": OrganisationChoiceField, "cooperation_parties": OrganisationCheckboxesField}
        widgets = {"cooperation_parties": forms.CheckboxSelectMultiple,
                   "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["description"].max_length = limits.MAX_DESCRIPTION
        self.fields["description"].validators.append(MaxLengthValidator(limits.MAX_DESCRIPTION))
        self.fields["description"].widget.attrs["maxlength"] = limits.MAX_DESCRIPTION
        agreement = plan.agreement
        codes = sub_goal_codes(agreement.pk)
        titles = {str(sg.uid): sg.title for sg in agreement.sub_goals.all()}
        self.fields["sub_goals"].choices = [(uid, f"{code} {titles.get(uid, '')}") for uid, code in codes.items()]
        parties = party_organisations(agreement)
        self.fields["responsible"].queryset = parties
        self.fields["cooperation_parties"].queryset = parties
        for name in ("start_year", "end_year"):
            self.fields[name].widget.attrs.update({"min": 2000, "max": 2100})
        if self.instance.pk:
            self.initial.setdefault("sub_goals", list(self.instance.sub_goal_uids))
            self.initial.setdefault("lock_version", self.instance.lock_version)
        else:
            last = plan.measures.order_by("-number").first()
            self.initial.setdefault("number", (last.number + 1) if last else 1)

    def clean_number(self):
        number = self.cleaned_data["number"]
        clash = self.plan.measures.filter(number=number)
        if self.instance.pk:
            clash = clash.exclude(uid=self.instance.uid)
        if number is not None and clash.exists():
            raise forms.ValidationError(_("Another measure already has number %(number)s."), params={"number": number})
        return number

    def clean(self):
        data = super().clean()
        for key in ("start_year", "end_year"):
            year = data.get(key)
            if year is not None and not 2000 <= year <= 2100:
                self.add_error(key, _("Give a year between 2000 and 2100."))
        sy, sq, ey, eq = (data.get(k) for k in ("start_year", "start_quarter", "end_year", "end_quarter"))
        if sy and ey and (ey, eq or 4) < (sy, sq or 1):
            self.add_error("end_year", _("The measure ends before it starts."))
        return data

    def apply(self, measure):
        """Copy the cleaned values onto `measure` (which may be the same measure in a new revision)."""
        for name in self.Meta.fields:
            if name != "cooperation_parties":
                setattr(measure, name, self.cleaned_data[name])
        measure.sub_goal_uids = sorted(self.cleaned_data["sub_goals"])
        return measure


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=MeasureStatus.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class BudgetLineForm(LockedForm):
    class Meta:
        model = BudgetLine
        fields = ["year", "source", "organisation", "planned", "spent"]
        field_classes = {"organisation": OrganisationChoiceField}

    def __init__(self, *args, agreement, measure, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.fields["organisation"].queryset = party_organisations(agreement).filter(kind=OrganisationKind.MUNICIPALITY)
        self.fields["organisation"].required = False
        for name in ("planned", "spent"):
            self.fields[name].widget.attrs.update({"min": 0, "step": 1})
            self.fields[name].help_text = _("Whole kroner.")
        if self.instance.pk:
            self.initial.setdefault("lock_version", self.instance.lock_version)

    def clean(self):
        data = super().clean()
        year = data.get("year")
        if year is not None and not 2000 <= year <= 2100:
            self.add_error("year", _("Give a year between 2000 and 2100."))
        if data.get("source") == FundingSource.MUNICIPALITY and not data.get("organisation"):
            self.add_error("organisation", _("Name the municipality whose own share this is."))
        if data.get("source") != FundingSource.MUNICIPALITY and data.get("organisation"):
            self.add_error("organisation", _("A municipality is named only for a municipality's own share."))
        for name in ("planned", "spent"):
            if data.get(name) is not None and data[name] < 0:
                self.add_error(name, _("The amount cannot be negative."))
        twin = self.measure.budget_lines.filter(year=year, source=data.get("source"), organisation=data.get("organisation"))
        if self.instance.pk:
            twin = twin.exclude(year=self.instance.year, source=self.instance.source,
                                organisation=self.instance.organisation)
        if year is not None and twin.exists():
            self.add_error("year", _("The measure already has a line for this year and source; change that one."))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (.xlsx)"), help_text=_("A file exported from this plan and edited."),
                           validators=[validate_xlsx_upload])


class NewYearForm(forms.Form):
    year = forms.IntegerField(label=_("Plan year"), min_value=2000, max_value=2100)
