import hashlib
import re
import subprocess

import pytest
from django.core import mail
from django.urls import reverse

from bygdevekst.core.failures import Failure
from bygdevekst.core.guards import Refused
from bygdevekst.core.shown import content_hash, shown_fields
from bygdevekst.correspondence.domain.letters import address_list, approve_and_send, letter_content
from bygdevekst.correspondence.enums import DeliveryStatus, LetterState, PartyRole
from bygdevekst.correspondence.models import Letter, RegistryEntry
from bygdevekst.correspondence.tasks import retry_deliveries

from .conftest import LONG_BODY, ROUND2_ADDRESSEES, ROUND2_COPIES
from .helpers import FAILING


def _pdf_tool(tool, path, *args):
    out = ["-"] if tool == "pdftotext" else []
    return subprocess.run(  # noqa: S603  fixed poppler tools on a file the test wrote
        [tool, *args, str(path), *out], capture_output=True, text=True, check=True
    ).stdout


def _letter_form(round2, **extra):
    return {
        "round": round2.pk, "pilot": "", "title": "Veien videre for pulje 2", "body": LONG_BODY, "body_nn": "",
        "their_reference": "", "case_officer": "", "case_officer_phone": "22 24 90 90",
        "signatory_1_name": "Avdelingsdirektør KDD", "signatory_1_title": "avdelingsdirektør",
        "signatory_1_on_behalf": "on", "signatory_2_name": "Saksbehandler KDD", "signatory_2_title": "utredningsleder",
        **extra,
    }


def test_R8_round_letter_as_kdd_approved_by_kdd2(client_for, demo, round2, tmp_path):
    """The issue's 'done when': kdd writes to all round-2 pilots, kdd2 approves; one PDF/A letter with nine
    addressees and five copies, fourteen e-mails, one registry entry with fourteen parties, visible from
    every pilot's case."""
    kdd, kdd2 = client_for("kdd"), client_for("kdd2")
    form = _letter_form(round2, case_officer=demo["users"]["kdd"].pk)
    response = kdd.post(reverse("correspondence:letter_new"), form)
    assert response.status_code == 302
    letter = Letter.objects.get(title="Veien videre for pulje 2")
    assert letter.state == LetterState.DRAFT
    mail.outbox.clear()

    asked = kdd2.post(reverse("correspondence:letter_approve", args=[letter.pk]), shown_form(letter))
    assert asked.status_code == 200 and 'name="confirm" value="1"' in asked.content.decode()  # sending asks first
    letter.refresh_from_db()
    assert letter.state == LetterState.DRAFT and not mail.outbox
    response = kdd2.post(reverse("correspondence:letter_approve", args=[letter.pk]), {**shown_form(letter), "confirm": "1"})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.state == LetterState.SENT and letter.approved_by == demo["users"]["kdd2"]

    entry = letter.registry_entry
    parties = list(entry.parties.all())
    assert len(parties) == 14
    assert {p.name for p in parties if p.role == PartyRole.RECIPIENT} == ROUND2_ADDRESSEES
    assert {p.name for p in parties if p.role == PartyRole.COPY_RECIPIENT} == ROUND2_COPIES
    documents = [o for d in entry.documents.all() for o in d.document_objects.all()]
    assert len(documents) == 1
    pdf = documents[0]
    assert hashlib.sha256(pdf.read()).hexdigest() == pdf.sha256 and pdf.verify()

    assert len(mail.outbox) == 14
    addresses = sorted(m.to[0] for m in mail.outbox)
    assert len(set(addresses)) == 14
    assert all(m.attachments[0][1] == pdf.read() for m in mail.outbox)
    assert all(d.status == DeliveryStatus.SENT for d in letter.deliveries.all())

    for pilot in demo["pilots"].values():
        if pilot.round_id != round2.pk:
            continue
        assert entry.linked_cases.filter(pilot=pilot).exists()
        page = kdd.get(pilot.case.get_absolute_url())
        assert entry.reference in page.content.decode()

    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf.read())
    meta = _pdf_tool("pdfinfo", path, "-meta")
    assert re.search(r"pdfaid:part(>|=\")3", meta) and re.search(r"pdfaid:conformance(>|=\")B", meta), meta
    fonts = _pdf_tool("pdffonts", path).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # the "emb" column
    assert any("DejaVu" in line for line in fonts)
    text = _pdf_tool("pdftotext", path, "-layout")
    for expected in ("æ, ø og å", "Gáivuotna - Kåfjord - Kaivuono kommune", "Side 2", "Med hilsen",
                     "Avdelingsdirektør KDD (e.f.)", "elektronisk godkjent og har derfor ikke håndskrevne signaturer",
                     "Kopi", "Adresseliste", "9148 OLDERDALEN", "Statsforvaltaren i Møre og Romsdal",
                     f"{entry.reference}", "972 417 858", "Regionalpolitisk avdeling", "22 24 90 90"):
        assert expected in text, expected
    assert "Møre og Romsdal fylkeskommune" not in text
    assert "2325 HAMAR" in text and "6924 HARDBAKKE" in text  # postal places in capitals, as printed
    first_page = _pdf_tool("pdftotext", path, "-f", "1", "-l", "1")
    assert "Side" not in first_page and "Ifølge adresseliste" in first_page and "Org.nr." in first_page
    assert "Side 2" in _pdf_tool("pdftotext", path, "-f", "2", "-l", "2")
    assert text.index("Med hilsen") < text.index("Kopi") < text.index("Adresseliste")


