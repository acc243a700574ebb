"""The annual political meeting: an approved agreement has one in every year of its period.

A year counts from the year the agreement was approved (or its period started, for agreements loaded as
approved) to the end of the period; a year without a recorded annual meeting is flagged once it has
ended — until 31 December the meeting can still be held.
"""

from collections import defaultdict

from django.utils import timezone

from bygdevekst.agreements.enums import AgreementState

from .models import Meeting, MeetingKind

FOLLOWED_UP = (AgreementState.APPROVED, AgreementState.ENDED)


def expected_years(agreement):
    if agreement.state not in FOLLOWED_UP or agreement.period_start is None:
        return []
    # (the year in Norway: an approval just after midnight on 1 January belongs to the new year)
    first = timezone.localtime(agreement.approved_at).year if agreement.approved_at else agreement.period_start.year
    first = max(first, agreement.period_start.year)
    last = agreement.period_end.year if agreement.period_end else first
    return list(range(first, last + 1))


def missing_years(agreements, today=None):
    """{agreement pk: [ended years without an annual meeting]} for the given agreements, in one query."""
    today = today or timezone.localdate()
    agreements = [a for a in agreements if a is not None]
    held = defaultdict(set)
    for agreement_id, date in Meeting.objects.filter(
        agreement__in=[a.pk for a in agreements], kind=MeetingKind.ANNUAL, cancelled_at__isnull=True
    ).values_list("agreement_id", "date"):
        held[agreement_id].add(date.year)
    return {
        a.pk: [y for y in expected_years(a) if y < today.year and y not in held[a.pk]] for a in agreements
    }
