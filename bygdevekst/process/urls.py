from django.urls import path

from .views import agreement, anchoring, corrections, response, signing

app_name = "process"

urlpatterns = [
    path("agreements/<int:pk>/", agreement.agreement_process, name="agreement"),
    path("agreements/<int:pk>/transition/", agreement.transition_view, name="transition"),
    path("agreements/<int:pk>/county-role/", agreement.county_role, name="county_role"),
    path("agreements/<int:pk>/county-commitments/<uuid:uid>/confirm/", agreement.confirm_county_commitment,
         name="confirm_county_commitment"),
    path("agreements/<int:pk>/confirm-commitments/", agreement.confirm_commitments, name="confirm_commitments"),
    path("agreements/<int:pk>/partner-confirm/", agreement.partner_confirm, name="partner_confirm"),
    path("agreements/<int:pk>/anchoring/new/", anchoring.record_decision, name="record_decision"),
    path("agreements/<int:pk>/anchoring/exception/", agreement.record_exception, name="record_exception"),
    path("agreements/<int:pk>/records/<slug:kind>/<int:record_pk>/correct/", corrections.correct,
         name="correct_record"),
    path("agreements/<int:pk>/records/<slug:kind>/<int:record_pk>/withdraw/", corrections.withdraw,
         name="withdraw_record"),
    path("anchoring/<int:pk>/minutes.pdf", anchoring.minutes_download, name="minutes"),
    path("anchoring/", anchoring.matrix, name="matrix_current"),
    path("rounds/<int:pk>/anchoring/", anchoring.matrix, name="matrix"),
    path("agreements/<int:pk>/response/", response.edit_response, name="edit_response"),
    path("responses/<int:pk>/", response.response_detail, name="response"),
    path("responses/<int:pk>/approve/", response.approve_response, name="approve_response"),
    path("responses/<int:pk>/publish/", response.publish_response, name="publish_response"),
    path("agreements/<int:pk>/sign/", signing.sign, name="sign"),
    path("agreements/<int:pk>/signed.pdf", signing.signed_copy, name="signed_copy"),
    path("agreements/<int:pk>/addenda/new/", signing.add_addendum, name="add_addendum"),
    path("agreements/<int:pk>/addenda/<int:number>/send/", signing.send_addendum, name="send_addendum"),
    path("agreements/<int:pk>/addenda/<int:number>/approve/", signing.approve_addendum, name="approve_addendum"),
]
