from django.urls import path

from . import calendar, manage_views, people_views, views

app_name = "programme"

urlpatterns = [
    path("", views.home, name="home"),
    path("rounds/new/", manage_views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/timeline/", views.timeline_page, name="timeline"),
    path("rounds/<int:pk>/export/<slug:kind>.<slug:fmt>", views.round_export, name="round_export"),
    path("rounds/<int:pk>/edit/", manage_views.round_edit, name="round_edit"),
    path("rounds/<int:pk>/calendar.ics", calendar.round_ics, name="round_ics"),
    path("rounds/<int:round_pk>/pilots/new/", manage_views.pilot_create, name="pilot_create"),
    path("rounds/<int:round_pk>/milestones/new/", manage_views.milestone_create, name="milestone_create"),
    path("milestones/<int:pk>/edit/", manage_views.milestone_edit, name="milestone_edit"),
    path("pilots/<int:pk>/", views.pilot_detail, name="pilot"),
    path("pilots/<int:pk>/edit/", manage_views.pilot_edit, name="pilot_edit"),
    path("pilots/<int:pk>/calendar.ics", calendar.pilot_ics, name="pilot_ics"),
    path("pilots/<int:pk>/people/", people_views.people, name="people"),
    path("pilots/<int:pk>/people/invitations/<int:invitation_pk>/revoke/", people_views.invitation_revoke,
         name="invitation_revoke"),
]
