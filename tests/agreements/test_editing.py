"""Editing the draft in the browser: roles, validation, reorder, remove, safe text, the optimistic lock."""

import pytest

from bygdevekst.agreements.enums import AgreementState
from bygdevekst.agreements.models import Commitment, FocusArea, Section, SubGoal
from bygdevekst.audit.models import ActionLog
from bygdevekst.core import safetext


def _url(agreement, *parts):
    return f"/agreements/{agreement.pk}/edit/" + "".join(f"{p}/" for p in parts)


@pytest.mark.parametrize(
    ("username", "status"),
    [("trysil", 200), ("admin", 200), ("politiker-trysil", 403), ("statsforvalter-innlandet", 403),
     ("kdd", 403), ("smola", 404), (None, 404)],
)
def test_editor_is_for_the_project_manager(client_for, draft, username, status):
    assert client_for(username).get(_url(draft)).status_code == status


def test_editor_page_query_count_does_not_grow(client_for, draft, django_assert_max_num_queries):
    client = client_for("trysil")
    with django_assert_max_num_queries(20):
        response = client.get(_url(draft))
    assert response.status_code == 200
    assert "Move up" in response.content.decode() or "Flytt opp" in response.content.decode()


def test_editing_is_read_only_after_submission(client_for, draft):
    type(draft).objects.filter(pk=draft.pk).update(state=AgreementState.SUBMITTED)
    assert client_for("trysil").get(_url(draft)).status_code == 403


def test_editing_is_allowed_in_dialogue(client_for, draft):
    type(draft).objects.filter(pk=draft.pk).update(state=AgreementState.IN_DIALOGUE)
    assert client_for("trysil").get(_url(draft)).status_code == 200


def test_project_manager_edits_overview_and_the_lock_version_moves(client_for, draft):
    client = client_for("trysil")
    response = client.post(_url(draft, "overview"), {
        "title": "Bygdevekstavtale for Trysil-regionen 2025–2029", "period_start": "2025-07-01",
        "period_end": "2029-06-30", "purpose": "Nytt formål.", "overall_goal": "Nytt mål.",
        "lock_version": draft.lock_version,
    })
    assert response.status_code == 302
    old = draft.lock_version
    draft.refresh_from_db()
    assert draft.title.endswith("2025–2029") and draft.lock_version == old + 1
    entry = ActionLog.objects.filter(action="agreement.edited", agreement=draft).latest("pk")
    assert entry.data["changes"]["purpose"]["after"] == "Nytt formål."


def test_period_must_end_after_it_starts(client_for, draft):
    title = draft.title
    response = client_for("trysil").post(_url(draft, "overview"), {
        "title": "X", "period_start": "2026-01-01", "period_end": "2025-01-01",
        "purpose": "", "overall_goal": "", "lock_version": draft.lock_version,
    })
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.title == title


def test_add_sub_goal_and_financial_commitment_with_stable_uids(client_for, draft):
    client = client_for("trysil")
    fa = draft.focus_areas.order_by("position").first()
    response = client.post(_url(draft, "sub-goal", "new") + f"?parent={fa.uid}",
                           {"title": "Nytt delmål", "description": "Tekst", "lock_version": draft.lock_version})
    assert response.status_code == 302
    sg = SubGoal.objects.get(agreement=draft, title="Nytt delmål")
    draft.refresh_from_db()
    kdd = draft.parties.get(organisation__org_number="972417858").organisation
    response = client.post(_url(draft, "commitment", "new") + f"?parent={sg.uid}", {
        "party": kdd.pk, "kind": "financial", "amount_nok": "250000", "text": "Tilskudd.",
        "lock_version": draft.lock_version,
    })
    assert response.status_code == 302
    commitment = Commitment.objects.get(sub_goal=sg)
    assert commitment.amount_nok == 250000
    uid = sg.uid
    draft.refresh_from_db()
    client.post(_url(draft, "sub-goal", sg.uid), {"title": "Omdøpt delmål", "description": "",
                                                  "lock_version": draft.lock_version})
    sg.refresh_from_db()
    assert sg.title == "Omdøpt delmål" and sg.uid == uid


@pytest.mark.parametrize(("kind", "amount", "message"), [
    ("financial", "", "amount"), ("personnel", "1000", "financial"), ("financial", "-5", ""),
])
def test_commitment_amount_rules(client_for, draft, kind, amount, message):
    sg = SubGoal.objects.filter(agreement=draft).first()
    before = Commitment.objects.filter(sub_goal=sg).count()
    response = client_for("trysil").post(_url(draft, "commitment", "new") + f"?parent={sg.uid}", {
        "party": draft.pilot.lead_municipality_id, "kind": kind, "amount_nok": amount, "text": "Tekst.",
        "lock_version": draft.lock_version,
    })
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert Commitment.objects.filter(sub_goal=sg).count() == before


