"""No lost change under races, on both engines: simultaneous first edits of a frozen action plan, simultaneous
imports and simultaneous freezes each end with exactly one success and refusals (409), nothing half-done.

The racers are real threads, each with its own connection to a throwaway copy of the test database
(tests/database_copies.py), released together by a barrier: on SQLite a file with the app's settings (WAL,
BEGIN IMMEDIATE, busy timeout), on PostgreSQL a database of its own. The test database is never written to."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections

from bygdevekst.actionplans.domain.importing import import_plan
from bygdevekst.actionplans.domain.measures import set_measure_status
from bygdevekst.actionplans.domain.plans import current_plan
from bygdevekst.actionplans.enums import MeasureStatus
from bygdevekst.actionplans.models import ActionPlan, MeasureStatusChange
from bygdevekst.agreements.domain.versions import freeze_named_version
from bygdevekst.agreements.models import Agreement, AgreementVersion
from bygdevekst.audit.verify import verify
from bygdevekst.core.guards import Refused
from tests.actionplans.conftest import edit, export
from tests.database_copies import _register, _unregister, drop_copy, fresh_copy

ALIAS = "race_copy"


@pytest.fixture
def copy(pristine, db, tmp_path):
    """A fresh copy for one race, readable in the test as ALIAS; yields its name."""
    name = fresh_copy(pristine, "race", tmp_path)
    _register(ALIAS, name)
    try:
        yield name
    finally:
        _unregister(ALIAS)
        drop_copy(name)


def race(name, n, work):
    """Run work(i) in n threads at once, each on its own connection to the copy `name` (as its "default"
    database). Returns [("ok", result) | ("refused", exception) | ("error", exception)] in thread order."""
    settings_dict = {**connection.settings_dict, "NAME": name, "TEST": {}}
    barrier = threading.Barrier(n)
    outcomes = [None] * n

    def run(i):
        from django.db.utils import load_backend

        connections["default"] = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "default")
        try:
            barrier.wait(timeout=30)
            outcomes[i] = ("ok", work(i))
        except Refused as exc:  # (Stale, the optimistic lock's refusal, is one)
            outcomes[i] = ("refused", exc)
        except Exception as exc:  # noqa: BLE001  a 500 in the making: reported by the assertion
            outcomes[i] = ("error", exc)
        finally:
            connections["default"].close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not [o for o in outcomes if o is None or o[0] == "error"], outcomes
    return [kind for kind, _value in outcomes], outcomes


def _frozen_current_plan():
    plan = next(p for p in ActionPlan.objects.filter(status="frozen").order_by("pk")
                if current_plan(p.agreement).pk == p.pk)
    return plan


def test_six_simultaneous_first_edits_of_a_frozen_plan_make_one_revision(copy):
    plan = _frozen_current_plan()
    measures = list(plan.measures.order_by("number"))
    user = get_user_model().objects.get(username="kdd")
    revisions = ActionPlan.objects.using(ALIAS).filter(agreement_id=plan.agreement_id).count()
    changes = MeasureStatusChange.objects.using(ALIAS).count()

    def first_edit(i):
        fresh = ActionPlan.objects.get(pk=plan.pk)
        measure = measures[i % len(measures)]
        status = MeasureStatus.DONE if measure.status != MeasureStatus.DONE else MeasureStatus.STARTED
        return set_measure_status(fresh, measure, status, actor=user).pk

    kinds, outcomes = race(copy, 6, first_edit)
    assert sorted(kinds) == ["ok"] + ["refused"] * 5
    # One new revision, holding the one change that was reported saved; the refused ones saved nothing.
    assert ActionPlan.objects.using(ALIAS).filter(agreement_id=plan.agreement_id).count() == revisions + 1
    assert MeasureStatusChange.objects.using(ALIAS).count() == changes + 1
    saved = next(value for kind, value in outcomes if kind == "ok")
    newest = ActionPlan.objects.using(ALIAS).filter(agreement_id=plan.agreement_id).order_by("-revision").first()
    assert newest.measures.filter(pk=saved).exists()
    refusal = next(value for kind, value in outcomes if kind == "refused")
    assert f" {newest.revision} " in str(refusal)  # names the revision made meanwhile
    assert verify(using=ALIAS).counts["log rows"] > 0 and not [f for f in verify(using=ALIAS).findings
                                                               if f[0] == "log row"]  # the chain held


def test_four_simultaneous_imports_one_applies_the_rest_are_refused(copy):
    plan = _frozen_current_plan()
    user = get_user_model().objects.get(username="kdd")
    content = edit(export(plan), lambda wb: wb["Tiltak"].cell(row=2, column=3, value="Endret i regnearket"))
    revisions = ActionPlan.objects.using(ALIAS).filter(agreement_id=plan.agreement_id).count()

    def importer(_i):
        result = import_plan(Agreement.objects.get(pk=plan.agreement_id), content, actor=user)
        if result.conflict:  # one that started after another had applied: the file is stale (the API's 409)
            raise Refused([str(p) for p in result.problems])
        assert result.ok, result.problems
        return result.changed

    kinds, outcomes = race(copy, 4, importer)
    assert sorted(kinds) == ["ok"] + ["refused"] * 3
    assert [value for kind, value in outcomes if kind == "ok"] == [True]
    assert ActionPlan.objects.using(ALIAS).filter(agreement_id=plan.agreement_id).count() == revisions + 1


def test_eight_simultaneous_freezes_make_one_version(copy):
    agreement = Agreement.objects.filter(state__in=["draft", "in_dialogue"]).order_by("pk").first()
    user = get_user_model().objects.get(username="kdd")
    versions = AgreementVersion.objects.using(ALIAS).filter(agreement=agreement).count()
    # The draft differs from its latest version (else the one freeze would rightly make none).
    Agreement.objects.using(ALIAS).filter(pk=agreement.pk).update(title="Ny tittel før frysing")

    def freeze(_i):
        version, created = freeze_named_version(Agreement.objects.get(pk=agreement.pk), user, "dobbeltklikk",
                                                agreement.lock_version)
        return created

    kinds, outcomes = race(copy, 8, freeze)
    assert sorted(kinds) == ["ok"] + ["refused"] * 7
    assert [value for kind, value in outcomes if kind == "ok"] == [True]
    assert AgreementVersion.objects.using(ALIAS).filter(agreement=agreement).count() == versions + 1