def test_R8_address_list_round2(round2):
    recipients, copies = address_list(round2)
    assert {o.name for o in recipients} == ROUND2_ADDRESSEES
    assert {o.name for o in copies} == ROUND2_COPIES
    assert [o.name for o in recipients] == sorted(o.name for o in recipients)


def test_R8_letter_to_one_pilot_is_addressed_to_it_alone(demo, round2):
    smola, trysil = demo["pilots"]["Smøla og Aure"], demo["pilots"]["Trysil-regionen"]
    recipients, copies = address_list(round2, smola)
    assert [o.name for o in recipients] == ["Smøla kommune"]  # the county council is not a party
    assert [o.name for o in copies] == ["Statsforvaltaren i Møre og Romsdal"]
    recipients, copies = address_list(round2, trysil)
    assert {o.name for o in recipients} == {"Trysil kommune", "Innlandet fylkeskommune"}
    assert [o.name for o in copies] == ["Statsforvalteren i Innlandet"]


def test_pilot_letter_lives_in_the_pilot_case(demo, make_letter, tmp_path):
    trysil = demo["pilots"]["Trysil-regionen"]
    letter = make_letter(pilot=trysil)
    mail.outbox.clear()
    approve_and_send(letter, demo["users"]["kdd2"], shown_sha256=content_hash(letter_content(letter)))
    letter.refresh_from_db()
    assert letter.registry_entry.case == trysil.case
    assert letter.registry_entry.parties.count() == 3
    assert len(mail.outbox) == 3
    path = tmp_path / "one.pdf"
    path.write_bytes(letter.registry_entry.documents.get().document_objects.get().read())
    text = _pdf_tool("pdftotext", path)
    assert "Adresseliste" in text and "Trysil kommune" in text


def test_four_eyes_author_cannot_approve(client_for, demo, make_letter):
    letter = make_letter(author="kdd")
    mail.outbox.clear()
    response = client_for("kdd").post(reverse("correspondence:letter_approve", args=[letter.pk]))
    assert response.status_code == 403
    letter.refresh_from_db()
    assert letter.state == LetterState.DRAFT and letter.registry_entry is None and not mail.outbox
    with pytest.raises(Refused) as err:
        approve_and_send(letter, demo["users"]["kdd"], shown_sha256=content_hash(letter_content(letter)))
    assert "fire øyne" in str(err.value)
    page = client_for("kdd").get(letter.get_absolute_url()).content.decode()
    assert "Godkjenn og send" not in page and "fire øyne" in page
    assert "Godkjenn og send" in client_for("kdd2").get(letter.get_absolute_url()).content.decode()


