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


@pytest.mark.django_db
def test_invitation_picker_is_searchable_with_the_pilots_organisations_first(demo, client_for):
    from django.urls import reverse

    pilot = demo["pilots"]["Trysil-regionen"]
    page = client_for("trysil").get(reverse("programme:people", args=[pilot.pk])).content.decode()
    field = page[page.index('name="organisation"') - 40:]
    assert '<input type="text" name="organisation" list="id_organisation_list"' in page
    assert '<select name="organisation"' not in page
    options = re.findall(r'<option value="([^"]*)">', field[: field.index("</datalist>")])
    labels = OrganisationChoiceField(Organisation.objects.all()).labels()
    own = {labels[m.pk] for m in pilot.municipalities.all()} | {labels[pilot.county_council_id]}
    assert set(options[: len(own)]) == own  # suggested first
    assert "Våler kommune (Innlandet, " in " ".join(own)  # the shared name told apart
    assert len(options) == Organisation.objects.count()


@pytest.mark.django_db
def test_invitation_takes_a_typed_name_or_number_and_refuses_an_unknown_one(demo):
    from bygdevekst.accounts.invitation_forms import InvitationForm

    pilot = demo["pilots"]["Trysil-regionen"]
    trysil = pilot.municipalities.get(name="Trysil kommune")
    for typed in ("Trysil kommune", trysil.org_number):
        form = InvitationForm({"name": "Ny Saksbehandler", "email": "ny@example.org", "role": "municipal_staff",
                               "organisation": typed}, pilot=pilot)
        form.is_valid()
        assert "organisation" not in form.errors and form.cleaned_data["organisation"] == trysil
    form = InvitationForm({"name": "Ny", "email": "ny@example.org", "role": "municipal_staff",
                           "organisation": "Ingen slik kommune"}, pilot=pilot)
    assert not form.is_valid() and "organisation" in form.errors


@pytest.mark.django_db
def test_pilot_form_picks_municipalities_by_search_fields(demo, client_for):
    from django.urls import reverse

    from bygdevekst.programme.models import Pilot

    pilot = demo["pilots"]["Solund og Fedje"]
    url = reverse("programme:pilot_edit", args=[pilot.pk])
    client = client_for("kdd")
    page = client.get(url).content.decode()
    assert "<select" not in page[page.index("<legend>"):page.index('name="lead_municipality"')]
    inputs = re.findall(r'<input type="text" name="municipalities" id="([^"]+)" list="id_municipalities_list" '
                        r'aria-label="([^"]+)"(?: value="([^"]*)")?', page)
    current = sorted(m.name for m in pilot.municipalities.all())
    assert sorted(v for _, _, v in inputs if v) == current
    assert len(inputs) == len(current) + 2 and len({i for i, _, _ in inputs}) == len(inputs)
    assert all(label for _, label, _ in inputs)
    # Våler (Innlandet) typed by its unambiguous label, Herøy by organisation number; empty fields ignored
    valer = Organisation.objects.get(municipality_number="3419")
    heroy = Organisation.objects.filter(name="Herøy kommune").first()
    valer_label = OrganisationChoiceField(Organisation.objects.all()).labels()[valer.pk]
    body = {"round": pilot.round_id, "name": pilot.name, "municipalities": [*current, valer_label, heroy.org_number, ""],
            "lead_municipality": current[0], "county": pilot.county_id, "county_council": pilot.county_council_id,
            "state_administrator": pilot.state_administrator_id, "lock_version": pilot.lock_version}
    response = client.post(url, body)
    assert response.status_code == 302, response.content.decode()[:2000]
    pilot = Pilot.objects.get(pk=pilot.pk)
    assert set(pilot.municipalities.values_list("pk", flat=True)) >= {valer.pk, heroy.pk}
    bad = client.post(url, {**body, "municipalities": ["Våler kommune"], "lock_version": pilot.lock_version},
                      HTTP_ACCEPT_LANGUAGE="nb")
    assert bad.status_code == 200 and b"error-summary" in bad.content  # ambiguous: which Våler?


@pytest.mark.django_db
def test_letter_recipients_with_a_shared_name_are_told_apart(demo):
    """A round with both Vålers among its pilots: the address-list checkboxes name county and number."""
    from bygdevekst.correspondence.forms import RecipientsForm
    from bygdevekst.correspondence.models import Letter

    pilot = demo["pilots"]["Solund og Fedje"]
    ostfold = Organisation.objects.get(name="Våler kommune", county__name__startswith="Østfold")
    pilot.municipalities.add(ostfold)
    assert demo["pilots"]["Trysil-regionen"].round_id == pilot.round_id  # with Våler (Innlandet)
    letter = Letter(round=pilot.round)  # a round letter: every pilot's organisations
    html = str(RecipientsForm(letter=letter)["recipients"])
    assert "Våler kommune (Innlandet, " in html
    assert "Våler kommune (Østfold, " in html, [line for line in html.splitlines() if "Våler" in line]
    assert ">Solund kommune<" in html or "Solund kommune</label>" in html


def _form_classes():
    import importlib
    import pkgutil

    from django import forms

    import bygdevekst

    for module in pkgutil.walk_packages(bygdevekst.__path__, "bygdevekst."):
        if module.name.rsplit(".", 1)[-1].endswith("forms"):
            importlib.import_module(module.name)
    seen, todo = set(), [forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return [c for c in seen if c.__module__.startswith("bygdevekst.")]


def test_every_organisation_picker_tells_shared_names_apart():
    """Every form field choosing organisations labels them with `organisation_labels` (Våler and Herøy get their
    county and number), whether it is a select, a search field or checkboxes; none falls back to the bare name."""
    from django import forms

    from bygdevekst.organisations.fields import _Labelled

    pickers, bare = [], []
    for form in _form_classes():
        for name, field in getattr(form, "base_fields", {}).items():
            if isinstance(field, forms.ModelChoiceField) and field.queryset.model is Organisation:
                pickers.append(f"{form.__name__}.{name}")
                if not isinstance(field, _Labelled):
                    bare.append(f"{form.__module__}.{form.__name__}.{name}")
    assert not bare, bare
    assert len(pickers) >= 10, pickers


@pytest.mark.django_db
def test_a_small_picker_with_both_heroy_shows_county_and_number(demo):
    from bygdevekst.organisations.fields import OrganisationCheckboxesField
    from bygdevekst.process.forms import AnchoringExceptionForm

    heroy = list(Organisation.objects.filter(name="Herøy kommune").select_related("county"))
    assert len(heroy) == 2
    form = AnchoringExceptionForm(organisations=heroy)
    labels = [label for _pk, label in form.fields["organisation"].choices if _pk != ""]
    assert sorted(labels) == sorted(f"Herøy kommune ({o.county.name}, {o.org_number[:3]} {o.org_number[3:6]} "
                                    f"{o.org_number[6:]})" for o in heroy)
    field = OrganisationCheckboxesField(queryset=Organisation.objects.filter(pk__in=[o.pk for o in heroy]))
    assert len({label for _pk, label in field.choices}) == 2 and all("(" in label for _pk, label in field.choices)
