"""A cooperation partner reads and comments on the sub-goals it is party to — nothing else of the draft.

The demo's partner: `partner-trysil`, Husbanken, with one commitment under the Trysil-regionen sub-goal
"Flere utleieboliger for nyetablerte" (in both frozen versions). The partner page shows the latest version's
part for it; every other page of the draft is 404 for the partner.
"""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bygdevekst.access.permissions import participates
from bygdevekst.agreements.models import Comment
from bygdevekst.audit.models import ActionLog
from bygdevekst.correspondence.models import Case
from bygdevekst.organisations.models import Organisation
from bygdevekst.process.models import PartnerConfirmation
from bygdevekst.search.query import search, visible_documents

PARTNER = "partner-trysil"
OWN_SUB_GOAL = "Flere utleieboliger for nyetablerte"
# What the partner reads: its sub-goal, the focus area's title, every party's commitment under the sub-goal.
SHOWN = [
    OWN_SUB_GOAL,
    "Kommunene skal sammen få fram minst 40 nye utleieboliger i perioden.",
    "Bolig",
    "Husbanken gir kommunene veiledning om startlån",
    "Trysil kommune stiller med en boligkoordinator i 100 prosent stilling",
    "Åmot kommune setter av midler til et boligfond",
    "Trysil-regionen",
    "Bygdevekstavtale for Trysil-regionen",
    "Innlandet fylkeskommune",  # the parties list: names and roles are not confidential
]
# What it does not: other sub-goals, the focus areas' texts, the purpose, the sections.
HIDDEN = [
    "Bedre bruk av eksisterende boligmasse",
    "Våler kommune kartlegger ubebodde boliger",
    "Rekruttering av fagarbeidere",
    "Desentralisert utdanning",
    "Grønn omstilling i skog- og trenæringen",
    "Et variert boligtilbud er en forutsetning",
    "aldrende befolkning",
    "Flere skal velge å bo, arbeide og drive næring",
    "årlig politisk møte",
    "Avtalen gjelder i fire år fra signering",
]


@pytest.fixture
def trysil(demo):
    return demo["pilots"]["Trysil-regionen"].agreement


@pytest.fixture
def husbanken(db):
    return Organisation.objects.get(kind="state_agency", name="Husbanken")


@pytest.fixture
def english(client_for):
    def make(username):
        client = client_for(username)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


def partner_url(agreement):
    return reverse("agreements:partner", args=[agreement.pk])


def comment_url(agreement, number=2):
    return reverse("agreements:partner_comment", args=[agreement.pk, number])


def elements(agreement, number=2):
    """{title or text: (kind, uid)} of the sub-goals, commitments and sections of a frozen version."""
    content = agreement.versions.get(number=number).content
    found = {}
    for fa in content["focus_areas"]:
        for sg in fa["sub_goals"]:
            found[sg["title"]] = ("sub_goal", sg["uid"])
            for c in sg["commitments"]:
                found[c["text"]] = ("commitment", c["uid"])
    for s in content["sections"]:
        found[s["title"]] = ("section", s["uid"])
    return found


def find(agreement, prefix):
    return next(v for k, v in elements(agreement).items() if k.startswith(prefix))


# ---- Reading ----------------------------------------------------------------------------------------------

def test_partner_reads_its_sub_goal_and_nothing_else(english, trysil):
    response = english(PARTNER).get(partner_url(trysil))
    assert response.status_code == 200
    text = response.content.decode()
    for shown in SHOWN:
        assert shown in text, shown
    for hidden in HIDDEN:
        assert hidden not in text, hidden