def test_sent_letter_cannot_be_approved_again(client_for, demo, make_letter):
    letter = make_letter()
    approve_and_send(letter, demo["users"]["kdd2"], shown_sha256=content_hash(letter_content(letter)))
    assert client_for("kdd2").post(reverse("correspondence:letter_approve", args=[letter.pk])).status_code == 403
    # the administrator too: the table's guard refuses, and the 403 page names it in the user's language
    response = client_for("admin").post(reverse("correspondence:letter_approve", args=[letter.pk]))
    assert response.status_code == 403
    assert "Brevet er allerede godkjent og sendt." in response.content.decode()
    assert RegistryEntry.objects.filter(source=f"letter:{letter.pk}").count() == 1


@pytest.mark.parametrize("username", ["trysil", "statsforvalter-innlandet", "innlandet", None])
def test_letters_are_kdd_only(client_for, make_letter, username):
    letter = make_letter()
    client = client_for(username)
    for response in (client.get(reverse("correspondence:letters")), client.get(reverse("correspondence:letter_new"))):
        if username is None:  # the letters list and the new-letter form send anonymous users to log in
            assert response.status_code == 302
            assert response["Location"].startswith("/accounts/login/")
        else:
            assert response.status_code == 404
    assert client.get(letter.get_absolute_url()).status_code == 404
    assert client.post(reverse("correspondence:letter_approve", args=[letter.pk])).status_code == 404
    assert client.get(reverse("correspondence:letter_edit", args=[letter.pk])).status_code == 404
    assert client.get(reverse("correspondence:letter_preview", args=[letter.pk])).status_code == 404
    letter.refresh_from_db()
    assert letter.is_draft


