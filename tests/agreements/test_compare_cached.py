"""The comparison of two versions is computed once per pair of SHA-256s and is the same as computed afresh."""

import pickle
import re
from unittest import mock

from django.core.cache import cache

from bygdevekst.agreements.domain import diff as diffing


def _without_tokens(page):
    """The page less its CSRF tokens, which are masked afresh on every response."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)


def _pair(draft):
    versions = {v.number: v for v in draft.versions.filter(number__in=(1, 2))}
    return versions[1], versions[2]


def test_cached_comparison_is_identical_and_computed_once(draft):
    cache.clear()
    old, new = _pair(draft)
    fresh = diffing.diff(old.content, new.content)
    assert not diffing.is_empty(fresh)
    with mock.patch.object(diffing, "diff", wraps=diffing.diff) as computed:
        first = diffing.versions_diff(old, new)
        second = diffing.versions_diff(old, new)
        reverse = diffing.versions_diff(new, old)
    assert computed.call_count == 2  # the pair once, the reverse pair once
    assert pickle.dumps(first) == pickle.dumps(fresh) == pickle.dumps(second)  # same values, same types
    assert reverse == diffing.diff(new.content, old.content)


def test_compare_page_the_same_from_the_cache(client_for, draft):
    cache.clear()
    client = client_for("trysil")
    url = f"/agreements/{draft.pk}/compare/?from=1&to=2"
    first = client.get(url).content.decode()
    with mock.patch.object(diffing, "diff", side_effect=AssertionError("computed again")):
        again = client.get(url).content.decode()
    assert "<ins>" in first and _without_tokens(first) == _without_tokens(again)
