"""The permission table decides for everyone, the administrator too; a refused guard is named on the 403
page in the user's language; error pages are the service's own, never Django's English defaults."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from bygdevekst.access.permissions import refusal_reason
from bygdevekst.agreements.enums import CommitmentKind
from bygdevekst.agreements.models import Commitment
from bygdevekst.core.shown import content_hash
from bygdevekst.correspondence.domain.letters import approve_and_send, compose, letter_content
from bygdevekst.process.models import CountyCommitmentConfirmation


@pytest.fixture
def sent_letter(demo):
    from bygdevekst.programme.models import Round

    letter = compose(
        round_=Round.objects.get(number=2), pilot=None, author=demo["users"]["kdd"], title="Brev", body="Tekst.",
        body_nn="", their_reference="", signatories=[("Avdelingsdirektør KDD", "avdelingsdirektør", True)],
    )
    approve_and_send(letter, demo["users"]["kdd2"], shown_sha256=content_hash(letter_content(letter)))
    letter.refresh_from_db()
    return letter


def test_superuser_is_held_by_the_guards_of_the_permission_table(demo, sent_letter):
    admin = demo["users"]["admin"]
    assert admin.is_superuser
    assert not admin.has_perm("correspondence.edit_letter", sent_letter)
    assert not admin.has_perm("correspondence.approve_letter", sent_letter)
    assert admin.has_perm("correspondence.compose_letter")
    # Django's own model permissions (the admin site) keep the superuser shortcut
    assert admin.has_perm("auth.change_user")


def test_inactive_user_has_no_project_permission(demo):
    kdd = demo["users"]["kdd"]
    kdd.is_active = False
    assert not kdd.has_perm("correspondence.compose_letter")


def test_refusal_reason_names_the_guard_only_to_those_with_the_role(demo, sent_letter):
    with translation.override("nb"):
        assert refusal_reason(demo["users"]["kdd"], "correspondence.edit_letter", sent_letter) == (
            "Brevet er allerede godkjent og sendt.")
        assert refusal_reason(demo["users"]["trysil"], "correspondence.edit_letter", sent_letter) == ""
        assert refusal_reason(demo["users"]["kdd"], "process.view_matrix") == ""


def test_four_eyes_reason_for_the_author(demo, round2_letter_draft):
    with translation.override("nb"):
        reason = refusal_reason(demo["users"]["kdd"], "correspondence.approve_letter", round2_letter_draft)
    assert reason == "Du skrev dette brevet: en annen person må godkjenne det (fire øyne)."


@pytest.fixture
def round2_letter_draft(demo):
    from bygdevekst.programme.models import Round

    return compose(
        round_=Round.objects.get(number=2), pilot=None, author=demo["users"]["kdd"], title="Utkast", body="Tekst.",
        body_nn="", their_reference="", signatories=[("Avdelingsdirektør KDD", "avdelingsdirektør", True)],
    )


@pytest.mark.parametrize("username", ["kdd", "admin"])
def test_403_page_is_norwegian_and_names_the_guard(client_for, sent_letter, username):
    response = client_for(username).get(reverse("correspondence:letter_edit", args=[sent_letter.pk]))
    assert response.status_code == 403
    text = response.content.decode()
    assert '<html lang="nb">' in text
    assert "Ingen tilgang" in text and "Brevet er allerede godkjent og sendt." in text
    assert "403 Forbidden" not in text


def test_404_page_is_norwegian_and_reveals_nothing(client_for, sent_letter):
    response = client_for("trysil").get(reverse("correspondence:letter_edit", args=[sent_letter.pk]))
    assert response.status_code == 404
    text = response.content.decode()
    assert "Fant ikke siden" in text
    assert "Not Found" not in text and "Letter" not in text


def test_404_page_in_english_for_an_english_user(client_for):
    client = client_for("kdd")
    client.cookies["django_language"] = "en"
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_csrf_failure_page_is_norwegian():
    response = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    text = response.content.decode()
    assert "Skjemaet er utløpt" in text and "CSRF" not in text


@pytest.mark.parametrize("view,status,heading", [("server_error", 500, "Noe gikk galt"),
                                                 ("bad_request", 400, "Ugyldig forespørsel")])
def test_plain_error_pages_render_without_a_request_context(view, status, heading):
    from django.core.exceptions import BadRequest
    from django.views import defaults

    request = RequestFactory().get("/")
    with translation.override("nb"):
        response = (defaults.server_error(request) if view == "server_error"
                    else defaults.bad_request(request, BadRequest()))
    assert response.status_code == status
    assert heading in response.content.decode()


def test_R3_county_officer_confirms_its_own_flagged_commitment(client_for, demo):
    trysil = demo["pilots"]["Trysil-regionen"].agreement
    commitment = Commitment.objects.create(
        sub_goal=trysil.sub_goals.first(), party=trysil.pilot.county_council, kind=CommitmentKind.FINANCIAL,
        text="Fylkeskommunen bidrar med 500 000 kroner.", amount_nok=500000,
    )
    url = reverse("process:confirm_county_commitment", args=[trysil.pk, commitment.uid])
    assert client_for("politiker-trysil").post(url, {"note": "x"}).status_code == 403
    response = client_for("innlandet").post(url, {"note": "Vedtatt i fylkesutvalget."})
    assert response.status_code == 302
    confirmation = CountyCommitmentConfirmation.objects.get(agreement=trysil, commitment_uid=commitment.uid)
    assert confirmation.confirmed_by.username == "innlandet"
