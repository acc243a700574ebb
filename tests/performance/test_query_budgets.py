"""Query budgets: every main page and API list asks the database as many times on a much larger dataset as on
the demo. A count that grows with the data is an N+1 waiting for national scale (docs/performance.md)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bygdevekst.agreements.models import Agreement
from bygdevekst.demo.scale import generate
from bygdevekst.search.indexers import reindex_all


def _pages(agreement):
    versions = list(agreement.versions.order_by("-number").values_list("number", flat=True)[:2])
    compare = f"/agreements/{agreement.pk}/compare/"
    if len(versions) == 2:
        compare += f"?from={versions[1]}&to={versions[0]}"
    return [
        "/",
        "/action-plans/",
        f"/action-plans/{agreement.action_plans.order_by('-year', '-revision').first().pk}/",
        f"/agreements/{agreement.pk}/",
        f"/process/agreements/{agreement.pk}/",
        f"/agreements/{agreement.pk}/versions/",
        compare,
        f"/pilots/{agreement.pilot_id}/",
        f"/rounds/{agreement.pilot.round_id}/",
        "/cases/",
        "/notifications/",
        "/open-data/",
        "/open-data/rounds/2/agreements.json",
        "/open-data/rounds/2/action-plans.json",
        "/search/?q=bolig",
    ]


API_LISTS = [
    "/api/v1/agreements/",
    "/api/v1/rounds/",
    "/api/v1/pilots/",
    "/api/v1/cases/",
    "/api/v1/registry-entries/",
    "/api/v1/organisations/",
]


def _count(client, url, kept=False):
    """The page's queries as rendered afresh, or (`kept`) as asked again with the kept parts cached
    (programme/overview_cache.py, audit/fragments.py)."""
    cache.clear()
    if kept:
        assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if hasattr(response, "streaming_content"):
        with CaptureQueriesContext(connection) as streamed:
            b"".join(response.streaming_content)
        return len(queries) + len(streamed)
    return len(queries)


def _counts(client, api, agreement, admin):
    counts = {url: _count(client, url) for url in _pages(agreement)}
    counts["/audit/"] = _count(admin, "/audit/")
    counts.update({url: _count(api, url) for url in API_LISTS})
    counts.update({f"{url} (kept)": _count(client, url, kept=True) for url in _pages(agreement)})
    return counts


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_data(client_for, api_client):
    agreement = Agreement.objects.select_related("pilot").get(pilot__name="Trysil-regionen")
    kdd, api, admin = client_for("kdd"), api_client("kdd"), client_for("admin")
    _counts(kdd, api, agreement, admin)  # warm caches that are filled once per process, not per request
    before = _counts(kdd, api, agreement, admin)
    # Tenfold the measures, log rows, registry entries and versions; pilots more than double.
    generate(scale=0.1)
    reindex_all()  # as manage.py generate_scale_data does: the new texts are findable
    after = _counts(kdd, api, agreement, admin)
    grown = {url: (before[url], after[url]) for url in before if before[url] != after[url]}
    # The log page names the objects its entries refer to with one query per kind of object on the page (tested in
    # tests/audit/test_describe.py), so its count follows which kinds the newest entries name, never how many
    # rows there are: it must not grow.
    if "/audit/" in grown and after["/audit/"] <= before["/audit/"]:
        del grown["/audit/"]
    assert not grown, f"query count grew with the data (demo, 10x): {grown}"


@pytest.mark.django_db
def test_unread_count_is_asked_once_per_request(client_for):
    """Each panel renders with the request, which reruns the context processors; the menu's unread count
    must still be one query per page."""
    agreement = Agreement.objects.get(pilot__name="Trysil-regionen")
    client = client_for("trysil")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/agreements/{agreement.pk}/").status_code == 200
    unread = [q["sql"] for q in queries if "notifications_notification" in q["sql"] and "read_at" in q["sql"]]
    assert len(unread) == 1, unread
