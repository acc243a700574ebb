from django.urls import path

from . import views

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
]
