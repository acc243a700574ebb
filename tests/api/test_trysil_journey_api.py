"""The Trysil journey through the API alone, with four bearer tokens: the project manager ("trysil"), the county
officer ("innlandet") and two KDD case officers ("kdd", "kdd2"). From the demo's draft to a signed agreement, and
on to where the web journey ends: the action plan (a measure, its status, a yearly report) and a letter. The
steps are in tests/api/journey.py (the webhook journey plays the same ones)."""

from bygdevekst.actionplans.models import MeasureStatusChange
from bygdevekst.audit.models import ActionLog
from bygdevekst.correspondence.models import Letter

from .journey import STEPS, Journey, in_order, walkthrough_requests


def test_trysil_from_draft_to_signed_agreement_and_its_follow_up_through_the_api(client, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    journey = Journey(client)
    results = {step.__name__: step(journey) for step in STEPS}

    final = journey.pm.get(journey.a)
    # R7: submitted today, after the demo round's proposal deadline, so late (a deadline alone decides).
    assert final["state"] == "approved" and final["late"] is True
    assert MeasureStatusChange.objects.filter(to_status="in_progress", note="Anbud ute").exists()
    sent = Letter.objects.get(pk=results["letter"]["id"])
    assert sent.state == "sent"

    # Every action was taken by a token's owner, in the journey's order, as the pages would log it.
    actors = set(ActionLog.objects.filter(agreement_id=journey.aid).values_list("actor__username", flat=True))
    assert {"trysil", "innlandet", "kdd", "kdd2"} <= actors
    order = [
        "agreement.submit",
        "agreement.response_published",
        "agreement.open_dialogue",
        "agreement.agree",
        "agreement.open_approval",
        "agreement.approve",
        "agreement.signed",
        "actionplan.measure_status_changed",
        "actionplan.report_submitted",
    ]
    logged = list(
        ActionLog.objects.filter(agreement_id=journey.aid, action__in=order)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert logged == order

    # docs/api.md's walk-through is this journey's requests, in the same order.
    documented = walkthrough_requests()
    assert len(documented) > 30 and in_order(documented, journey.calls) is None, in_order(documented, journey.calls)
