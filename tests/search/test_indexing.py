"""What is saved through the app is findable at once (no reindex), and what the index makes of text:
bokmål/nynorsk compounds, Markdown, pages of hits. The same assertions on SQLite and PostgreSQL."""

import gc
import re
import weakref

import pytest
from django.db.models.signals import post_save
from django.urls import reverse

from bygdevekst.search import external
from bygdevekst.search.query import search

TRYSIL, SMOLA, SOLUND = "Trysil-regionen", "Smøla og Aure", "Solund og Fedje"


def kinds_and_refs(user, q, **filters):
    return [(h.document.kind, h.document.object_ref) for h in search(user, q, **filters)]


@pytest.fixture
def trysil_plan(demo):
    from bygdevekst.actionplans.domain.plans import current_plan

    return current_plan(demo["pilots"][TRYSIL].agreement)


def _measure_post(plan, **overrides):
    sg = plan.agreement.sub_goals.order_by("focus_area__position", "position").first()
    data = {
        "number": 41, "title": "Xylofonverksted for ungdom", "description": "Kommunene leier ut **lokaler**.",
        "sub_goals": [str(sg.uid)], "responsible": plan.agreement.pilot.lead_municipality.pk,
        "start_year": 2026, "start_quarter": 2, "end_year": 2027, "end_quarter": 3,
        "indicator": "Verksteder i drift", "baseline": "0", "target": "4", "lock_version": "",
    }
    return {**data, **overrides}


def _connected(signal, func):
    for entry in signal.receivers:
        ref = entry[1]
        if (ref() if isinstance(ref, weakref.ReferenceType) else ref) is func:
            return True
    return False


def test_the_receivers_of_other_apps_survive_garbage_collection():
    """Signals hold receivers weakly: a receiver nobody else holds would vanish without a word."""
    gc.collect()
    pairs = external.receivers()
    assert len(pairs) == 2  # measures and registry entries
    for _model, on_save, _on_delete in pairs:
        assert _connected(post_save, on_save), on_save.__name__


def test_a_measure_saved_through_the_page_is_found_at_once(client_for, demo, trysil_plan):
    kdd, trysil, smola = (demo["users"][u] for u in ("kdd", "trysil", "smola"))
    response = client_for("trysil").post(reverse("actionplans:measure_add", args=[trysil_plan.pk]),
                                         _measure_post(trysil_plan))
    assert response.status_code == 302
    measure = trysil_plan.measures.get(number=41)
    assert kinds_and_refs(trysil, "xylofonverksted") == [("measure", str(measure.pk))]
    assert kinds_and_refs(kdd, "xylofonverksted") == [("measure", str(measure.pk))]
    assert not search(smola, "xylofonverksted")
    hit = search(trysil, "lokaler", kind="measure", pilot=trysil_plan.agreement.pilot_id)
    assert any("<mark>lokaler</mark>" in h.excerpt and "**" not in h.excerpt for h in hit)

    response = client_for("trysil").post(
        reverse("actionplans:measure_edit", args=[measure.pk]),
        _measure_post(trysil_plan, title="Marimbaverksted for ungdom", lock_version=measure.lock_version),
    )
    assert response.status_code == 302
    assert not search(trysil, "xylofonverksted")
    assert kinds_and_refs(trysil, "marimbaverksted") == [("measure", str(measure.pk))]

    assert client_for("trysil").post(reverse("actionplans:measure_delete", args=[measure.pk])).status_code == 302
    assert not search(trysil, "marimbaverksted")


def test_a_registered_entry_is_found_at_once_by_whoever_sees_the_case_log(demo):
    from django.contrib.auth.models import AnonymousUser

    from bygdevekst.correspondence.domain.cases import case_for_pilot, register_entry
    from bygdevekst.correspondence.enums import EntryType

    case = case_for_pilot(demo["pilots"][TRYSIL])
    entry = register_entry(case, EntryType.INCOMING, "Søknad om xylofonmidler til Gáivuotna")
    expected = [("registry_entry", str(entry.pk))]
    assert kinds_and_refs(demo["users"]["kdd"], "xylofonmidler") == expected
    assert kinds_and_refs(demo["users"]["trysil"], "xylofonmidler gaivuotna") == expected
    assert not search(demo["users"]["smola"], "xylofonmidler")
    assert not search(AnonymousUser(), "xylofonmidler")


