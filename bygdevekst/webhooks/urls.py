from django.urls import path

from . import views

app_name = "webhooks"

urlpatterns = [
    path("", views.endpoint_list, name="endpoints"),
    path("new/", views.endpoint_new, name="endpoint_new"),
    path("<int:pk>/", views.endpoint_detail, name="endpoint"),
    path("<int:pk>/edit/", views.endpoint_edit, name="endpoint_edit"),
    path("<int:pk>/delete/", views.endpoint_delete, name="endpoint_delete"),
    path("<int:pk>/rotate-key/", views.rotate_key, name="rotate_key"),
    path("keys/<int:pk>/retire/", views.retire_key, name="retire_key"),
    path("deliveries/<int:pk>/send-again/", views.redeliver, name="redeliver"),
]
