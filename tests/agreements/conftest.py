import pytest

from bygdevekst.agreements.enums import AgreementState


@pytest.fixture
def draft(demo):
    """Trysil's agreement as a draft (the process app's demo may have moved it on)."""
    agreement = demo["pilots"]["Trysil-regionen"].agreement
    type(agreement).objects.filter(pk=agreement.pk).update(state=AgreementState.DRAFT)
    agreement.refresh_from_db()
    return agreement
