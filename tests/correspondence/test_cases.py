import hashlib
from types import SimpleNamespace

import pytest
from django.urls import reverse

from bygdevekst.correspondence.demo_letter import TITLE as SEED_TITLE
from bygdevekst.correspondence.enums import EntryType, PartyRole
from bygdevekst.correspondence.models import Case, RegistryEntry

from .conftest import ROUND2_ADDRESSEES, ROUND2_COPIES


@pytest.fixture
def seed_entry(db):
    return RegistryEntry.objects.get(title=SEED_TITLE)


def test_demo_seed_letter_is_first_outgoing_entry_of_round2(seed_entry, demo):
    case = seed_entry.case
    assert case.pilot is None and case.round.number == 2
    first_outgoing = case.entries.filter(entry_type=EntryType.OUTGOING).order_by("registry_date", "number").first()
    assert first_outgoing == seed_entry
    parties = list(seed_entry.parties.all())
    assert {p.name for p in parties if p.role == PartyRole.RECIPIENT} == ROUND2_ADDRESSEES
    assert {p.name for p in parties if p.role == PartyRole.COPY_RECIPIENT} == ROUND2_COPIES
    letter = seed_entry.letter
    assert [str(s) for s in letter.signatories.all()] == ["Avdelingsdirektør KDD (e.f.)", "Saksbehandler KDD"]
    assert letter.case_officer.username == "kdd" and letter.approved_by.username == "kdd2"
    assert "Politisk forankring i fylkeskommunene" in letter.body
    assert seed_entry.linked_cases.count() == 5


@pytest.mark.parametrize("username, expected", [
    ("kdd", {"Trysil-regionen", "Smøla og Aure", "Vest-Telemark", "Nord-Troms", "Solund og Fedje", None}),
    ("trysil", {"Trysil-regionen"}),
    ("statsforvalter-innlandet", {"Trysil-regionen"}),
    ("smola", {"Smøla og Aure"}),
])
def test_case_list_per_role(client_for, username, expected):
    response = client_for(username).get(reverse("correspondence:cases"))
    assert response.status_code == 200
    shown = {c.pilot.name if c.pilot else None for c in response.context["cases"] if c.round.number == 2}
    assert shown == expected


