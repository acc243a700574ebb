from django.urls import path

from . import views, views_letters

app_name = "correspondence"

urlpatterns = [
    path("", views.case_list, name="cases"),
    path("<int:pk>/", views.case_detail, name="case"),
    path("entries/<int:pk>/", views.entry_detail, name="entry"),
    path("documents/<int:pk>/download/<str:filename>", views.download, name="download"),
    path("<int:pk>/archive.zip", views.export_case, name="export_case"),
    path("archive/", views.export_range, name="export_range"),
    path("letters/", views_letters.letter_list, name="letters"),
    path("letters/new/", views_letters.letter_new, name="letter_new"),
    path("letters/<int:pk>/", views_letters.letter_detail, name="letter"),
    path("letters/<int:pk>/edit/", views_letters.letter_edit, name="letter_edit"),
    path("letters/<int:pk>/approve/", views_letters.letter_approve, name="letter_approve"),
    path("letters/<int:pk>/preview.pdf", views_letters.letter_preview, name="letter_preview"),
]