def test_partner_sees_none_of_the_drafts_own_pages(client_for, demo, trysil):
    client = client_for(PARTNER)
    for url in [
        reverse("agreements:detail", args=[trysil.pk]),
        reverse("agreements:editor", args=[trysil.pk]),
        reverse("agreements:versions", args=[trysil.pk]),
        reverse("agreements:version", args=[trysil.pk, 2]),
        reverse("agreements:compare", args=[trysil.pk]) + "?from=1&to=2",
        reverse("agreements:version_pdf", args=[trysil.pk, 2]),
        reverse("process:agreement", args=[trysil.pk]),
        reverse("process:confirm_commitments", args=[trysil.pk]),
        reverse("correspondence:case", args=[Case.objects.get(pilot=trysil.pilot).pk]),
        reverse("actionplans:agreement", args=[trysil.pk]),
        reverse("programme:people", args=[trysil.pilot_id]),
        f"/api/v1/agreements/{trysil.pk}",
        reverse("api:list_comments", kwargs={"agreement_id": trysil.pk}),
        reverse("api:list_versions", kwargs={"agreement_id": trysil.pk}),
    ]:
        assert client.get(url).status_code == 404, url
    assert not participates.test(demo["users"][PARTNER], trysil)


def test_search_finds_nothing_of_the_draft(client_for, demo, trysil):
    partner, manager = demo["users"][PARTNER], demo["users"]["trysil"]
    assert visible_documents(manager).filter(pilot=trysil.pilot).exists()  # the draft is indexed
    assert not visible_documents(partner).filter(pilot=trysil.pilot).exists()
    assert search(manager, "boligkoordinator")
    assert not search(partner, "boligkoordinator")
    page = client_for(PARTNER).get(reverse("search:search"), {"q": "boligkoordinator"})
    assert page.status_code == 200 and page.context["count"] == 0


def test_kdd_and_the_administrator_open_the_partner_page(english, trysil):
    for username in ("kdd", "admin"):
        response = english(username).get(partner_url(trysil))
        assert response.status_code == 200
        assert OWN_SUB_GOAL in response.content.decode()
        assert "Bedre bruk av eksisterende boligmasse" not in response.content.decode()


def test_everyone_else_gets_404(client_for, trysil):
    for username in ("smola", "trysil", "innlandet", "statsforvalter-innlandet", "politiker-trysil", None):
        assert client_for(username).get(partner_url(trysil)).status_code == 404, username
    other = client_for(PARTNER).get(partner_url(trysil.pilot.round.pilots.exclude(pk=trysil.pilot_id).first().agreement))
    assert other.status_code == 404  # the partner of Trysil is nobody's partner elsewhere


def test_the_pilot_page_links_the_partner_to_its_page(client_for, trysil):
    page = client_for(PARTNER).get(trysil.pilot.get_absolute_url()).content.decode()
    assert partner_url(trysil) in page
    assert f'href="{reverse("agreements:detail", args=[trysil.pk])}"' not in page


# ---- Commenting -------------------------------------------------------------------------------------------

def test_partner_comments_and_replies_on_its_sub_goal_and_commitments(client_for, demo, trysil):
    client = client_for(PARTNER)
    kind, uid = find(trysil, OWN_SUB_GOAL)
    response = client.post(comment_url(trysil), {"target_kind": kind, "target_uid": uid, "body": "Husbanken: enig."})
    comment = Comment.objects.get(author=demo["users"][PARTNER], parent=None)
    assert response.status_code == 302 and response["Location"] == partner_url(trysil) + f"#comment-{comment.pk}"
    assert (comment.version.number, comment.target_kind, str(comment.target_uid)) == (2, kind, uid)
    row = ActionLog.objects.get(action="agreement.comment_posted", object_id=str(comment.pk))
    assert row.actor == demo["users"][PARTNER] and row.data["target_uid"] == uid

    # Another party's commitment under the same sub-goal; a reply in the thread.
    c_kind, c_uid = find(trysil, "Åmot kommune setter av midler")
    assert client.post(comment_url(trysil), {"target_kind": c_kind, "target_uid": c_uid, "body": "Startlån?"}).status_code == 302
    assert client.post(comment_url(trysil), {"target_kind": kind, "target_uid": uid, "body": "Svar",
                                             "parent": comment.pk}).status_code == 302
    assert Comment.objects.get(parent=comment).author == demo["users"][PARTNER]
    assert ActionLog.objects.filter(action="agreement.comment_posted", actor=demo["users"][PARTNER]).count() == 3
    page = client.get(partner_url(trysil)).content.decode()
    assert "Husbanken: enig." in page and "Startlån?" in page and "Svar" in page


