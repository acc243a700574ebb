from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    """What an endpoint may subscribe to. Each comes from one logged action (events.ACTION_EVENTS)."""

    PROPOSAL_SUBMITTED = "proposal.submitted", _("Proposal submitted")
    PROPOSAL_WITHDRAWN = "proposal.withdrawn", _("Proposal withdrawn")
    RESPONSE_PUBLISHED = "response.published", _("Response published")
    DIALOGUE_OPENED = "dialogue.opened", _("Dialogue opened")
    MEETING_CALLED = "meeting.called", _("Meeting called")
    DECISION_RECORDED = "decision.recorded", _("Political decision or exception recorded")
    RECORD_CORRECTED = "record.corrected", _("Recorded decision or confirmation corrected")
    RECORD_WITHDRAWN = "record.withdrawn", _("Recorded decision or confirmation withdrawn")
    VERSION_FROZEN = "version.frozen", _("Version frozen")
    AGREEMENT_AGREED = "agreement.agreed", _("Final text agreed")
    APPROVAL_OPENED = "approval.opened", _("Approval round opened")
    AGREEMENT_APPROVED = "agreement.approved", _("Agreement approved")
    AGREEMENT_SIGNED = "agreement.signed", _("Agreement signed")
    AGREEMENT_ENDED = "agreement.ended", _("Agreement ended")
    ADDENDUM_APPROVED = "addendum.approved", _("Addendum approved")
    LETTER_SENT = "letter.sent", _("Letter sent")
    MEASURE_STATUS_CHANGED = "measure.status_changed", _("Measure status changed")
    REPORT_SUBMITTED = "report.submitted", _("Yearly report submitted")
    COMMENT_POSTED = "comment.posted", _("Comment posted")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("failed")
