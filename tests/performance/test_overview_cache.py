"""The front page's round section, alike for every KDD user, is cached (programme/overview_cache.py) and made
anew as soon as anything it shows changes: by a domain signal or a save in this process, or by any logged action
in any process."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bygdevekst.audit.log import log_action
from bygdevekst.programme.models import Pilot
from bygdevekst.programme.queries import current_round


def _get(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _round_section(body):
    """The cached part of the front page: after the person's own tasks (never cached, and they may name pilots)."""
    tasks = body.index('id="my-tasks"')
    return body[body.index("</section>", tasks) :]


@pytest.mark.django_db
def test_kdd_users_share_one_rendered_copy(client_for):
    kdd, kdd2 = client_for("kdd"), client_for("kdd2")  # (signing in is a logged action: both before)
    first, cold = _get(kdd)
    again, warm = _get(kdd)
    other, other_first = _get(kdd2)  # another KDD user: the same copy; only their own tasks are looked up
    _again, other_warm = _get(kdd2)
    assert warm < cold and other_first < cold and other_warm <= warm + 2, (cold, warm, other_first, other_warm)
    pilot = Pilot.objects.filter(round=current_round()).order_by("name").first()
    for body in (first, again, other):
        assert pilot.name in body and 'id="my-tasks"' in body


@pytest.mark.django_db
def test_a_save_or_a_domain_signal_makes_a_new_copy(client_for):
    client = client_for("kdd")
    _get(client)
    pilot = Pilot.objects.filter(round=current_round()).order_by("name").first()
    pilot.name = "Nytt pilotnavn"
    pilot.save()
    body, _n = _get(client)
    assert "Nytt pilotnavn" in _round_section(body)


@pytest.mark.django_db
def test_a_logged_action_anywhere_makes_a_new_copy(client_for):
    """A change made in another process sends no signal here; the action log it writes is seen."""
    client = client_for("kdd")
    _get(client)
    pilot = Pilot.objects.filter(round=current_round()).order_by("name").first()
    Pilot.objects.filter(pk=pilot.pk).update(name="Endret i en annen prosess")  # no signal in this process
    stale, _n = _get(client)
    assert "Endret i en annen prosess" not in _round_section(stale)  # still the cached copy: nothing was logged
    log_action("pilot.changed", data={"pilot": pilot.pk})
    body, _n = _get(client)
    assert "Endret i en annen prosess" in _round_section(body)


@pytest.mark.django_db
def test_a_pilots_people_get_their_own_page_not_the_kdd_copy(client_for):
    kdd, trysil = client_for("kdd"), client_for("trysil")
    _get(kdd)
    body, _n = _get(trysil)
    assert "Your pilot is shown first." in body or "Piloten din" in body or 'id="my-tasks"' in body
    assert 'href="/action-plans/"' not in body.split('id="my-tasks"')[1]  # KDD's downloads are not in it


@pytest.mark.django_db
def test_the_action_plan_overview_is_shared_and_renewed_by_a_status_change(client_for, demo):
    from bygdevekst.actionplans.domain.measures import set_measure_status
    from bygdevekst.actionplans.domain.plans import current_plan

    kdd, kdd2 = client_for("kdd"), client_for("kdd2")
    with CaptureQueriesContext(connection) as cold:
        first = kdd.get("/action-plans/")
    with CaptureQueriesContext(connection) as warm:
        second = kdd2.get("/action-plans/")
    assert len(warm) < len(cold) and first.status_code == second.status_code == 200
    plan = current_plan(demo["pilots"]["Trysil-regionen"].agreement)
    measure = plan.measures.exclude(status="delayed").order_by("number").first()
    delayed = plan.measures.filter(status="delayed").count()
    set_measure_status(plan, measure, "delayed", actor=demo["users"]["trysil"])
    after = kdd.get("/action-plans/")
    row = next(p for p in after.context["plans"] if p.pk == plan.pk)  # made anew, not the cached copy
    assert dict((s, n) for s, _label, n in row.by_status)["delayed"] == delayed + 1


@pytest.mark.django_db
def test_my_tasks_are_kept_per_person_until_something_is_logged(client_for, demo):
    from bygdevekst.correspondence.domain.letters import compose

    kdd2 = client_for("kdd2")
    first, cold = _get(kdd2)
    again, warm = _get(kdd2)
    assert warm < cold, (cold, warm)
    assert first[first.index('id="my-tasks"') :] == again[again.index('id="my-tasks"') :]
    pilot = demo["pilots"]["Trysil-regionen"]
    compose(round_=pilot.round, pilot=pilot, author=demo["users"]["kdd"], title="Innkalling", body="Tekst.")
    body, _n = _get(kdd2)
    tasks = body[body.index('id="my-tasks"') : body.index("</section>", body.index('id="my-tasks"'))]
    assert "Innkalling" in tasks
    # the author is not asked to approve their own letter: each person's own list
    mine, _n = _get(client_for("kdd"))
    assert "Innkalling" not in mine[mine.index('id="my-tasks"') : mine.index("</section>", mine.index('id="my-tasks"'))]