@pytest.mark.parametrize("target", ["Bedre bruk av eksisterende boligmasse", "Våler kommune kartlegger",
                                    "Oppfølging", "Rekruttering av fagarbeidere"])
def test_comment_outside_the_partners_sub_goals_is_refused(english, demo, trysil, target):
    kind, uid = find(trysil, target)
    comments, logged = Comment.objects.count(), ActionLog.objects.filter(action="agreement.comment_posted").count()
    response = english(PARTNER).post(comment_url(trysil), {"target_kind": kind, "target_uid": uid, "body": "Nei"})
    assert response.status_code == 403
    assert "only on the sub-goals your organisation is party to" in response.content.decode()
    assert Comment.objects.count() == comments
    assert ActionLog.objects.filter(action="agreement.comment_posted").count() == logged


def test_a_wrong_kind_a_stale_version_or_an_empty_body_saves_nothing(client_for, trysil):
    client = client_for(PARTNER)
    _kind, uid = find(trysil, OWN_SUB_GOAL)
    comments = Comment.objects.count()
    assert client.post(comment_url(trysil), {"target_kind": "commitment", "target_uid": uid, "body": "x"}).status_code == 403
    assert client.post(comment_url(trysil, 1), {"target_kind": "sub_goal", "target_uid": uid, "body": "x"}).status_code == 302
    assert client.post(comment_url(trysil), {"target_kind": "sub_goal", "target_uid": uid, "body": " "}).status_code == 302
    assert Comment.objects.count() == comments


def test_other_readers_cannot_use_the_partner_comment_route(client_for, trysil):
    _kind, uid = find(trysil, OWN_SUB_GOAL)
    for username in ("trysil", "smola", None):
        response = client_for(username).post(comment_url(trysil), {"target_kind": "sub_goal", "target_uid": uid,
                                                                    "body": "x"})
        assert response.status_code == 404, username
    assert not Comment.objects.filter(body="x").exists()


def test_the_page_does_not_grow_in_queries_with_the_comments(client_for, django_assert_max_num_queries, demo, trysil):
    client = client_for(PARTNER)
    kind, uid = find(trysil, OWN_SUB_GOAL)
    c_kind, c_uid = find(trysil, "Husbanken gir kommunene")
    version = trysil.versions.get(number=2)
    first = Comment.objects.create(agreement=trysil, version=version, target_kind=kind, target_uid=uid,
                                   author=demo["users"]["trysil"], body="Første")
    with CaptureQueriesContext(connection) as baseline:
        assert client.get(partner_url(trysil)).status_code == 200
    for i in range(10):
        for author in ("trysil", "kdd", PARTNER):
            top = Comment.objects.create(agreement=trysil, version=version, target_kind=c_kind, target_uid=c_uid,
                                         author=demo["users"][author], body=f"Kommentar {i}")
            Comment.objects.create(agreement=trysil, version=version, target_kind=c_kind, target_uid=c_uid,
                                   author=demo["users"][author], body=f"Svar {i}", parent=top)
        Comment.objects.create(agreement=trysil, version=version, target_kind=kind, target_uid=uid,
                               author=demo["users"]["kdd"], body=f"Svar {i}", parent=first)
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        response = client.get(partner_url(trysil))
    assert response.status_code == 200 and "Kommentar 9" in response.content.decode()


# ---- Confirming its own commitments -----------------------------------------------------------------------

