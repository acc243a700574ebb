from django.urls import path

from . import calendar_views

app_name = "calendar"

urlpatterns = [
    path("", calendar_views.my_calendar, name="mine"),
    path("new/", calendar_views.create_token, name="create_token"),
    path("revoke/", calendar_views.revoke_token, name="revoke_token"),
    path("<str:token>.ics", calendar_views.personal_feed, name="feed"),
]
