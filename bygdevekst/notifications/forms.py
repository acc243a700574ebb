from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import Frequency


class PreferenceForm(forms.Form):
    frequency = forms.ChoiceField(label=_("E-mail me"), choices=Frequency.choices, widget=forms.RadioSelect)
