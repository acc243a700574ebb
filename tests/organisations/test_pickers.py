"""Organisation pickers: shared names (Våler, Herøy) are told apart by county and organisation number, and
the meeting participant picker (every organisation) is a searchable field without script."""

import re

import pytest

from bygdevekst.meetings.forms import ParticipantForm
from bygdevekst.organisations.fields import OrganisationChoiceField
from bygdevekst.organisations.models import Organisation


@pytest.mark.django_db
def test_participant_picker_is_searchable_and_unambiguous(demo):
    html = str(ParticipantForm(prefix="p")["organisation"])
    assert '<input type="text" name="p-organisation" list="id_p-organisation_list"' in html
    assert "<select" not in html and "<script" not in html
    options = re.findall(r'<option value="([^"]*)">', html)
    assert len(options) == Organisation.objects.count() >= 372
    assert len(set(options)) == len(options)
    valer = [o for o in options if o.startswith("Våler kommune")]
    heroy = [o for o in options if o.startswith("Herøy kommune")]
    assert len(valer) == 2 and len(heroy) == 2
    innlandet = Organisation.objects.get(municipality_number="3419")
    assert f"Våler kommune (Innlandet, {innlandet.org_number[:3]} {innlandet.org_number[3:6]} {innlandet.org_number[6:]})" in valer
    assert "Trysil kommune" in options  # a unique name stays as it is


@pytest.mark.django_db
def test_participant_picker_takes_the_label_or_the_number(demo):
    innlandet = Organisation.objects.get(municipality_number="3419")
    label = OrganisationChoiceField(Organisation.objects.all()).labels()[innlandet.pk]
    for typed in (label, innlandet.org_number):
        form = ParticipantForm({"p-organisation": typed}, prefix="p")
        form.is_valid()
        assert "organisation" not in form.errors and form.cleaned_data["organisation"] == innlandet
    ambiguous = ParticipantForm({"p-organisation": "Våler kommune"}, prefix="p")
    assert not ambiguous.is_valid() and "organisation" in ambiguous.errors


@pytest.mark.django_db
def test_short_picker_stays_a_select(demo):
    field = OrganisationChoiceField(Organisation.objects.filter(kind="county_council"))
    field.labels()
    assert field.widget.__class__.__name__ == "Select"
