"""Political anchoring: the decisions of the councils (and the government) on a proposal or final text."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from bygdevekst.access.uploads import validate_pdf_upload
from bygdevekst.organisations.models import Organisation

from ..enums import DELEGATED_BODIES, Body
from .records import IN_FORCE, Correctable

# A slot is filled only by a decision that decided (not postponed) and is in force (R9).
_FILLS_SLOT = Q(final_approval=True, postponed=False) & IN_FORCE


class AnchoringDecision(Correctable):
    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, related_name="anchoring_decisions")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="anchoring_decisions"
    )
    body = models.CharField(_("decision-making body"), max_length=20, choices=Body.choices)
    approves_proposal = models.BooleanField(_("approves the proposal"), default=False)
    gives_mandate = models.BooleanField(_("gives a mandate for the dialogue"), default=False)
    mandate_to = models.CharField(
        _("mandate given to"), max_length=20, blank=True,
        choices=[(Body.ORDFORER.value, Body.ORDFORER.label), (Body.FORMANNSKAP.value, Body.FORMANNSKAP.label)],
    )
    delegation = models.CharField(
        _("delegated authority"), max_length=300, blank=True,
        help_text=_("For the executive committee or the mayor: the council's decision or the delegation "
                    "regulation it acts under, e.g. “Kommunestyret PS 12/24” or “Delegeringsreglementet § 4”."),
    )
    final_approval = models.BooleanField(_("final approval of the agreement"), default=False)
    postponed = models.BooleanField(_("postponed"), default=False)
    rejected = models.BooleanField(_("rejected"), default=False)
    meeting_date = models.DateField(_("meeting date"))
    case_number = models.CharField(_("case number"), max_length=40, blank=True, help_text=_("E.g. PS 14/24."))
    decision_text = models.TextField(_("decision text"), blank=True)
    minutes = models.FileField(
        _("signed minutes (PDF)"), upload_to="anchoring/%Y/", blank=True, validators=[validate_pdf_upload]
    )
    version = models.ForeignKey(
        "agreements.AgreementVersion",
        verbose_name=_("version decided on"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="anchoring_decisions",
    )
    addendum = models.ForeignKey(
        "process.Addendum", verbose_name=_("addendum decided on"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="decisions",
    )
    version_sha256 = models.CharField(_("SHA-256 of the version"), max_length=64, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("anchoring decision")
        verbose_name_plural = _("anchoring decisions")
        ordering = ["agreement_id", "organisation__name", "meeting_date", "pk"]
        constraints = [
            # R4: one final approval per organisation, body and version; a postponement or a corrected or
            # withdrawn record (R9) leaves the slot free.
            models.UniqueConstraint(
                fields=["organisation", "body", "version"], condition=_FILLS_SLOT,
                name="one_final_approval_per_body_and_version",
                violation_error_message=_("This body's final approval of this version is already recorded. "
                                          "Correct the recorded decision if it is wrong."),
            ),
            models.CheckConstraint(
                condition=Q(final_approval=False) | Q(version__isnull=False) | Q(addendum__isnull=False),
                name="final_approval_names_version",
                violation_error_message=_("A final approval can only be recorded once there is a final agreed version."),
            ),
            models.UniqueConstraint(
                fields=["organisation", "body", "addendum"], condition=_FILLS_SLOT,
                name="one_approval_per_body_and_addendum",
                violation_error_message=_("This body's approval of this addendum is already recorded. "
                                          "Correct the recorded decision if it is wrong."),
            ),
            # R1: a mayor cannot give himself a mandate, nor the executive committee itself.
            models.CheckConstraint(
                condition=Q(mandate_to="") | ~Q(mandate_to=F("body")), name="no_mandate_to_itself",
                violation_error_message=_("A body cannot give a mandate to itself."),
            ),
            models.CheckConstraint(
                condition=~(Q(rejected=True) & (Q(approves_proposal=True) | Q(gives_mandate=True) | Q(final_approval=True))),
                name="rejection_approves_nothing",
                violation_error_message=_("A rejection cannot also approve or give a mandate."),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.get_body_display()} {self.meeting_date:%d.%m.%Y}"

    @property
    def acts_with_authority(self):
        """R1: a council always counts; the executive committee or the mayor only under a named delegation."""
        return self.body not in DELEGATED_BODIES or bool(self.delegation.strip())

    @property
    def anchors_proposal(self):
        return ((self.approves_proposal or self.gives_mandate) and not self.rejected and not self.postponed
                and self.in_force and self.acts_with_authority)

    def approves_final(self, bodies, sha256):
        """R4: an in-force final approval by one of `bodies` of the text with this SHA-256."""
        return (self.final_approval and not self.rejected and not self.postponed and self.in_force
                and self.body in bodies and sha256 is not None and self.version_sha256 == sha256)

    def what(self):
        parts = []
        for flag in ("approves_proposal", "gives_mandate", "final_approval", "postponed", "rejected"):
            if getattr(self, flag):
                parts.append(str(self._meta.get_field(flag).verbose_name))
        return ", ".join(parts)


class AnchoringException(Correctable):
    """R1: KDD accepts a missing or late decision only as a recorded, reasoned exception."""

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, related_name="anchoring_exceptions")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("anchoring exception")
        verbose_name_plural = _("anchoring exceptions")
        constraints = [models.UniqueConstraint(fields=["agreement", "organisation"], condition=IN_FORCE,
                                               name="one_exception_in_force_per_org")]

    def __str__(self):
        return f"{self.organisation}: {self.reason[:60]}"
