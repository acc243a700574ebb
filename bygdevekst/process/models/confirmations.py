from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bygdevekst.organisations.models import Organisation

from .records import IN_FORCE, Correctable


class PartnerConfirmation(Correctable):
    """A party confirms (or not) its own commitments in the draft before submission.

    `digest` is the hash of the party's commitments when confirmed: if they change later,
    the confirmation no longer counts and the party is asked again.
    """

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="partner_confirmations")
    organisation = models.ForeignKey(Organisation, verbose_name=_("party"), on_delete=models.PROTECT, related_name="+")
    agreed = models.BooleanField(_("agrees to its commitments"))
    comment = models.TextField(_("comment"), blank=True)
    digest = models.CharField(max_length=64)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("partner confirmation")
        verbose_name_plural = _("partner confirmations")
        constraints = [models.UniqueConstraint(fields=["agreement", "organisation"], condition=IN_FORCE,
                                               name="one_confirmation_in_force_per_party")]

    def __str__(self):
        return f"{self.organisation}: {'✓' if self.agreed else '✗'}"


class CountyCommitmentConfirmation(Correctable):
    """R3: a county-council commitment beyond personnel resources, explicitly confirmed.

    `digest` is the hash of the commitment when confirmed: a changed amount, kind or text is flagged again.
    """

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="county_confirmations")
    commitment_uid = models.UUIDField()
    # The commitment as confirmed (kind, amount, text): if it changes, the confirmation no longer covers it.
    digest = models.CharField(max_length=64, blank=True, default="")
    note = models.TextField(_("note"), blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("confirmed county-council commitment")
        verbose_name_plural = _("confirmed county-council commitments")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "commitment_uid"], condition=IN_FORCE,
                                    name="one_county_confirmation_in_force_per_commitment")
        ]

    def __str__(self):
        return str(self.commitment_uid)