def test_partner_confirms_its_commitments(client_for, demo, trysil, husbanken):
    client = client_for(PARTNER)
    page = client.get(partner_url(trysil)).content.decode()
    assert reverse("process:partner_confirm", args=[trysil.pk]) in page
    response = client.post(reverse("process:partner_confirm", args=[trysil.pk]),
                           {"organisation": husbanken.pk, "agreed": "yes", "comment": ""})
    assert response.status_code == 302 and response["Location"] == partner_url(trysil)
    confirmation = PartnerConfirmation.objects.get(agreement=trysil, organisation=husbanken)
    assert confirmation.agreed and confirmation.confirmed_by == demo["users"][PARTNER]
    row = ActionLog.objects.get(action="agreement.commitments_confirmed", actor=demo["users"][PARTNER])
    assert row.data["organisation"] == "Husbanken" and row.data["after"] == {"agreed": True, "comment": ""}


def test_partner_confirms_for_no_one_else_and_only_while_a_draft(client_for, trysil, husbanken):
    client = client_for(PARTNER)
    url = reverse("process:partner_confirm", args=[trysil.pk])
    lead = trysil.pilot.lead_municipality
    before = PartnerConfirmation.objects.values().get(agreement=trysil, organisation=lead)  # the demo's
    assert client.post(url, {"organisation": lead.pk, "agreed": "no", "comment": "Nei"}).status_code == 302
    assert PartnerConfirmation.objects.values().get(agreement=trysil, organisation=lead) == before
    assert not ActionLog.objects.filter(action="agreement.commitments_confirmed", data__organisation=lead.name,
                                        actor__username=PARTNER).exists()
    assert not PartnerConfirmation.objects.filter(agreement=trysil, organisation=husbanken).exists()
    type(trysil).objects.filter(pk=trysil.pk).update(state="submitted")
    assert client.post(url, {"organisation": husbanken.pk, "agreed": "yes"}).status_code == 403
    assert not PartnerConfirmation.objects.filter(agreement=trysil, organisation=husbanken).exists()


def test_only_news_of_the_public_agreement_reaches_the_partner(demo):
    from bygdevekst.notifications.domain.notify import pilot_people

    pilot, partner = demo["pilots"]["Trysil-regionen"], demo["users"][PARTNER]
    assert partner not in pilot_people(pilot)  # e.g. the state's response to the draft
    assert demo["users"]["trysil"] in pilot_people(pilot)
    assert partner in pilot_people(pilot, partners=True)  # the approval


def test_a_reply_to_the_partner_links_to_the_partner_page(client_for, demo, trysil):
    """The project manager answers the partner's comment: the partner's notification opens the page it can
    read, not the draft's own page (a 404 for a partner)."""
    from bygdevekst.notifications.models import Notification

    kind, uid = find(trysil, OWN_SUB_GOAL)
    client_for(PARTNER).post(comment_url(trysil), {"target_kind": kind, "target_uid": uid, "body": "Spørsmål"})
    comment = Comment.objects.get(author=demo["users"][PARTNER], parent=None)
    reply = client_for("trysil").post(reverse("agreements:comment_create", args=[trysil.pk, 2]),
                                      {"target_kind": kind, "target_uid": uid, "body": "Svar fra prosjektleder",
                                       "parent": comment.pk})
    assert reply.status_code == 302
    note = Notification.objects.get(user=demo["users"][PARTNER], key__startswith="comment:")
    assert note.url == partner_url(trysil)
    assert client_for(PARTNER).get(note.url).status_code == 200


def test_a_partner_membership_for_a_main_party_confirms_nothing(client_for, demo, trysil):
    """Found in review: a partner membership made for the county council (or KDD) must not let its holder
    confirm that party's commitments; only cooperation parties are confirmed on the partner page."""
    from bygdevekst.organisations.models import Membership

    county = trysil.pilot.county_council
    Membership.objects.create(user=demo["users"][PARTNER], organisation=county, role="partner", pilot=trysil.pilot)
    response = client_for(PARTNER).post(reverse("process:partner_confirm", args=[trysil.pk]),
                                        {"organisation": county.pk, "agreed": "yes", "comment": ""})
    assert response.status_code == 302
    assert not PartnerConfirmation.objects.filter(agreement=trysil, organisation=county,
                                                  confirmed_by=demo["users"][PARTNER]).exists()
