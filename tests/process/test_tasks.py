"""Hand-offs: the front page lists what waits for each person, across pilots, oldest first."""

from django.utils import translation
from django.utils.html import escape

from bygdevekst.agreements.enums import CommitmentKind
from bygdevekst.agreements.models import Commitment
from bygdevekst.process.domain.response import save_response
from bygdevekst.process.todo import my_tasks


def _texts(user):
    with translation.override("nb"):  # the texts are read in bokmål whatever an earlier test left active
        return [t["text"] for t in my_tasks(user)]


def test_kdd_is_told_to_write_the_response_after_submission(demo):
    texts = _texts(demo["users"]["kdd"])
    # Solund og Fedje and Smøla og Aure are submitted and have no response yet
    assert any("Solund og Fedje" in t and "respons" in t for t in texts)
    assert any("Smøla og Aure" in t for t in texts)


def test_second_case_officer_sees_the_response_to_approve_and_the_author_does_not(agreement_of, demo):
    solund = agreement_of("Solund og Fedje")
    sub_goal = solund.sub_goals.first()
    save_response(solund, demo["users"]["kdd"], "Generell del.",
                  [(str(sub_goal.uid), sub_goal.title, "agreed", "Enig.")])
    assert any("Godkjenn" in t and "Solund og Fedje" in t for t in _texts(demo["users"]["kdd2"]))
    assert not any("Godkjenn" in t and "Solund og Fedje" in t for t in _texts(demo["users"]["kdd"]))


def test_project_manager_sees_missing_anchoring(demo):
    assert any("Våler kommune" in t for t in _texts(demo["users"]["trysil"]))


def test_county_officer_sees_a_commitment_to_confirm(agreement_of, demo):
    trysil = agreement_of("Trysil-regionen")
    Commitment.objects.create(sub_goal=trysil.sub_goals.first(), party=trysil.pilot.county_council,
                              kind=CommitmentKind.FINANCIAL, text="Fylkeskommunen bidrar med penger.", amount_nok=1)
    assert any("Fylkeskommunen bidrar med penger." in t for t in _texts(demo["users"]["innlandet"]))


def test_tasks_are_oldest_first_and_on_the_front_page(client_for, demo):
    tasks = my_tasks(demo["users"]["kdd"])
    assert [t["since"] for t in tasks] == sorted(t["since"] for t in tasks)
    page = client_for("kdd").get("/").content.decode()
    # a link with a query string is escaped in the page (&amp;)
    assert "Mine oppgaver" in page and f'href="{escape(tasks[0]["url"])}"' in page
    assert "Ingenting venter på deg nå." in client_for("statsforvalter-innlandet").get("/").content.decode()


def test_project_manager_sees_partners_that_have_not_confirmed_until_they_do(agreement_of, demo):
    from bygdevekst.organisations.models import Organisation
    from bygdevekst.process.domain.partners import confirm_commitments

    trysil = agreement_of("Trysil-regionen")
    kdd_org = Organisation.objects.get(org_number="972417858")  # the demo's KDD has not confirmed on Trysil
    waiting = f"{kdd_org.name} har ikke bekreftet forpliktelsene sine (Trysil-regionen)"
    assert waiting in _texts(demo["users"]["trysil"])
    confirm_commitments(trysil, kdd_org, True, "", demo["users"]["kdd"])
    assert waiting not in _texts(demo["users"]["trysil"])


def test_kdd_is_told_of_the_ministrys_own_steps_from_the_dialogue_to_the_signing(agreement_of, demo, client_for):
    from bygdevekst.agreements.models import Agreement
    from bygdevekst.process.models import Signing

    kdd = demo["users"]["kdd"]
    assert agreement_of("Vest-Telemark").state == "in_dialogue"
    trysil = agreement_of("Trysil-regionen")
    nord = agreement_of("Nord-Troms")  # approved and signed in the demo
    told = _texts(kdd)
    assert (
        "Hold dialogmøtet med Vest-Telemark, avklar punktene i responsen og bli enige om den endelige teksten"
        in told
    )
    assert not any("Nord-Troms" in t and "signering" in t for t in told)  # signed already
    for state, text in (
        ("responded", "Åpne dialogen med Trysil-regionen og kall inn til dialogmøtet"),
        ("agreed", "Send den endelige teksten som er avtalt med Trysil-regionen, til kommunestyrene, "
                   "fylkeskommunen og regjeringen for godkjenning"),
    ):
        Agreement.objects.filter(pk=trysil.pk).update(state=state)
        assert text in _texts(kdd) and text in _texts(demo["users"]["kdd2"]), state
        assert text not in _texts(demo["users"]["trysil"])  # the ministry's step, not the pilot's
    Signing.objects.filter(agreement=nord).update(record_status="withdrawn")
    signing = "Registrer signeringen av avtalen med Nord-Troms når partene har signert"
    assert signing in _texts(kdd)
    # The process page says the ministry's step in its own words, once, not again as a task.
    page = client_for("kdd").get(f"/process/agreements/{nord.pk}/").content.decode()
    assert escape(signing) not in page and "/sign/" in page


def test_kdd_is_told_of_a_letter_some_recipients_never_got_until_it_is_sent_again(demo):
    """Every retry of a delivery failed: the letter waits on KDD's list, naming how many did not get it, until none
    of its deliveries has given up (sent again from the letter page, correspondence.tasks.send_again)."""
    from bygdevekst.correspondence.enums import DeliveryStatus
    from bygdevekst.correspondence.models import Delivery, Letter

    letter = Letter.objects.filter(state="sent", deliveries__isnull=False).distinct().first()
    assert not any(letter.title in t and "sendes igjen" in t for t in _texts(demo["users"]["kdd"]))
    first, second = letter.deliveries.order_by("pk")[:2]
    Delivery.objects.filter(pk__in=[first.pk, second.pk]).update(status=DeliveryStatus.GAVE_UP, attempts=6)
    waiting = [t for t in _texts(demo["users"]["kdd"]) if letter.title in t and "sendes igjen" in t]
    assert waiting == [f"Brevet «{letter.title}» nådde ikke 2 mottakere: det må sendes igjen"], waiting
    Delivery.objects.filter(pk=first.pk).update(status=DeliveryStatus.SENT)  # sent again, and it went
    assert any("nådde ikke 1 mottaker:" in t for t in _texts(demo["users"]["kdd2"]))
    Delivery.objects.filter(pk=second.pk).update(status=DeliveryStatus.FAILED)  # sent again, retried as before
    assert not any(letter.title in t and "sendes igjen" in t for t in _texts(demo["users"]["kdd"]))
