"""Freezing is idempotent: the same text as the latest version makes no new version; either way the lock moves
on, so a second click on the same page is a 409."""

from bygdevekst.agreements.domain.versions import freeze_named_version
from bygdevekst.agreements.models import Agreement


def test_freezing_unchanged_text_twice_makes_no_new_version(demo, client_for):
    agreement = demo["pilots"]["Trysil-regionen"].agreement
    kdd = demo["users"]["kdd"]
    Agreement.objects.filter(pk=agreement.pk).update(title="Endret tittel")
    agreement.refresh_from_db()
    first, created = freeze_named_version(agreement, kdd, "første", agreement.lock_version)
    assert created
    lock = agreement.lock_version
    again, created = freeze_named_version(agreement, kdd, "andre", agreement.lock_version)
    assert not created and again.pk == first.pk and agreement.lock_version == lock + 1
    assert agreement.versions.count() == first.number

    url = f"/agreements/{agreement.pk}/versions/freeze/"
    client = client_for("trysil")
    post = {"label": "klikk", "lock_version": agreement.lock_version}
    assert client.post(url, post).status_code == 302  # unchanged: no new version, shown the existing one
    second_click = client.post(url, post)
    assert second_click.status_code == 409
    assert agreement.versions.count() == first.number
