import pytest
from django.db import IntegrityError, transaction

from bygdevekst.core.guards import Refused
from bygdevekst.core.shown import content_hash, shown_fields
from bygdevekst.process.domain.response import approve_response, publish_response, response_content, save_response
from bygdevekst.process.models import PublishedResponseError, ResponseItem, StateResponse


def _draft(agreement_of, demo, author="kdd"):
    solund = agreement_of("Solund og Fedje")
    sub_goal = solund.sub_goals.first()
    return solund, save_response(solund, demo["users"][author], "Generell del.",
                                 [(str(sub_goal.uid), sub_goal.title, "needs_dialogue", "Må drøftes.")])


def test_four_eyes_author_cannot_approve_own_response(agreement_of, demo):
    _solund, response = _draft(agreement_of, demo)
    with pytest.raises(Refused):
        approve_response(response, demo["users"]["kdd"], shown_sha256=content_hash(response_content(response)))
    response.refresh_from_db()
    assert response.state == "draft" and response.approved_by is None
    with pytest.raises(IntegrityError), transaction.atomic():
        StateResponse.objects.filter(pk=response.pk).update(approved_by=demo["users"]["kdd"], state="approved")


def test_four_eyes_via_pages(client_for, agreement_of, demo):
    _solund, response = _draft(agreement_of, demo)
    page = client_for("kdd").get(f"/process/responses/{response.pk}/")
    assert page.status_code == 200 and b"/approve/" not in page.content
    client_for("kdd").post(f"/process/responses/{response.pk}/approve/")
    response.refresh_from_db()
    assert response.state == "draft"
    client_for("kdd2").post(f"/process/responses/{response.pk}/approve/", shown_form(response_content(response)))
    response.refresh_from_db()
    assert response.state == "approved" and response.approved_by.username == "kdd2"
    client_for("kdd").post(f"/process/responses/{response.pk}/publish/", {"confirm": "1"})
    response.refresh_from_db()
    assert response.state == "published"
    solund = agreement_of("Solund og Fedje")
    assert solund.state == "responded"


def test_unapproved_response_cannot_be_published(agreement_of, demo):
    solund, response = _draft(agreement_of, demo)
    with pytest.raises(Refused):
        publish_response(response, demo["users"]["kdd2"])
    solund.refresh_from_db()
    assert solund.state == "submitted"


def test_published_response_is_immutable(agreement_of, demo):
    response = StateResponse.objects.get(agreement=agreement_of("Vest-Telemark"))
    response.general = "Endret"
    with pytest.raises(PublishedResponseError):
        response.save()
    with pytest.raises(PublishedResponseError):
        response.delete()
    with pytest.raises(PublishedResponseError):
        StateResponse.objects.filter(pk=response.pk).update(general="Endret")
    item = response.items.first()
    item.text = "Endret"
    with pytest.raises(PublishedResponseError):
        item.save()
    with pytest.raises(PublishedResponseError):
        ResponseItem.objects.filter(pk=item.pk).update(text="Endret")
    with pytest.raises(PublishedResponseError):
        item.delete()
    assert StateResponse.objects.get(pk=response.pk).general != "Endret"


def test_write_response_page(client_for, agreement_of):
    solund = agreement_of("Solund og Fedje")
    assert client_for("kdd").get(f"/process/agreements/{solund.pk}/response/").status_code == 200
    assert client_for("solund").get(f"/process/agreements/{solund.pk}/response/").status_code == 403
    assert client_for("trysil").get(f"/process/agreements/{solund.pk}/response/").status_code == 404
    sub_goal = solund.sub_goals.first()
    # Bad input: "needs dialogue" without an explanation; nothing saved.
    page = client_for("kdd").post(f"/process/agreements/{solund.pk}/response/",
                                  {"general": "Generelt", f"d_{sub_goal.uid}": "needs_dialogue", f"t_{sub_goal.uid}": ""})
    assert page.status_code == 200 and b"error-summary" in page.content
    assert not StateResponse.objects.filter(agreement=solund).exists()
    page = client_for("kdd").post(f"/process/agreements/{solund.pk}/response/",
                                  {"general": "Generelt", f"d_{sub_goal.uid}": "needs_dialogue", f"t_{sub_goal.uid}": "Drøft"})
    assert page.status_code == 302
    response = StateResponse.objects.get(agreement=solund)
    assert response.items.get().disposition == "needs_dialogue"


def test_response_optimistic_lock(client_for, agreement_of, demo):
    solund, response = _draft(agreement_of, demo)
    sub_goal = solund.sub_goals.first()
    page = client_for("kdd").post(f"/process/agreements/{solund.pk}/response/", {
        "general": "Min tekst", "lock_version": response.lock_version - 1 if response.lock_version > 1 else 0,
        f"d_{sub_goal.uid}": "agreed", f"t_{sub_goal.uid}": ""})
    assert page.status_code == 200 and b"Min tekst" in page.content
    response.refresh_from_db()
    assert response.general == "Generell del."


def shown_form(content):
    """The approve form's hidden fields, as the page renders them for `content`."""
    fields = shown_fields(content)
    return {"shown_sha256": fields["sha256"], "shown_content": fields["content"]}