def test_commitment_party_must_be_a_party_to_this_agreement(client_for, draft, demo):
    from bygdevekst.organisations.models import Organisation

    sg = SubGoal.objects.filter(agreement=draft).first()
    stranger = Organisation.objects.get(municipality_number="1573")  # Smøla: not a Trysil party
    response = client_for("trysil").post(_url(draft, "commitment", "new") + f"?parent={sg.uid}", {
        "party": stranger.pk, "kind": "personnel", "amount_nok": "", "text": "Tekst.",
        "lock_version": draft.lock_version,
    })
    assert response.status_code == 400
    assert not Commitment.objects.filter(sub_goal=sg, party=stranger).exists()


def test_move_up_and_down_and_remove(client_for, draft):
    client = client_for("trysil")
    areas = list(draft.focus_areas.order_by("position", "pk"))
    response = client.post(_url(draft, "focus-area", areas[1].uid, "move"),
                           {"direction": "up", "lock_version": draft.lock_version})
    assert response.status_code == 302
    assert list(draft.focus_areas.order_by("position", "pk"))[0].pk == areas[1].pk
    draft.refresh_from_db()
    section = draft.sections.order_by("position").first()
    client.post(_url(draft, "section", section.uid, "remove"), {"lock_version": draft.lock_version})
    assert not Section.objects.filter(pk=section.pk).exists()
    assert ActionLog.objects.filter(action="agreement.section_removed", agreement=draft).exists()


def test_move_and_remove_only_on_post(client_for, draft):
    fa = draft.focus_areas.first()
    assert client_for("trysil").get(_url(draft, "focus-area", fa.uid, "remove")).status_code == 405
    assert FocusArea.objects.filter(pk=fa.pk).exists()


def test_stale_lock_version_saves_nothing_and_shows_what_changed(client_for, draft):
    """Two people edit the same draft: the second save is told what changed, and keeps its input."""
    base = draft.lock_version
    section = draft.sections.order_by("position").first()
    first = client_for("trysil").post(_url(draft, "section", section.uid),
                                      {"title": section.title, "body": "Partene møtes to ganger i året.",
                                       "lock_version": base})
    assert first.status_code == 302
    second = client_for("admin").post(_url(draft, "section", section.uid),
                                      {"title": "Oppfølging og evaluering", "body": "Min tekst.", "lock_version": base})
    assert second.status_code == 409
    body = second.content.decode()
    assert "Min tekst." in body and "Oppfølging og evaluering" in body  # the user's input is kept
    assert "<ins>" in body and "to ganger" in body  # what the other person changed
    section.refresh_from_db()
    assert section.body == "Partene møtes to ganger i året." and section.title != "Oppfølging og evaluering"
    # Saving again from the conflict page (which carries the new lock_version) now works.
    draft.refresh_from_db()
    assert f'value="{draft.lock_version}"' in body
    third = client_for("admin").post(_url(draft, "section", section.uid),
                                     {"title": "Oppfølging og evaluering", "body": "Min tekst.",
                                      "lock_version": draft.lock_version})
    assert third.status_code == 302


def test_stale_move_is_a_conflict(client_for, draft):
    fa = draft.focus_areas.order_by("position").last()
    response = client_for("trysil").post(_url(draft, "focus-area", fa.uid, "move"),
                                         {"direction": "up", "lock_version": draft.lock_version - 1})
    assert response.status_code == 409


@pytest.mark.parametrize("evil", [
    "<script>alert(1)</script>",
    "[klikk](javascript:alert(1))",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src='https://evil.example'></iframe>",
])
def test_safe_text_lets_no_raw_html_or_script_through(client_for, draft, evil):
    section = draft.sections.order_by("position").first()
    client_for("trysil").post(_url(draft, "section", section.uid),
                              {"title": section.title, "body": f"Tekst {evil}", "lock_version": draft.lock_version})
    section.refresh_from_db()
    assert evil in section.body  # stored as written
    tags = _tags(safetext.render(section.body))
    assert {t for t, _ in tags} <= safetext.ALLOWED_TAGS
    for _tag, attrs in tags:
        assert all(name == "href" or name == "rel" for name, _ in attrs)
        assert not any((value or "").lower().startswith("javascript") for _, value in attrs)
    page = client_for("trysil").get(draft.get_absolute_url()).content.decode()
    assert "<script>alert" not in page and '<a href="javascript' not in page and "<img src=x" not in page


def _tags(html):
    from html.parser import HTMLParser

    found = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collect().feed(html)
    return found


def test_safe_text_keeps_the_markdown_subset():
    html = safetext.render("**fet** og *kursiv*\n\n- en\n- to\n\n[lenke](https://kdd.dep.no)")
    assert "<strong>fet</strong>" in html and "<em>kursiv</em>" in html and "<li>en</li>" in html
    assert 'href="https://kdd.dep.no"' in html
