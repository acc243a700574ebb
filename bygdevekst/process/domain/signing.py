"""Recording the signing of an approved agreement: the signature page, one signatory per main party."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bygdevekst.agreements.enums import AgreementState
from bygdevekst.audit.log import log_action
from bygdevekst.core import signals
from bygdevekst.core.guards import Guard, Refused

from ..models import Signatory, Signing
from .anchoring import final_version

can_be_signed = Guard(
    lambda agreement: agreement.state == AgreementState.APPROVED
    and not Signing.objects.in_force().filter(agreement=agreement).exists(),
    gettext_lazy("Only an approved agreement that is not yet signed can be signed."), name="can_be_signed",
)


def current_signing(agreement):
    """The signing in force (R9: corrected or withdrawn ones stay, but do not count)."""
    return (Signing.objects.in_force().filter(agreement=agreement).select_related("version")
            .prefetch_related("signatories__organisation").first())


def signing_date_reasons(agreement, signed_on):
    """Dates in order: a signing is not dated before the approval it follows, nor in the future."""
    reasons = []
    if agreement.approved_at is not None:
        approved = timezone.localtime(agreement.approved_at).date()
        if signed_on < approved:
            reasons.append(_("The signing date %(date)s is before the agreement was approved on %(approved)s.")
                           % {"date": signed_on.strftime("%d.%m.%Y"), "approved": approved.strftime("%d.%m.%Y")})
    if signed_on > timezone.localdate():
        reasons.append(_("The signing date %(date)s is in the future.") % {"date": signed_on.strftime("%d.%m.%Y")})
    return reasons


def signed_copy_filename(signing):
    """A clean name for the signed copy, never the storage's (which may carry a suffix like _p_nTWikHZ)."""
    return f"signert-avtale-{slugify(signing.agreement.pilot.name)}-{signing.signed_on:%Y-%m-%d}.pdf"


def signing_facts(signing):
    """What the signing says, readable, for the history."""
    return {"signed_on": signing.signed_on.strftime("%d.%m.%Y"), "version": signing.version.number,
            "signatories": [f"{s.name} ({s.organisation.name})" for s in signing.signatories.all()]}


def record_signing(agreement, signed_on, signatories, user, signed_copy=None, request=None):
    """`signatories`: (organisation, name, title) per main party. Logged as agreement.signed. The guard is
    checked again under a lock on the agreement, so a double submit records one signing."""
    from bygdevekst.agreements.models import Agreement

    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        can_be_signed.check(agreement)
        reasons = signing_date_reasons(agreement, signed_on)
        if reasons:
            raise Refused(reasons)
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
