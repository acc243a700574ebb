"""Documents print dates the Norwegian way in the agreement's written standard."""

from django.utils import translation

from bygdevekst.agreements.documents.present import period_text


def test_period_is_printed_in_norwegian_whatever_the_readers_language():
    content = {"period_start": "2025-07-01", "period_end": "2029-07-01"}
    with translation.override("en"):
        assert period_text(content, "nb") == "1. juli 2025 – 1. juli 2029"
        assert period_text(content, "nn") == "1. juli 2025 – 1. juli 2029"


def test_no_period_prints_nothing():
    assert period_text({}, "nb") == ""


def test_a_version_frozen_after_midnight_in_oslo_is_dated_that_day_in_its_documents(demo):
    """A version frozen at 00:30 on 7 December in Oslo (23:30 UTC on the 6th) says 07.12.2026 in its PDF and Word."""
    import datetime

    from bygdevekst.agreements.documents.present import present
    from bygdevekst.agreements.models import AgreementVersion

    version = AgreementVersion.objects.order_by("pk").first()
    version.created_at = datetime.datetime(2026, 12, 6, 23, 30, tzinfo=datetime.UTC)  # not saved: versions never change
    shown = present(version)
    assert shown["created_date"] == "07.12.2026"
    assert shown["created"] == "2026-12-06T23:30:00Z"  # the machine-readable time stays in UTC, marked as such