def test_case_list_anonymous_is_sent_to_log_in(client_for):
    response = client_for(None).get(reverse("correspondence:cases"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_pilot_case_shows_round_letter_and_hides_other_pilots(client_for, demo, seed_entry):
    trysil_case = demo["pilots"]["Trysil-regionen"].case
    smola_case = demo["pilots"]["Smøla og Aure"].case
    page = client_for("trysil").get(trysil_case.get_absolute_url())
    assert page.status_code == 200 and seed_entry.reference in page.content.decode()
    assert client_for("trysil").get(smola_case.get_absolute_url()).status_code == 404
    assert client_for("statsforvalter-innlandet").get(smola_case.get_absolute_url()).status_code == 404
    assert client_for("trysil").get(seed_entry.get_absolute_url()).status_code == 200
    assert client_for("trysil").get(seed_entry.case.get_absolute_url()).status_code == 404  # the round case is KDD's


def test_internal_note_only_for_kdd(client_for):
    note = RegistryEntry.objects.get(source="demo:note")
    assert note.legal_basis == "Offl. § 14"
    assert client_for("kdd").get(note.get_absolute_url()).status_code == 200
    assert client_for("trysil").get(note.get_absolute_url()).status_code == 404


def test_download_and_checksum(client_for, seed_entry):
    obj = seed_entry.documents.get().document_objects.get()
    url = obj.get_absolute_url()
    assert "/download/" in url and url.endswith(".pdf")
    response = client_for("vinje").get(url)
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert hashlib.sha256(content).hexdigest() == obj.sha256
    question = RegistryEntry.objects.get(source="demo:question").documents.get().document_objects.get()
    assert client_for("vinje").get(question.get_absolute_url()).status_code == 404
    assert client_for("trysil").get(question.get_absolute_url()).status_code == 200
    assert client_for(None).get(question.get_absolute_url()).status_code == 404


def test_case_page_queries_do_not_grow(client_for, demo, django_assert_max_num_queries):
    client = client_for("kdd")
    case = Case.objects.get(round__number=2, pilot__isnull=True)
    with django_assert_max_num_queries(20):
        assert client.get(case.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("correspondence:cases")).status_code == 200


def test_api_cases_and_entries(api_client, demo, seed_entry):
    kdd = api_client("kdd")
    cases = kdd.get("/api/v1/cases/?round=2").json()
    assert cases["count"] == 6
    assert all("/" in c["number"] for c in cases["items"])
    trysil = demo["pilots"]["Trysil-regionen"]
    entries = kdd.get(f"/api/v1/registry-entries/?pilot={trysil.pk}").json()["items"]
    letter = next(e for e in entries if e["id"] == seed_entry.pk)
    assert len(letter["parties"]) == 14
    obj = seed_entry.documents.get().document_objects.get()
    assert letter["documents"][0]["files"][0]["sha256"] == obj.sha256
    assert letter["case"] == seed_entry.case.number and trysil.case.number in letter["linked_cases"]

    mine = api_client("trysil").get("/api/v1/cases/").json()
    assert [c["pilot"] for c in mine["items"]] == [trysil.pk]
    assert api_client(None).get("/api/v1/registry-entries/").json()["count"] == 0
    smola = demo["pilots"]["Smøla og Aure"]
    other = api_client("trysil").get(f"/api/v1/registry-entries/?pilot={smola.pk}").json()["items"]
    assert all(e["id"] == seed_entry.pk for e in other)  # only the round letter they also received
    assert api_client("trysil").get(f"/api/v1/registry-entries/{RegistryEntry.objects.get(source='demo:note').pk}").status_code == 404


def _version(agreement, user):
    from bygdevekst.agreements.domain.snapshot import freeze_version
    from bygdevekst.agreements.enums import VersionKind

    return freeze_version(agreement, VersionKind.PROPOSAL, user, label="Forslag")


def test_submitted_proposal_is_registered_as_incoming_entry(demo):
    from bygdevekst.agreements.models import Agreement
    from bygdevekst.core.signals import agreement_transitioned

    pilot = demo["pilots"]["Vest-Telemark"]
    version = _version(pilot.agreement, demo["users"]["vinje"])
    agreement_transitioned.send(sender=Agreement, agreement=pilot.agreement, action="submit", from_state="draft",
                                to_state="submitted", user=demo["users"]["vinje"], version=version)
    entry = RegistryEntry.objects.get(source=f"agreement-version:{version.pk}")
    assert entry.case == pilot.case and entry.entry_type == EntryType.INCOMING
    assert entry.parties.filter(role=PartyRole.SENDER, name="Vinje kommune").exists()
    assert entry.parties.filter(role=PartyRole.RECIPIENT, org_number="972417858").exists()
    obj = entry.documents.get().document_objects.get()
    assert obj.verify() and obj.read().startswith(b"%PDF")
    # the same signal again registers nothing twice
    agreement_transitioned.send(sender=Agreement, agreement=pilot.agreement, action="submit", from_state="draft",
                                to_state="submitted", user=demo["users"]["vinje"], version=version)
    assert RegistryEntry.objects.filter(source=f"agreement-version:{version.pk}").count() == 1


def test_a_proposal_submitted_after_midnight_in_oslo_is_dated_that_day_in_the_journal(demo):
    """The journal dates an entry by Norwegian time: a version frozen at 00:30 in Oslo (23:30 UTC the day before)
    is dated the day it was frozen in Oslo, not the UTC day before."""
    import datetime

    from bygdevekst.agreements.models import Agreement
    from bygdevekst.core.signals import agreement_transitioned

    pilot = demo["pilots"]["Vest-Telemark"]
    version = _version(pilot.agreement, demo["users"]["vinje"])
    version.created_at = datetime.datetime(2026, 12, 6, 23, 30, tzinfo=datetime.UTC)  # 00:30 on 7 December in Oslo
    agreement_transitioned.send(sender=Agreement, agreement=pilot.agreement, action="submit", from_state="draft",
                                to_state="submitted", user=demo["users"]["vinje"], version=version)
    entry = RegistryEntry.objects.get(source=f"agreement-version:{version.pk}")
    assert entry.document_date == entry.sent_received_date == datetime.date(2026, 12, 7)


def test_anchoring_minutes_are_registered(demo):
    from django.core.files.base import ContentFile

    from bygdevekst.core.signals import anchoring_decision_recorded

    pilot = demo["pilots"]["Nord-Troms"]
    minutes = ContentFile(b"%PDF-1.4 minutes", name="moetebok.pdf")
    decision = SimpleNamespace(pk=99123, organisation=pilot.lead_municipality, agreement=pilot.agreement,
                               meeting_date=None, decision_text="Kommunestyret slutter seg til forslaget.",
                               minutes=minutes)
    anchoring_decision_recorded.send(sender=object, decision=decision, user=demo["users"]["kafjord"])
    entry = RegistryEntry.objects.get(source="anchoring:99123")
    assert entry.entry_type == EntryType.INCOMING and entry.case == pilot.case
    obj = entry.documents.get().document_objects.get()
    assert obj.read() == b"%PDF-1.4 minutes" and obj.file_format == "PDF"
    assert obj.sha256 == hashlib.sha256(b"%PDF-1.4 minutes").hexdigest()


def test_published_response_is_registered_as_outgoing(demo):
    from bygdevekst.core.signals import response_published

    pilot = demo["pilots"]["Solund og Fedje"]
    response = SimpleNamespace(pk=88123, agreement=pilot.agreement, general="Staten viser til forslaget.",
                               items=SimpleNamespace(all=lambda: []))
    response_published.send(sender=object, response=response, user=demo["users"]["kdd"])
    entry = RegistryEntry.objects.get(source="response:88123")
    assert entry.entry_type == EntryType.OUTGOING
    assert entry.parties.filter(role=PartyRole.COPY_RECIPIENT, name="Statsforvaltaren i Vestland").exists()


def test_agreement_page_panel_links_the_case(client_for, demo, seed_entry):
    agreement = demo["pilots"]["Trysil-regionen"].agreement
    page = client_for("trysil").get(agreement.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    case = agreement.pilot.case
    assert case.number in html and case.get_absolute_url() in html
    from bygdevekst.correspondence.panels import case_panel

    request = SimpleNamespace(user=demo["users"]["smola"])
    assert case_panel(request, agreement) == ""
