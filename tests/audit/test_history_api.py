"""The agreement's history through the API (`GET /api/v1/agreements/{id}/history`): the page's timeline in words,
in the caller's language, newest first; for the page's readers only."""

from django.contrib.auth import get_user_model
from django.utils import translation

from bygdevekst.audit.describe import describe
from bygdevekst.audit.models import ActionLog
from bygdevekst.process.domain.corrections import correct_decision
from bygdevekst.process.models import AnchoringDecision


def test_the_history_is_the_pages_sentences_in_the_callers_language(api_client, agreement_of, demo):
    trysil = agreement_of("Trysil-regionen")
    decision = AnchoringDecision.objects.filter(agreement=trysil).first()
    correct_decision(decision, demo["users"]["trysil"], "Feil saksnummer.", organisation=decision.organisation,
                     body=decision.body, approves_proposal=decision.approves_proposal,
                     gives_mandate=decision.gives_mandate, mandate_to=decision.mandate_to,
                     meeting_date=decision.meeting_date, case_number="PS 77/24", minutes=decision.minutes)
    get_user_model().objects.filter(username="kdd").update(language="nn")
    answer = api_client("kdd").get(f"/api/v1/agreements/{trysil.pk}/history?limit=500").json()
    newest = ActionLog.objects.filter(agreement=trysil).first()
    assert answer["count"] == ActionLog.objects.filter(agreement=trysil).count()
    first = answer["items"][0]
    assert first["id"] == newest.pk and first["action"] == "agreement.record_corrected"
    with translation.override("nn"):
        described = describe(newest)
    assert first["sentence"] == str(described.sentence)
    assert {"label": str(described.details[0][0]), "value": str(described.details[0][1])} in first["details"]
    assert any(d["value"] == "Feil saksnummer." for d in first["details"])


def test_only_the_agreements_readers_get_its_history(api_client, agreement_of):
    trysil = agreement_of("Trysil-regionen")
    url = f"/api/v1/agreements/{trysil.pk}/history"
    assert api_client("statsforvalter-innlandet").get(url).status_code == 200
    assert api_client("smola").get(url).status_code == 404  # another pilot's people are not told it exists
    assert api_client(None).get(url).status_code == 404  # nor is the public (a draft)
