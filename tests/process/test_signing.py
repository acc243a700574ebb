"""Signing goes through one domain function that checks its guard under a lock: a second submit of the
signature page (a double click, or a stale tab) records nothing more."""

import datetime

import pytest
from django.utils import translation

from bygdevekst.audit.models import ActionLog
from bygdevekst.core.guards import Refused
from bygdevekst.process.domain.signing import record_signing
from bygdevekst.process.models import Signing


def test_a_second_signing_of_the_same_agreement_is_refused_and_writes_nothing(demo):
    agreement = demo["pilots"]["Nord-Troms"].agreement
    Signing.objects.filter(agreement=agreement).delete()
    kdd = demo["users"]["kdd"]
    signatories = [(p.organisation, f"Signatar {i}", "") for i, p in
                   enumerate(agreement.parties.filter(role="main_party").select_related("organisation"))]
    stale = type(agreement).objects.get(pk=agreement.pk)  # what a second tab loaded before the first saved
    record_signing(agreement, datetime.date(2025, 5, 6), signatories, kdd)
    logged = ActionLog.objects.filter(action="agreement.signed", agreement=agreement).count()
    with pytest.raises(Refused) as refused:
        record_signing(stale, datetime.date(2025, 5, 7), signatories, kdd)
    with translation.override("en"):  # the reasons are told in the language of whoever reads them
        assert refused.value.reasons == ["Only an approved agreement that is not yet signed can be signed."]
    assert Signing.objects.filter(agreement=agreement).count() == 1
    assert ActionLog.objects.filter(action="agreement.signed", agreement=agreement).count() == logged


def test_the_signed_copy_goes_into_the_case_log_under_a_clean_name(demo, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from bygdevekst.correspondence.models import DocumentObject, RegistryEntry
    from tests.pdfs import tiny_pdf

    agreement = demo["pilots"]["Nord-Troms"].agreement
    Signing.objects.filter(agreement=agreement).delete()
    signatories = [(p.organisation, "Signatar", "") for p in agreement.parties.filter(role="main_party")]
    # An upload the storage renames (p.pdf → p_<random>.pdf when p.pdf exists): nobody should see that name.
    for _ in range(2):
        Signing.objects.filter(agreement=agreement).delete()
        signing = record_signing(agreement, datetime.date(2025, 5, 6), signatories, demo["users"]["kdd"],
                                 signed_copy=SimpleUploadedFile("p.pdf", tiny_pdf("Signert"), "application/pdf"))
    entry = RegistryEntry.objects.get(source=f"signing:{signing.pk}")
    filenames = list(DocumentObject.objects.filter(description__entry=entry).values_list("filename", flat=True))
    assert filenames == ["signert-avtale-nord-troms-2025-05-06.pdf"]
    response = client_for("kdd").get(f"/process/agreements/{agreement.pk}/signed.pdf")
    assert 'filename="signert-avtale-nord-troms-2025-05-06.pdf"' in response["Content-Disposition"]