def test_letter_pages_queries_do_not_grow(client_for, demo, make_letter, django_assert_max_num_queries):
    letter = make_letter()
    approve_and_send(letter, demo["users"]["kdd2"], shown_sha256=content_hash(letter_content(letter)))
    client = client_for("kdd")
    with django_assert_max_num_queries(25):
        assert client.get(letter.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(reverse("correspondence:letters")).status_code == 200


def test_letter_form_bad_input_saves_nothing(client_for, round2, demo):
    before = Letter.objects.count()
    form = _letter_form(round2, title="", signatory_1_title="", case_officer=demo["users"]["kdd"].pk)
    response = client_for("kdd").post(reverse("correspondence:letter_new"), form)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="error-summary"' in page and 'href="#id_title"' in page
    assert Letter.objects.count() == before


def test_letter_form_pilot_must_be_in_round(client_for, demo):
    round1_pilot = next(p for p in demo["pilots"].values() if p.round.number == 1)
    round2 = demo["pilots"]["Trysil-regionen"].round
    form = _letter_form(round2, pilot=round1_pilot.pk, case_officer=demo["users"]["kdd"].pk)
    response = client_for("kdd").post(reverse("correspondence:letter_new"), form)
    assert response.status_code == 400 and "er ikke med i" in response.content.decode()


def test_recipients_can_be_changed_before_approval(client_for, demo, make_letter):
    letter = make_letter(pilot=demo["pilots"]["Trysil-regionen"])
    trysil_kommune = letter.recipients.get(organisation__name="Trysil kommune").organisation
    copy = letter.recipients.get(role=PartyRole.COPY_RECIPIENT).organisation
    url = reverse("correspondence:letter_edit", args=[letter.pk])
    client = client_for("kdd")
    assert client.get(url).status_code == 200
    response = client.post(url, {"lock_version": letter.lock_version, "recipients": [trysil_kommune.pk],
                                 "copies": [copy.pk]})
    assert response.status_code == 302
    assert [r.organisation for r in letter.recipients.filter(role=PartyRole.RECIPIENT)] == [trysil_kommune]
    # a stale form is refused and changes nothing
    response = client.post(url, {"lock_version": letter.lock_version, "recipients": [copy.pk], "copies": []})
    assert response.status_code == 409 and "Noen andre har endret mottakerne i mellomtiden" in response.content.decode()
    assert [r.organisation for r in letter.recipients.filter(role=PartyRole.RECIPIENT)] == [trysil_kommune]
    # bad input: the same organisation twice
    letter.refresh_from_db()
    response = client.post(url, {"lock_version": letter.lock_version, "recipients": [copy.pk], "copies": [copy.pk]})
    assert response.status_code == 400 and 'class="error-summary"' in response.content.decode()
    # the reader cannot change recipients of a sent letter
    approve_and_send(letter, demo["users"]["kdd2"], shown_sha256=content_hash(letter_content(letter)))
    assert client.get(url).status_code == 403


def test_nynorsk_text_gives_one_document_per_written_standard(demo, make_letter, tmp_path):
    from bygdevekst.organisations.models import Organisation

    nynorsk = set(Organisation.objects.filter(written_standard="nn").values_list("pk", flat=True))
    letter = make_letter(body_nn="Vi viser til møtet. Med dette brevet vil departementet informere dykk.")
    approve_and_send(letter, demo["users"]["kdd2"], shown_sha256=content_hash(letter_content(letter)))
    letter.refresh_from_db()
    docs = {d.written_standard: d.document_objects.get() for d in letter.registry_entry.documents.all()}
    assert set(docs) == {"nb", "nn"}
    deliveries = list(letter.deliveries.all())
    assert any(d.organisation_id in nynorsk for d in deliveries), "the demo has Nynorsk recipients"
    for delivery in deliveries:
        expected = "nn" if delivery.organisation_id in nynorsk else "nb"
        assert delivery.document == docs[expected]
    path = tmp_path / "nn.pdf"
    path.write_bytes(docs["nn"].read())
    text = _pdf_tool("pdftotext", path)
    assert "Med helsing" in text and "Dykkar ref." in text and "informere dykk" in text


def test_delivery_failure_is_recorded_and_retried(settings, demo, make_letter):
    """A mail server that is down loses nothing: the letter is registered, deliveries wait, a retry sends."""
    settings.EMAIL_BACKEND = FAILING
    letter = make_letter()
    mail.outbox.clear()
    approve_and_send(letter, demo["users"]["kdd2"], shown_sha256=content_hash(letter_content(letter)))
    letter.refresh_from_db()
    assert letter.state == LetterState.SENT and letter.registry_entry.parties.count() == 14
    deliveries = list(letter.deliveries.all())
    assert len(deliveries) == 14
    assert all(d.status == DeliveryStatus.FAILED and d.attempts == 1 for d in deliveries)
    assert deliveries[0].failure == Failure.UNREACHABLE
    assert "SMTPServerDisconnected" in deliveries[0].last_error  # the technical text, for the operators
    assert not mail.outbox

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert retry_deliveries() >= 14
    assert all(d.status == DeliveryStatus.SENT and d.attempts == 2 for d in letter.deliveries.all())
    assert len(mail.outbox) == 14
    retry_deliveries()
    assert len(mail.outbox) == 14  # nothing is sent twice


def test_deliveries_give_up_after_max_attempts(settings, demo, make_letter):
    from bygdevekst.correspondence.tasks import MAX_ATTEMPTS, attempt_delivery

    settings.EMAIL_BACKEND = FAILING
    letter = make_letter(pilot=demo["pilots"]["Smøla og Aure"])
    approve_and_send(letter, demo["users"]["kdd2"], shown_sha256=content_hash(letter_content(letter)))
    delivery = letter.deliveries.first()
    for _ in range(MAX_ATTEMPTS):
        attempt_delivery(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.GAVE_UP and delivery.attempts == MAX_ATTEMPTS


def test_pluggable_transport(settings, demo, make_letter):
    settings.LETTER_TRANSPORTS = [
        "tests.correspondence.test_letters.DigitalPost", "bygdevekst.correspondence.transports.EmailTransport",
    ]
    DigitalPost.sent.clear()
    mail.outbox.clear()
    letter = make_letter(pilot=demo["pilots"]["Trysil-regionen"])
    approve_and_send(letter, demo["users"]["kdd2"], shown_sha256=content_hash(letter_content(letter)))
    assert {d.transport for d in letter.deliveries.all()} == {"digital_post", "email"}
    assert len(DigitalPost.sent) == 1
    assert len(mail.outbox) == 2


class DigitalPost:
    """A stand-in for a SvarUt/eFormidling transport: it reaches municipalities only."""

    name = "digital_post"
    sent = []

    def address_for(self, organisation):
        return f"svarut:{organisation.municipality_number}" if organisation.kind == "municipality" else ""

    def send(self, delivery, letter, content, filename):
        assert content.startswith(b"%PDF")
        DigitalPost.sent.append(delivery.address)


def test_preview_pdf(client_for, make_letter):
    letter = make_letter()
    response = client_for("kdd").get(reverse("correspondence:letter_preview", args=[letter.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_sending_runs_outside_the_request_in_the_database_worker(settings, client_for, demo, make_letter):
    """With the database task backend (as in `make run`), approval only queues; the worker sends."""
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # django-tasks resets on change
    letter = make_letter(pilot=demo["pilots"]["Trysil-regionen"])
    mail.outbox.clear()
    response = client_for("kdd2").post(reverse("correspondence:letter_approve", args=[letter.pk]),
                                       {**shown_form(letter), "confirm": "1"})
    assert response.status_code == 302
    assert not mail.outbox
    assert {d.status for d in letter.deliveries.all()} == {DeliveryStatus.PENDING}
    # The worker closes its database connection between batches; here that connection holds the test's
    # transaction (PostgreSQL then reports "the connection is closed"), so keep it open for the call.
    import signal
    from unittest import mock

    from django.db import connection

    # The worker installs its own SIGINT/SIGTERM handlers (a graceful stop); put the test process's back,
    # or a later signal would end whatever test is running then with the worker's SystemExit.
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        with mock.patch.object(connection, "close"):
            call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    assert len(mail.outbox) == 3
    assert {d.status for d in letter.deliveries.all()} == {DeliveryStatus.SENT}


def test_letter_form_preselects_the_active_round_and_lists_only_its_pilots(client_for):
    from bygdevekst.programme.models import Pilot, Round

    active = Round.objects.get(status="active")
    other = Round.objects.exclude(pk=active.pk).first()
    response = client_for("kdd").get(reverse("correspondence:letter_new"))
    form = response.context["form"]
    assert form.initial["round"] == active.pk
    assert set(form.fields["pilot"].queryset) == set(Pilot.objects.filter(round=active))
    page = response.content.decode()
    rounds_select = re.search(r'<select name="round".*?</select>', page, re.S).group(0)
    pilots_select = re.search(r'<select name="pilot".*?</select>', page, re.S).group(0)
    assert f'<option value="{active.pk}" selected>' in rounds_select
    offered = set(re.findall(r'<option value="(\d+)"', pilots_select))
    assert offered == {str(p.pk) for p in Pilot.objects.filter(round=active)}
    # Another round on request: its pilots, and none of the active round's.
    response = client_for("kdd").get(reverse("correspondence:letter_new"), {"round": other.pk})
    assert set(response.context["form"].fields["pilot"].queryset) == set(Pilot.objects.filter(round=other))


def shown_form(letter):
    """The approve form's hidden fields, as the letter page renders them."""
    fields = shown_fields(letter_content(letter))
    return {"shown_sha256": fields["sha256"], "shown_content": fields["content"]}


def test_a_letter_whose_registered_file_changed_is_not_delivered(settings, tmp_path, demo, make_letter):
    """Deliveries send the registered bytes or nothing: a letter PDF changed on disk after registration fails its
    deliveries with the integrity error (retried, shown on the letter), and no recipient gets the changed file."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = FAILING  # the first attempt fails, so the deliveries wait
    letter = make_letter(pilot=demo["pilots"]["Smøla og Aure"])
    approve_and_send(letter, demo["users"]["kdd2"], shown_sha256=content_hash(letter_content(letter)))
    delivery = letter.deliveries.select_related("document").first()
    path = tmp_path / "media" / delivery.document.file.name
    path.write_bytes(path.read_bytes() + b"% forged\n")

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    retry_deliveries()
    assert not mail.outbox
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 2
    assert delivery.failure == Failure.INTEGRITY
    assert "IntegrityBroken" in delivery.last_error and delivery.document.sha256 in delivery.last_error
