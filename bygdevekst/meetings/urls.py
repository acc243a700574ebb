from django.urls import path

from . import answer_views, document_views, views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_create, name="create"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/participants/", views.add_participant, name="add_participant"),
    path("<int:pk>/items/", views.add_item, name="add_item"),
    path("<int:pk>/outcomes/", views.record_outcomes, name="outcomes"),
    path("<int:pk>/cancel/", views.cancel_meeting, name="cancel"),
    path("<int:pk>/answer/", answer_views.answer, name="answer"),
    path("<int:pk>/minutes/", document_views.write_minutes, name="minutes"),
    path("<int:pk>/minutes.pdf", document_views.minutes_pdf, name="minutes_pdf"),
    path("<int:pk>/minutes.docx", document_views.minutes_docx, name="minutes_docx"),
    path("<int:pk>/minutes/register/", document_views.register_minutes, name="register_minutes"),
    path("<int:pk>/documents/", document_views.attach, name="attach"),
    path("<int:pk>/documents/<int:doc>/", document_views.attachment, name="attachment"),
    path("<int:pk>/documents/<int:doc>/withdraw/", document_views.withdraw_attachment, name="withdraw_attachment"),
]
