"""R10: the approval of KDD's response is bound to the content the approver was shown."""

import pytest

from bygdevekst.audit.models import ActionLog
from bygdevekst.core.shown import ContentChanged, content_hash
from bygdevekst.process.domain.response import approve_response, response_content, save_response

from ..core.shown_form import shown_form_of


def _draft(agreement_of, demo):
    solund = agreement_of("Solund og Fedje")
    sub_goal = solund.sub_goals.first()
    return save_response(solund, demo["users"]["kdd"], "Departementet støtter forslaget.",
                         [(str(sub_goal.uid), sub_goal.title, "needs_dialogue", "Må drøftes.")])


def test_R10_response_edited_after_the_approver_opened_it_is_refused_and_the_change_shown(client_for, agreement_of,
                                                                                          demo):
    response = _draft(agreement_of, demo)
    kdd2 = client_for("kdd2")
    shown = shown_form_of(kdd2.get(f"/process/responses/{response.pk}/").content.decode())
    # the author changes the text while the approver reads it
    item = response.items.get()
    save_response(response.agreement, demo["users"]["kdd"], "Departementet avviser forslaget.",
                  [(str(item.target_uid), item.target_title, "needs_dialogue", "Må drøftes.")], response=response)
    refused = kdd2.post(f"/process/responses/{response.pk}/approve/", shown)
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "avviser" in page and "støtter" in page and 'id="content-changed"' in page
    response.refresh_from_db()
    assert response.state == "draft" and response.approved_by is None
    # approving what is now shown works, and the log keeps the hash that was approved
    shown_again = shown_form_of(page)
    assert kdd2.post(f"/process/responses/{response.pk}/approve/", shown_again).status_code == 302
    response.refresh_from_db()
    assert response.state == "approved"
    log = ActionLog.objects.filter(action="agreement.response_approved", object_id=str(response.pk)).latest("pk")
    assert log.data["content_sha256"] == shown_again["shown_sha256"] == content_hash(response_content(response))


def test_R10_domain_refuses_a_hash_of_other_content(agreement_of, demo):
    response = _draft(agreement_of, demo)
    with pytest.raises(ContentChanged) as refused:
        approve_response(response, demo["users"]["kdd2"], shown_sha256="0" * 64)
    assert refused.value.status == 409 and refused.value.changes == []  # the shown content is unknown
    response.refresh_from_db()
    assert response.state == "draft"


def test_R10_forged_shown_content_does_not_pass_as_the_approved_one(agreement_of, demo):
    response = _draft(agreement_of, demo)
    old = response_content(response)
    forged = {**old, "general": "Noe helt annet."}
    with pytest.raises(ContentChanged):
        # the hash is of what was shown; the content sent with it must hash to it, or it is ignored
        approve_response(response, demo["users"]["kdd2"], shown_sha256=content_hash(forged),
                         shown_content='{"general":"x"}')
    assert approve_response(response, demo["users"]["kdd2"], shown_sha256=content_hash(old)).state == "approved"


def test_R10_api_approve_takes_the_hash_and_answers_409_with_the_changes(api_client, agreement_of, demo):
    response = _draft(agreement_of, demo)
    base = f"/api/v1/agreements/{response.agreement_id}/responses/{response.pk}"
    shown = api_client("kdd2").get(base).json()
    assert shown["content_sha256"] == content_hash(response_content(response))
    item = response.items.get()
    save_response(response.agreement, demo["users"]["kdd"], "Endret tekst.",
                  [(str(item.target_uid), item.target_title, "needs_dialogue", "Må drøftes.")], response=response)
    refused = api_client("kdd2").post(f"{base}/approve", {"shown_sha256": shown["content_sha256"]},
                                      content_type="application/json")
    assert refused.status_code == 409
    body = refused.json()
    assert body["reasons"] and body["current_sha256"] == content_hash(response_content(response))
    ok = api_client("kdd2").post(f"{base}/approve", {"shown_sha256": body["current_sha256"]},
                                 content_type="application/json")
    assert ok.status_code == 200 and ok.json()["state"] == "approved"
    # a body without the hash does not match the schema: 422, not a refusal
    assert api_client("kdd2").post(f"{base}/approve", {}, content_type="application/json").status_code == 422
