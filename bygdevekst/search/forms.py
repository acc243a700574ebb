from django import forms
from django.utils.translation import gettext_lazy as _

from bygdevekst.programme.models import Pilot, Round

from .enums import DocumentKind


class SearchForm(forms.Form):
    saves_nothing_on_error = False  # a filter: the error summary need not say nothing was saved

    q = forms.CharField(label=_("Search for"), max_length=200, required=False)
    round = forms.TypedChoiceField(label=_("Round"), required=False, coerce=int, empty_value=None)
    pilot = forms.TypedChoiceField(label=_("Pilot"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].choices = [("", _("All rounds"))] + [
            (r.number, r.name) for r in Round.objects.order_by("number")
        ]
        self.fields["pilot"].choices = [("", _("All pilots"))] + [
            (p.pk, p.name) for p in Pilot.objects.select_related("round").order_by("round__number", "name")
        ]
        self.fields["kind"].choices = [("", _("Everything"))] + list(DocumentKind.choices)
