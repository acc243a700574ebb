"""The per-request memo (core/memo.py): within one request an answer is read once, and a request that changes
something (a POST that records a decision and transitions, then renders) never gets an answer from before its
change."""

from django.contrib.auth import get_user_model
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from bygdevekst.core.memo import RequestMemoMiddleware
from bygdevekst.organisations.enums import Role
from bygdevekst.organisations.models import Membership, Organisation
from bygdevekst.process.domain.anchoring import proposal_status, record_decision
from bygdevekst.process.domain.transitions import available_actions, guard, transition
from bygdevekst.process.enums import Body
from bygdevekst.process.panels import process_panel


def within_a_request(view, user, method="post"):
    """Run `view` the way a page runs: through the memo's middleware, with `user` signed in."""
    request = getattr(RequestFactory(), method)("/")
    request.user = user
    return RequestMemoMiddleware(view)(request)


def test_within_a_request_the_status_is_read_once_and_outside_one_every_time(agreement_of):
    trysil = agreement_of("Trysil-regionen")
    seen = {}

    def view(request):
        seen["first"] = proposal_status(trysil)
        with CaptureQueriesContext(connection) as again:
            seen["again"] = proposal_status(trysil)
        seen["queries"] = len(again.captured_queries)
        return HttpResponse()

    within_a_request(view, trysil.pilot.memberships.first().user, method="get")
    assert seen["again"] is seen["first"] and seen["queries"] == 0
    # outside a request (the shell, a task, a domain test) nothing is kept
    assert proposal_status(trysil) is not proposal_status(trysil)
    assert proposal_status(trysil) == seen["first"]


def test_a_post_that_records_the_anchoring_and_submits_renders_what_it_did(agreement_of, demo):
    trysil = agreement_of("Trysil-regionen")
    manager = demo["users"]["trysil"]
    valer = Organisation.objects.get(municipality_number="3419")
    seen = {}

    def view(request):
        # read before the change: the submit guard names Våler, the panel offers submit with that reason
        seen["before"] = guard(trysil, "submit", request.user)
        seen["actions before"] = dict(available_actions(trysil, request.user))
        record_decision(trysil, request.user, organisation=valer, body=Body.KOMMUNESTYRE,
                        meeting_date=trysil.created_at.date(), approves_proposal=True, request=request)
        seen["after"] = guard(trysil, "submit", request.user)
        seen["rows after"] = proposal_status(trysil)
        transition(trysil, "submit", request.user, request=request)
        seen["actions after"] = dict(available_actions(trysil, request.user))
        return HttpResponse(process_panel(request, trysil))

    response = within_a_request(view, manager)
    assert any("Våler" in str(reason) for reason in seen["before"])
    assert seen["actions before"]["submit"] == seen["before"]
    assert seen["after"] == []
    assert all(row["ok"] for row in seen["rows after"] if row["required"])
    assert "submit" not in seen["actions after"] and "withdraw" in seen["actions after"]
    trysil.refresh_from_db()
    assert trysil.state == "submitted"
    page = response.content.decode()
    assert "Våler kommune has no anchoring decision" not in page


def test_taking_part_is_answered_afresh_after_a_change_in_the_same_request(agreement_of):
    """`participates` (access/permissions.py) is read once per request per user; adding the user's municipality
    to the pilot within the request is seen by the next question."""
    trysil = agreement_of("Trysil-regionen")
    outside = Organisation.objects.filter(kind="municipality").exclude(pilots=trysil.pilot).first()
    user = get_user_model().objects.create_user("staff-elsewhere", password="x")  # noqa: S106  a test user
    Membership.objects.create(user=user, organisation=outside, role=Role.MUNICIPAL_STAFF)
    seen = {}

    def view(request):
        seen["before"] = request.user.has_perm("process.view_process", trysil)
        with CaptureQueriesContext(connection) as again:
            seen["asked again"] = request.user.has_perm("process.view_process", trysil)
        seen["queries"] = len(again.captured_queries)
        trysil.pilot.municipalities.add(outside)
        seen["after"] = request.user.has_perm("process.view_process", trysil)
        return HttpResponse()

    within_a_request(view, user)
    assert seen["before"] is False and seen["asked again"] is False and seen["queries"] == 0
    assert seen["after"] is True


