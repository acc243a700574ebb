from django import forms
from django.utils.translation import gettext_lazy as _

from bygdevekst.access.uploads import validate_pdf_upload
from bygdevekst.agreements.enums import CountyRole
from bygdevekst.organisations.fields import OrganisationChoiceField
from bygdevekst.organisations.models import Organisation

from .enums import Disposition
from .models import AnchoringDecision


class AnchoringDecisionForm(forms.ModelForm):
    class Meta:
        model = AnchoringDecision
        fields = [
            "organisation", "body", "delegation", "approves_proposal", "gives_mandate", "mandate_to", "final_approval",
            "postponed", "rejected", "meeting_date", "case_number", "decision_text", "minutes", "addendum",
        ]
        widgets = {"meeting_date": forms.DateInput(attrs={"type": "date"}), "decision_text": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"organisation": OrganisationChoiceField}

    def __init__(self, *args, organisations, require_minutes=True, addenda=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        self.fields["minutes"].required = require_minutes
        if addenda is not None and addenda.exists():
            self.fields["addendum"].queryset = addenda
            self.fields["addendum"].help_text = _("Only for the approval of an addendum to an agreement in force.")
        else:
            del self.fields["addendum"]

    def clean(self):
        data = super().clean()
        flags = [data.get(f) for f in ("approves_proposal", "gives_mandate", "final_approval", "postponed", "rejected")]
        if not any(flags):
            raise forms.ValidationError(_("Tick what the body decided."))
        if data.get("rejected") and any(flags[:3]):
            raise forms.ValidationError(_("A rejection cannot also approve or give a mandate."))
        # Which body may decide what (R1) is the domain's to say: anchoring.decision_reasons().
        return data


class AnchoringExceptionForm(forms.Form):
    organisation = OrganisationChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    reason = forms.CharField(label=_("Reason for accepting the missing decision"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])


class PartnerConfirmationBase(forms.Form):
    agreed = forms.TypedChoiceField(
        label=_("Does the party agree to its commitments?"),
        choices=[("yes", _("Yes, we agree")), ("no", _("No, we do not agree"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("agreed") is False and not data.get("comment", "").strip():
            self.add_error("comment", _("Say what the party does not agree to."))
        return data


class PartnerConfirmationForm(PartnerConfirmationBase):
    organisation = OrganisationChoiceField(label=_("Party"), queryset=Organisation.objects.none())
    field_order = ["organisation", "agreed", "comment"]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])


class CorrectionReasonForm(forms.Form):
    """R9: every correction and withdrawal says why."""

    correction_reason = forms.CharField(label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason_last()

    def reason_last(self):
        """The right facts first, then why."""
        self.order_fields([name for name in self.fields if name != "correction_reason"] + ["correction_reason"])


class CorrectDecisionForm(AnchoringDecisionForm):
    correction_reason = CorrectionReasonForm.base_fields["correction_reason"]


class CorrectExceptionForm(CorrectionReasonForm):
    reason = forms.CharField(label=_("Reason for accepting the missing decision"),
                             widget=forms.Textarea(attrs={"rows": 3}))


class CorrectPartnerConfirmationForm(CorrectionReasonForm):
    agreed = PartnerConfirmationBase.base_fields["agreed"]
    comment = PartnerConfirmationBase.base_fields["comment"]


class CorrectCountyConfirmationForm(CorrectionReasonForm):
    note = forms.CharField(label=_("Why the commitment is accepted"), widget=forms.Textarea(attrs={"rows": 2}))


class CorrectSigningForm(CorrectionReasonForm):
    signed_on = forms.DateField(label=_("Signing date"), widget=forms.DateInput(attrs={"type": "date"}))
    signed_copy = forms.FileField(label=_("Signed copy (scanned PDF)"), required=False,
                                  help_text=_("Leave empty to keep the signed copy already recorded."),
                                  validators=[validate_pdf_upload])

    def __init__(self, *args, parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.parties = parties
        for p in parties:
            self.fields[f"s_{p.organisation_id}"] = forms.CharField(
                label=_("Signatory for %(org)s") % {"org": p.organisation.name}, max_length=200
            )
        self.reason_last()


class CountyRoleForm(forms.Form):
    county_role = forms.ChoiceField(label=_("County council's role"), choices=CountyRole.choices)


class CountyCommitmentForm(forms.Form):
    note = forms.CharField(label=_("Why the commitment is accepted"), widget=forms.Textarea(attrs={"rows": 2}))


class ResponseForm(forms.Form):
    """A general part, then per sub-goal/commitment a disposition and text (leave empty for no item)."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    general = forms.CharField(label=_("General part"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = targets
        for t in targets:
            self.fields[f"d_{t['uid']}"] = forms.ChoiceField(
                label=_("Disposition: %(title)s") % {"title": t["title"]},
                choices=[("", _("no item"))] + list(Disposition.choices),
                required=False,
            )
            self.fields[f"t_{t['uid']}"] = forms.CharField(
                label=_("Text: %(title)s") % {"title": t["title"]}, required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean(self):
        data = super().clean()
        for t in self.targets:
            if data.get(f"d_{t['uid']}") in (Disposition.NEEDS_DIALOGUE, Disposition.NOT_ACCEPTED) and not data.get(
                f"t_{t['uid']}", ""
            ).strip():
                self.add_error(f"t_{t['uid']}", _("Explain the disposition."))
        return data

    def items(self):
        return [
            (t["uid"], t["title"], self.cleaned_data[f"d_{t['uid']}"], self.cleaned_data.get(f"t_{t['uid']}", ""))
            for t in self.targets
            if self.cleaned_data.get(f"d_{t['uid']}")
        ]

    def rows(self):
        return [(t, self[f"d_{t['uid']}"], self[f"t_{t['uid']}"]) for t in self.targets]


class SigningForm(forms.Form):
    signed_on = forms.DateField(label=_("Signing date"), widget=forms.DateInput(attrs={"type": "date"}))
    signed_copy = forms.FileField(label=_("Signed copy (scanned PDF)"), validators=[validate_pdf_upload])

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.parties = parties
        for p in parties:
            self.fields[f"s_{p.organisation_id}"] = forms.CharField(
                label=_("Signatory for %(org)s") % {"org": p.organisation.name}, max_length=200
            )


class AddendumForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(label=_("Text of the addendum"), widget=forms.Textarea(attrs={"rows": 5}))
