"""Forms for the draft text. Every edit form carries the agreement's lock_version (optimistic lock)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bygdevekst.core import safetext
from bygdevekst.core.forms import ModelMultipleChoiceField
from bygdevekst.organisations.fields import OrganisationChoiceField, organisation_labels

from .domain.comments import MAX_COMMENT
from .enums import CommitmentKind, PartyRole
from .models import Agreement, AgreementParty, Comment, Commitment, FocusArea, Section, SubGoal


class LockedForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, agreement, **kwargs):
        self.agreement = agreement
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["lock_version"] = agreement.lock_version


class AgreementForm(LockedForm):
    class Meta:
        model = Agreement
        fields = ["title", "period_start", "period_end", "purpose", "overall_goal"]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "purpose": _("Safe text: paragraphs, **bold**, *italic*, lists and links. HTML is not allowed."),
            "overall_goal": _("Safe text, as above."),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period must end after it starts."))
        return data


class FocusAreaForm(LockedForm):
    class Meta:
        model = FocusArea
        fields = ["title", "description"]
        help_texts = {"description": _("Safe text: paragraphs, **bold**, *italic*, lists and links.")}


class SubGoalForm(LockedForm):
    cooperation_parties = ModelMultipleChoiceField(
        label=_("Cooperation parties taking part under this sub-goal"),
        queryset=AgreementParty.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = SubGoal
        fields = ["title", "description"]
        help_texts = {"description": _("Safe text: paragraphs, **bold**, *italic*, lists and links.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parties = AgreementParty.objects.filter(
            agreement=self.agreement, role=PartyRole.COOPERATION_PARTY
        ).select_related("organisation")
        self.fields["cooperation_parties"].queryset = parties
        labels = organisation_labels(p.organisation for p in parties)  # shared names told apart
        self.fields["cooperation_parties"].label_from_instance = lambda p: labels.get(p.organisation_id, p.organisation.name)
        if self.instance.pk and not self.is_bound:
            self.initial["cooperation_parties"] = list(self.instance.cooperation_parties.values_list("pk", flat=True))
        if not parties:
            del self.fields["cooperation_parties"]


class CommitmentForm(LockedForm):
    class Meta:
        model = Commitment
        fields = ["party", "kind", "amount_nok", "text"]
        field_classes = {"party": OrganisationChoiceField}
        labels = {"amount_nok": _("Amount in whole NOK (financial commitments only)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from bygdevekst.organisations.models import Organisation

        self.fields["party"].queryset = Organisation.objects.filter(
            agreement_parties__agreement=self.agreement
        ).order_by("agreement_parties__role", "agreement_parties__position")
        self.fields["party"].empty_label = None
        self.fields["kind"].choices = CommitmentKind.choices
        self.fields["amount_nok"].widget.attrs.update({"min": 0, "step": 1, "inputmode": "numeric"})

    def clean(self):
        data = super().clean()
        kind, amount = data.get("kind"), data.get("amount_nok")
        if kind == CommitmentKind.FINANCIAL and amount is None:
            self.add_error("amount_nok", _("Give the amount in whole kroner for a financial commitment."))
        if kind and kind != CommitmentKind.FINANCIAL and amount is not None:
            self.add_error("amount_nok", _("Only a financial commitment has an amount. Leave it empty."))
        return data


class SectionForm(LockedForm):
    class Meta:
        model = Section
        fields = ["title", "body"]
        help_texts = {"body": _("Safe text: paragraphs, **bold**, *italic*, lists and links. HTML is not allowed.")}


class FreezeForm(forms.Form):
    label = forms.CharField(label=_("Name of the version"), max_length=200)
    lock_version = forms.IntegerField(widget=forms.HiddenInput)


class CommentForm(forms.ModelForm):
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Comment
        fields = ["target_kind", "target_uid", "body"]
        widgets = {"target_kind": forms.HiddenInput, "target_uid": forms.HiddenInput}
        help_texts = {"body": _("Safe text: paragraphs, **bold**, *italic*, lists and links.")}

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if len(body) > MAX_COMMENT:
            raise forms.ValidationError(_("A comment can be at most %(max)s characters long.") % {"max": MAX_COMMENT})
        if not safetext.render(body).strip():
            raise forms.ValidationError(_("Write a comment."))
        return body


ELEMENT_FORMS = {
    "focus-area": FocusAreaForm,
    "sub-goal": SubGoalForm,
    "commitment": CommitmentForm,
    "section": SectionForm,
}
