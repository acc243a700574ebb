from django.urls import path

from . import views

app_name = "actionplans"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("overview.xlsx", views.overview_export_xlsx, name="overview_xlsx"),
    path("overview.csv", views.overview_export_csv, name="overview_csv"),
    path("agreement/<int:pk>/", views.agreement_plan, name="agreement"),
    path("agreement/<int:pk>/start/", views.start_plan, name="start"),
    path("agreement/<int:pk>/import/", views.import_view, name="import"),
    path("agreement/<int:pk>/goals/", views.goals, name="goals"),
    path("agreement/<int:pk>/reports/", views.reports, name="reports"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/adopt/", views.adopt, name="adopt"),
    path("<int:pk>/new-year/", views.new_year, name="new_year"),
    path("<int:pk>/plan.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<int:pk>/plan.pdf", views.export_pdf, name="export_pdf"),
    path("<int:pk>/plan.docx", views.export_docx, name="export_docx"),
    path("<int:plan_pk>/measures/new/", views.measure_form, name="measure_add"),
    path("measures/<int:pk>/", views.measure_history, name="measure"),
    path("measures/<int:pk>/edit/", views.measure_form, name="measure_edit"),
    path("measures/<int:pk>/delete/", views.measure_delete, name="measure_delete"),
    path("measures/<int:pk>/status/", views.measure_status, name="measure_status"),
    path("measures/<int:measure_pk>/budget/new/", views.budget_form, name="budget_add"),
    path("budget/<int:pk>/edit/", views.budget_form, name="budget_edit"),
    path("budget/<int:pk>/delete/", views.budget_delete, name="budget_delete"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("reports/<int:pk>/meeting/", views.report_meeting, name="report_meeting"),
]
