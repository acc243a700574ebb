from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bygdevekst.organisations.enums import Role
from bygdevekst.organisations.fields import OrganisationCheckboxesField
from bygdevekst.organisations.models import Organisation
from bygdevekst.programme.models import Pilot, Round
from bygdevekst.programme.queries import current_round

SIGNATORY_ROWS = 2


def kdd_users():
    return get_user_model().objects.filter(memberships__role=Role.CASE_OFFICER).distinct().order_by("first_name")


class LetterForm(forms.Form):
    round = forms.ModelChoiceField(label=_("Round"), queryset=Round.objects.order_by("-number"))
    pilot = forms.ModelChoiceField(
        label=_("Pilot"), queryset=Pilot.objects.select_related("round"), required=False,
        empty_label=_("All pilots of the round"),
        help_text=_("Choose one pilot to address the letter to that pilot alone."),
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    body = forms.CharField(label=_("Text (Bokmål)"), widget=forms.Textarea(attrs={"rows": 16}),
                           help_text=_("Paragraphs separated by a blank line; # for a heading."))
    body_nn = forms.CharField(label=_("Text (Nynorsk), optional"), widget=forms.Textarea(attrs={"rows": 8}),
                              required=False, help_text=_("Recipients that write Nynorsk receive this text."))
    their_reference = forms.CharField(label=_("Their reference"), max_length=100, required=False)
    case_officer = forms.ModelChoiceField(label=_("Case officer"), queryset=kdd_users())
    case_officer_phone = forms.CharField(label=_("Case officer's phone"), max_length=40, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_officer"].queryset = kdd_users()
        for i in range(1, SIGNATORY_ROWS + 1):
            self.fields[f"signatory_{i}_name"] = forms.CharField(
                label=_("Signatory %(n)s: name") % {"n": i}, max_length=200, required=i == 1)
            self.fields[f"signatory_{i}_title"] = forms.CharField(
                label=_("Signatory %(n)s: job title") % {"n": i}, max_length=200, required=i == 1)
            self.fields[f"signatory_{i}_on_behalf"] = forms.BooleanField(
                label=_("Signatory %(n)s signs on delegated authority (e.f.)") % {"n": i}, required=False)
        # The active round is preselected and only its pilots are offered: a letter goes to one round.
        self.chosen_round = self._chosen_round()
        if not self.is_bound:  # a posted pilot of another round is refused in clean(), with a reason
            self.initial["round"] = self.chosen_round.pk if self.chosen_round else None
            self._offer_round_pilots()

    def _offer_round_pilots(self):
        self.fields["pilot"].queryset = Pilot.objects.filter(round=self.chosen_round).select_related("round")

    def _post_clean(self):
        super()._post_clean()
        self._offer_round_pilots()

    def _chosen_round(self):
        value = self.data.get("round") if self.is_bound else self.initial.get("round")
        if value and str(value).isdigit():
            found = Round.objects.filter(pk=int(value)).first()
            if found is not None:
                return found
        return current_round()

    def clean(self):
        data = super().clean()
        round_, pilot = data.get("round"), data.get("pilot")
        if round_ and pilot and pilot.round_id != round_.pk:
            self.add_error("pilot", _("%(pilot)s is not in %(round)s.") % {"pilot": pilot, "round": round_})
        for i in range(1, SIGNATORY_ROWS + 1):
            name, title = data.get(f"signatory_{i}_name"), data.get(f"signatory_{i}_title")
            if bool(name) != bool(title):
                self.add_error(f"signatory_{i}_title" if name else f"signatory_{i}_name",
                               _("Give both the name and the job title of the signatory."))
        return data

    def signatories(self):
        rows = []
        for i in range(1, SIGNATORY_ROWS + 1):
            if self.cleaned_data.get(f"signatory_{i}_name"):
                rows.append((self.cleaned_data[f"signatory_{i}_name"], self.cleaned_data[f"signatory_{i}_title"],
                             self.cleaned_data.get(f"signatory_{i}_on_behalf", False)))
        return rows


def candidate_organisations(letter):
    """Who may be chosen as recipient or copy recipient: the organisations of the round's pilots."""
    pilots = Pilot.objects.filter(round=letter.round)
    if letter.pilot_id:
        pilots = pilots.filter(pk=letter.pilot_id)
    return Organisation.objects.filter(
        Q(led_pilots__in=pilots) | Q(county_pilots__in=pilots) | Q(administered_pilots__in=pilots)
        | Q(pilots__in=pilots)
    ).distinct().order_by("kind", "name")


class RecipientsForm(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)
    recipients = OrganisationCheckboxesField(label=_("Recipients (address list)"), queryset=Organisation.objects.none())
    copies = OrganisationCheckboxesField(label=_("Copy recipients"), queryset=Organisation.objects.none(), required=False)

    def __init__(self, *args, letter, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = candidate_organisations(letter)
        for name in ("recipients", "copies"):
            self.fields[name].queryset = queryset  # two Vålers: county and number added to the labels

    def clean(self):
        data = super().clean()
        both = set(data.get("recipients") or []) & set(data.get("copies") or [])
        if both:
            self.add_error("copies", _("An organisation cannot be both recipient and copy recipient: %(names)s.")
                           % {"names": ", ".join(sorted(o.name for o in both))})
        return data
