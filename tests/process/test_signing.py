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
