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
