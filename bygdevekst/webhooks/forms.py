from django import forms
from django.utils.translation import gettext_lazy as _

from bygdevekst.organisations.fields import OrganisationChoiceField
from bygdevekst.organisations.models import Organisation

from .domain.endpoints import validate_endpoint_url
from .enums import EventType


class EndpointForm(forms.Form):
    organisation = OrganisationChoiceField(
        queryset=Organisation.objects.all(),
        label=_("Organisation"),
        help_text=_("It receives only events about what its own people may see."),
    )
    url = forms.CharField(
        label=_("Address (URL)"),
        max_length=500,
        validators=[validate_endpoint_url],
        help_text=_("Where the events are posted, beginning with https://."),
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=EventType.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event.")},
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, endpoint=None, **kwargs):
        if endpoint is not None:
            kwargs.setdefault(
                "initial",
                {
                    "organisation": endpoint.organisation_id,
                    "url": endpoint.url,
                    "description": endpoint.description,
                    "events": endpoint.events,
                    "active": endpoint.active,
                },
            )
        super().__init__(*args, **kwargs)
