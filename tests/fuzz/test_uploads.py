"""Bad uploads on the three upload forms: each refused with a clear Norwegian message, nothing changed.

Complements tests/process/test_pages.py (a fake PDF, the size limit) and tests/actionplans (a bad row)
with the full set per form: oversize, not a PDF/workbook by content, truncated, empty, wrong header.
"""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bygdevekst.organisations.models import Organisation
from bygdevekst.process.models import AnchoringDecision, Signing
from tests.fuzz.junk import OVERSIZE_LIMIT, UPLOADS
from tests.fuzz.test_forms import fingerprint
from tests.pdfs import tiny_pdf

PDF_CASES = ["oversize pdf", "text named .pdf", "truncated pdf", "empty", "exe named .xlsx"]
XLSX_CASES = ["zip that is not xlsx", "xlsx with wrong header", "truncated xlsx", "empty", "text named .pdf"]


def upload(kind, name):
    content = UPLOADS[kind][1]
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


NORWEGIAN = re.compile(r"[Ff]ilen|[Ff]ila|regnearket|PDF-fil|PDF-dokument|[Aa]rbeidsboka|[Aa]rbeidsboken|påkrevd|arkfane|kolonne|rad ")
ENGLISH = re.compile(r"The file|file is|too large|too big|not a PDF|This field|sheet|column|row \d")


def assert_refused_in_norwegian(response, before):
    assert response.status_code in (200, 400, 422)
    body = response.content.decode()
    assert "error-summary" in body
    errors = " ".join(re.findall(r'class="error-summary"(.*?)</div>', body, re.S))
    assert NORWEGIAN.search(errors), errors
    assert not ENGLISH.search(errors), errors
    assert fingerprint() == before


def test_oversize_fixture_is_really_oversize():
    assert len(UPLOADS["oversize pdf"][1]) > OVERSIZE_LIMIT


@pytest.mark.parametrize("kind", PDF_CASES)
def test_anchoring_minutes_bad_pdf_is_refused_and_changes_nothing(client_for, demo, kind):
    trysil = demo["pilots"]["Trysil-regionen"].agreement
    valer = Organisation.objects.get(municipality_number="3419")
    client = client_for("trysil")  # logging in is audited: before the fingerprint
    before = fingerprint()
    response = client.post(reverse("process:record_decision", args=[trysil.pk]), {
        "organisation": valer.pk, "body": "kommunestyre", "approves_proposal": "on", "meeting_date": "2024-11-28",
        "minutes": upload(kind, "protokoll.pdf"),
    }, HTTP_ACCEPT_LANGUAGE="nb")
    assert_refused_in_norwegian(response, before)
    assert not AnchoringDecision.objects.filter(agreement=trysil, organisation=valer, meeting_date="2024-11-28").exists()


@pytest.mark.parametrize("kind", PDF_CASES)
def test_signed_copy_bad_pdf_is_refused_and_changes_nothing(client_for, demo, kind):
    nord = demo["pilots"]["Nord-Troms"].agreement
    Signing.objects.filter(agreement=nord).delete()
    data = {"signed_on": "2025-05-06", "signed_copy": upload(kind, "signert.pdf")}
    for party in nord.parties.filter(role="main_party").select_related("organisation"):
        data[f"s_{party.organisation_id}"] = f"Ordfører {party.organisation.name}"
    client = client_for("kdd")
    before = fingerprint()
    response = client.post(reverse("process:sign", args=[nord.pk]), data, HTTP_ACCEPT_LANGUAGE="nb")
    assert_refused_in_norwegian(response, before)
    assert not Signing.objects.filter(agreement=nord).exists()


def test_signed_copy_accepts_a_real_pdf(client_for, demo):
    """The control: the same body with a valid PDF is accepted (so the refusals above are about the file)."""
    nord = demo["pilots"]["Nord-Troms"].agreement
    Signing.objects.filter(agreement=nord).delete()
    data = {"signed_on": "2025-05-06",
            "signed_copy": SimpleUploadedFile("signert.pdf", tiny_pdf("Signert"), content_type="application/pdf")}
    for party in nord.parties.filter(role="main_party").select_related("organisation"):
        data[f"s_{party.organisation_id}"] = f"Ordfører {party.organisation.name}"
    assert client_for("kdd").post(reverse("process:sign", args=[nord.pk]), data).status_code == 302


@pytest.mark.parametrize("kind", [*XLSX_CASES, "oversize pdf"])
def test_action_plan_import_bad_file_is_refused_and_changes_nothing(client_for, demo, kind):
    trysil = demo["pilots"]["Trysil-regionen"].agreement
    client = client_for("trysil")
    before = fingerprint()
    response = client.post(reverse("actionplans:import", args=[trysil.pk]),
                                         {"file": upload(kind, "plan.xlsx")}, HTTP_ACCEPT_LANGUAGE="nb")
    assert_refused_in_norwegian(response, before)
