"""Recording the signing of an approved agreement: the signature page, one signatory per main party."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from bygdevekst.agreements.enums import AgreementState
from bygdevekst.audit.log import log_action
from bygdevekst.core import signals
from bygdevekst.core.guards import Guard

from ..models import Signatory, Signing
from .anchoring import final_version

can_be_signed = Guard(
    lambda agreement: agreement.state == AgreementState.APPROVED and not Signing.objects.filter(agreement=agreement).exists(),
    _("Only an approved agreement that is not yet signed can be signed."), name="can_be_signed",
)


def record_signing(agreement, signed_on, signatories, user, signed_copy=None, request=None):
    """`signatories`: (organisation, name, title) per main party. Logged as agreement.signed. The guard is
    checked again under a lock on the agreement, so a double submit records one signing."""
    from bygdevekst.agreements.models import Agreement

    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        can_be_signed.check(agreement)
        signing = Signing.objects.create(agreement=agreement, version=final_version(agreement), signed_on=signed_on,
                                         signed_copy=signed_copy or "", recorded_by=user)
        Signatory.objects.bulk_create(
            Signatory(signing=signing, organisation=organisation, name=name, title=title)
            for organisation, name, title in signatories
        )
        log_action("agreement.signed", actor=user, obj=signing, agreement=agreement, request=request,
                   data={"signed_on": signed_on.isoformat(), "version_sha256": signing.version.sha256,
                         "signatories": [name for _organisation, name, _title in signatories]})
        signals.agreement_signed.send(sender=Signing, agreement=agreement, signing=signing, user=user)
    return signing