def test_the_visibility_queries_share_the_request_s_pilot_ids_and_see_a_change_made_in_it(agreement_of):
    """visible_agreements filters on the pilot ids `participates` reads (access/visibility.participating_pilot_ids):
    one read per request for both, and after the user's municipality joins the pilot within the request, the
    pilot's draft agreement is visible to the next query."""
    from bygdevekst.access.visibility import participating_pilot_ids, visible_agreements

    trysil = agreement_of("Trysil-regionen")
    outside = Organisation.objects.filter(kind="municipality").exclude(pilots=trysil.pilot).first()
    user = get_user_model().objects.create_user("staff-joining", password="x")  # noqa: S106  a test user
    Membership.objects.create(user=user, organisation=outside, role=Role.MUNICIPAL_STAFF)
    assert trysil.state == "draft"  # not public: visible only through the pilot ids
    seen = {}

    def view(request):
        seen["may see"] = request.user.has_perm("process.view_process", trysil)
        with CaptureQueriesContext(connection) as visibility:
            seen["visible"] = visible_agreements(request.user).filter(pk=trysil.pk).exists()
        seen["queries"] = [q["sql"] for q in visibility.captured_queries]
        trysil.pilot.municipalities.add(outside)
        seen["visible after"] = visible_agreements(request.user).filter(pk=trysil.pk).exists()
        seen["ids after"] = participating_pilot_ids(request.user)
        return HttpResponse()

    within_a_request(view, user)
    assert seen["may see"] is False and seen["visible"] is False
    assert len(seen["queries"]) == 1 and "programme_pilot" not in seen["queries"][0]  # the ids were kept
    assert seen["visible after"] is True and trysil.pilot_id in seen["ids after"]


def test_a_locking_select_ends_the_memo_like_a_write():
    """A domain function locks its rows (SELECT … FOR UPDATE on PostgreSQL) before it checks its guards again: an
    answer kept from before the lock would let it act on what a concurrent request has since changed."""
    from bygdevekst.core.memo import RequestMemo

    def execute(sql, params, many, context):
        return sql

    for sql, ends in [
        ('SELECT "a"."id" FROM "a" WHERE "a"."id" = %s', False),
        ('SELECT "a"."id" FROM "a" WHERE "a"."id" = %s FOR UPDATE', True),
        ('SELECT "a"."id" FROM "a" WHERE "a"."id" = %s FOR NO KEY UPDATE OF "a" NOWAIT', True),
        ('SELECT "a"."id" FROM "a" FOR SHARE', True),
        ('UPDATE "a" SET "state" = %s', True),
        ('SAVEPOINT "s1"', True),
    ]:
        memo = RequestMemo()
        memo.values["kept"] = 1
        memo.watch(execute, sql, (), False, {})
        assert memo.written is ends and (memo.values == {}) is ends, sql


def test_a_locking_or_writing_statement_is_told_from_a_plain_select():
    from bygdevekst.core.memo import _plain_select

    assert _plain_select('SELECT "a"."for_update", "a"."id" FROM "a" WHERE "a"."note" = %s')
    assert _plain_select("  select 1")
    for sql in ('SELECT "a"."id" FROM "a" WHERE "a"."id" = %s FOR UPDATE',
                'SELECT "a"."id" FROM "a" FOR UPDATE OF "a" SKIP LOCKED', "select id from a for share",
                'SELECT "a"."id" FROM "a"\nFOR  NO KEY UPDATE', 'INSERT INTO "a" ("id") VALUES (%s)',
                'UPDATE "a" SET "n" = %s', "SAVEPOINT s1", 'DELETE FROM "a"'):
        assert not _plain_select(sql), sql
