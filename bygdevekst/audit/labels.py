"""What each logged action is called in the pages: the timeline and the log show these, with the code
beside them for those who search the log. tests/security/test_audit.py fails on a code without a label."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    # The agreement and its process
    "agreement.created": _("Agreement draft started"),
    "agreement.edited": _("Text edited"),
    "agreement.version_frozen": _("Named version saved"),
    "agreement.version_unchanged": _("Version not saved again: the text is unchanged"),
    "agreement.exported": _("Document downloaded"),
    "agreement.comment_posted": _("Comment posted"),
    "agreement.comment_resolved": _("Comment resolved"),
    "agreement.comment_reopened": _("Comment reopened"),
    "agreement.commitments_confirmed": _("Party confirmed its commitments"),
    "agreement.county_commitment_confirmed": _("County council commitment confirmed"),
    "agreement.county_role_changed": _("County council's role changed"),
    "agreement.anchoring_decision_recorded": _("Political decision recorded"),
    "agreement.anchoring_exception_recorded": _("Exception from anchoring recorded"),
    "agreement.submit": _("Proposal submitted to KDD"),
    "agreement.withdraw": _("Proposal withdrawn"),
    "agreement.respond": _("KDD's response given"),
    "agreement.open_dialogue": _("Dialogue opened"),
    "agreement.agree": _("Final text agreed"),
    "agreement.open_approval": _("Formal approval opened"),
    "agreement.approve": _("Agreement approved by every party"),
    "agreement.end": _("Agreement ended"),
    "agreement.response_drafted": _("Response drafted"),
    "agreement.response_edited": _("Response edited"),
    "agreement.response_approved": _("Response approved by a second case officer"),
    "agreement.response_published": _("Response published"),
    "agreement.signed": _("Signing recorded"),
    "agreement.record_corrected": _("Recorded fact corrected"),
    "agreement.record_withdrawn": _("Recorded fact withdrawn"),
    "agreement.addendum_created": _("Addendum drafted"),
    "agreement.addendum_sent_for_approval": _("Addendum sent for approval"),
    "agreement.addendum_approved": _("Addendum approved"),
    # Action plans and follow-up
    "actionplan.created": _("Action plan started"),
    "actionplan.revision_created": _("Action plan revision started"),
    "actionplan.measure_added": _("Measure added"),
    "actionplan.measure_changed": _("Measure changed"),
    "actionplan.measure_removed": _("Measure removed"),
    "actionplan.measure_status_changed": _("Measure status changed"),
    "actionplan.budget_changed": _("Budget changed"),
    "actionplan.imported": _("Action plan imported from a spreadsheet"),
    "actionplan.import_refused": _("Spreadsheet import refused"),
    "actionplan.exported": _("Action plan downloaded"),
    "actionplan.overview_exported": _("Action plan overview downloaded"),
    "actionplan.frozen_with_proposal": _("Action plan frozen with the proposal"),
    "actionplan.adopted": _("Action plan adopted"),
    "actionplan.report_started": _("Yearly report started"),
    "actionplan.report_saved": _("Yearly report saved"),
    "actionplan.report_submitted": _("Yearly report submitted"),
    "actionplan.report_meeting_linked": _("Annual meeting linked to the report"),
    # Meetings
    "meeting.created": _("Meeting created"),
    "meeting.edited": _("Meeting changed"),
    "meeting.cancelled": _("Meeting cancelled"),
    "meeting.item_added": _("Agenda item added"),
    "meeting.participant_added": _("Participant added"),
    "meeting.outcome_corrected": _("Recorded outcome corrected"),
    "meeting.minutes_recorded": _("Minutes recorded"),
    # Letters and the case log
    "correspondence.letter_composed": _("Letter drafted"),
    "correspondence.recipients_changed": _("Letter recipients changed"),
    "correspondence.letter_sent": _("Letter approved, registered and sent"),
    "correspondence.exported": _("Archive package downloaded"),
    "correspondence.export_refused": _("Archive export refused"),
    "correspondence.document_version_added": _("New version of a registered document added"),
    # Programme
    "round.created": _("Round created"),
    "round.edited": _("Round changed"),
    "round.exported": _("Round table downloaded (overview, anchoring matrix, action plans or case log)"),
    "pilot.created": _("Pilot created"),
    "pilot.edited": _("Pilot changed"),
    "milestone.created": _("Milestone created"),
    "milestone.edited": _("Milestone changed"),
    "milestone.reminder_sent": _("Deadline reminder sent"),
    # People and accounts
    "invitation.sent": _("Invitation sent"),
    "invitation.revoked": _("Invitation revoked"),
    "invitation.accepted": _("Invitation accepted"),
    "user.logged_in": _("Logged in"),
    "user.logged_out": _("Logged out"),
    "user.login_failed": _("Failed login"),
    "user.login_locked": _("Login locked after repeated failures"),
    "user.profile_changed": _("Profile changed"),
    "user.password_changed": _("Password changed"),
    "user.password_reset": _("Password set from a reset link"),
    "user.language_changed": _("Language changed"),
    "api_token.created": _("API token created"),
    "api_token.revoked": _("API token revoked"),
    "notifications.preference_changed": _("Notification settings changed"),
    # Operations
    "system.backup_made": _("Backup made"),
    "system.restored": _("Data restored from a backup"),
    "system.verified": _("Records checked against their checksums"),
}


# Edits of the agreement's elements are logged as agreement.<element>_<added|edited|moved|removed>
# (agreements/views/edit.py builds the code from the element's kind).
ELEMENT_LABELS = {
    "agreement.focus_area_added": _("Focus area added"),
    "agreement.focus_area_edited": _("Focus area changed"),
    "agreement.focus_area_moved": _("Focus area moved"),
    "agreement.focus_area_removed": _("Focus area removed"),
    "agreement.sub_goal_added": _("Sub-goal added"),
    "agreement.sub_goal_edited": _("Sub-goal changed"),
    "agreement.sub_goal_moved": _("Sub-goal moved"),
    "agreement.sub_goal_removed": _("Sub-goal removed"),
    "agreement.commitment_added": _("Commitment added"),
    "agreement.commitment_edited": _("Commitment changed"),
    "agreement.commitment_moved": _("Commitment moved"),
    "agreement.commitment_removed": _("Commitment removed"),
    "agreement.section_added": _("Section added"),
    "agreement.section_edited": _("Section changed"),
    "agreement.section_moved": _("Section moved"),
    "agreement.section_removed": _("Section removed"),
}


def label_for(code):
    """The action's name in the user's language; an unknown code (an old row) shows as itself."""
    return LABELS.get(code) or ELEMENT_LABELS.get(code) or code