@pytest.mark.parametrize("bokmal,nynorsk", [("utleieboliger", "utleigebustader"), ("utleiebolig", "utleigebustad")])
def test_bokmal_and_nynorsk_compounds_find_each_other(demo, bokmal, nynorsk):
    from bygdevekst.agreements.models import Section

    Section.objects.create(agreement=demo["pilots"][SMOLA].agreement, title="Ord", body=f"Xylofon {bokmal}.", position=9)
    Section.objects.create(agreement=demo["pilots"][SOLUND].agreement, title="Ord", body=f"Xylofon {nynorsk}.",
                           position=9)
    kdd = demo["users"]["kdd"]
    for query in (bokmal, nynorsk):
        hits = list(search(kdd, f"xylofon {query}"))
        assert {h.document.pilot.name for h in hits} == {SMOLA, SOLUND}, query
        marked = {h.document.pilot.name: h.excerpt for h in hits}
        # (each pilot's text may hold other inflections of the word: the excerpt shows the first)
        assert re.search(f"<mark>{bokmal[:-3]}\\w*</mark>", marked[SMOLA]), marked[SMOLA]
        assert re.search(f"<mark>{nynorsk[:-3]}\\w*</mark>", marked[SOLUND]), marked[SOLUND]
    # the compound's tail on its own finds it too
    assert {SMOLA, SOLUND} <= {h.document.pilot.name for h in search(kdd, "xylofon bustad")}


def test_excerpts_show_the_text_without_markup(demo):
    from bygdevekst.agreements.models import Section

    agreement = demo["pilots"][TRYSIL].agreement
    Section.objects.create(agreement=agreement, title="Sentrum",
                           body="**Viktig:** et _nytt_ xylofonbygg i [sentrum](https://example.org/) med `kode`.",
                           position=9)
    hit = search(demo["users"]["kdd"], "xylofonbygg")[0]
    assert "<mark>xylofonbygg</mark>" in hit.excerpt
    assert "et nytt <mark>xylofonbygg</mark> i sentrum med kode" in hit.excerpt
    for markup in ("**", "_nytt_", "](", "`"):
        assert markup not in hit.excerpt


def _many_hits(demo, n):
    from bygdevekst.agreements.models import Section

    agreement = demo["pilots"][TRYSIL].agreement
    for i in range(n):
        Section.objects.create(agreement=agreement, title=f"Del {i}", body=f"Kapittel {i} om xylofonorkester.",
                               position=20 + i)
    from bygdevekst.agreements.domain.snapshot import freeze_version

    for i in range(n):
        freeze_version(agreement, "draft_snapshot", demo["users"]["trysil"], label=f"Utkast {i}")


def test_pages_of_hits_in_the_api_and_on_the_page(demo, api_client, client_for):
    _many_hits(demo, 3)  # the draft and three frozen versions: four documents
    client = api_client("kdd")
    first = client.get("/api/v1/search", {"q": "xylofonorkester", "limit": 3}).json()
    rest = client.get("/api/v1/search", {"q": "xylofonorkester", "limit": 3, "offset": 3}).json()
    assert first["count"] == rest["count"] == 4
    assert len(first["items"]) == 3 and len(rest["items"]) == 1
    assert not {i["url"] for i in first["items"]} & {i["url"] for i in rest["items"]}
    ranks = [i["rank"] for i in first["items"] + rest["items"]]
    assert ranks == sorted(ranks, reverse=True)

    from bygdevekst.search import views

    views_page_size, views.PAGE_SIZE = views.PAGE_SIZE, 3
    try:
        page2 = client_for("kdd").get("/search/", {"q": "xylofonorkester", "page": 2}).content.decode()
    finally:
        views.PAGE_SIZE = views_page_size
    assert page2.count('class="search-hit"') == 1 and '<ol class="plain-list search-hits" start="4">' in page2
