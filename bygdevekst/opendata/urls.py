from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("", views.index, name="index"),
    path("rounds/<int:number>/agreements.json", views.agreements_json, name="agreements_json"),
    path("rounds/<int:number>/agreements.csv", views.agreements_csv, name="agreements_csv"),
    path(
        "rounds/<int:number>/agreements/<int:agreement_id>/versions/<int:version>.json",
        views.agreement_version_json,
        name="agreement_version",
    ),
    path("rounds/<int:number>/action-plans.json", views.action_plans_json, name="action_plans_json"),
    path("rounds/<int:number>/action-plans.csv", views.action_plans_csv, name="action_plans_csv"),
]
