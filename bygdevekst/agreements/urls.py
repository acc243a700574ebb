from django.urls import path

from . import views

app_name = "agreements"

urlpatterns = [
    path("start/<int:pilot_pk>/", views.start, name="start"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/edit/", views.editor, name="editor"),
    path("<int:pk>/edit/overview/", views.overview_form, name="overview"),
    path("<int:pk>/edit/<slug:kind>/new/", views.element_form, name="element_new"),
    path("<int:pk>/edit/<slug:kind>/<uuid:uid>/", views.element_form, name="element_edit"),
    path("<int:pk>/edit/<slug:kind>/<uuid:uid>/move/", views.element_move, name="element_move"),
    path("<int:pk>/edit/<slug:kind>/<uuid:uid>/remove/", views.element_remove, name="element_remove"),
    path("<int:pk>/versions/", views.version_list, name="versions"),
    path("<int:pk>/versions/freeze/", views.freeze, name="freeze"),
    path("<int:pk>/versions/<int:number>/", views.version_detail, name="version"),
    path("<int:pk>/versions/<int:number>.pdf", views.version_pdf, name="version_pdf"),
    path("<int:pk>/versions/<int:number>.docx", views.version_docx, name="version_docx"),
    path("<int:pk>/versions/<int:number>/comments/", views.comment_create, name="comment_create"),
    path("<int:pk>/comments/<int:comment_id>/resolve/", views.comment_resolve, name="comment_resolve"),
    path("<int:pk>/comments/<int:comment_id>/reopen/", views.comment_reopen, name="comment_reopen"),
    path("<int:pk>/comments/open/", views.open_threads_page, name="open_threads"),
    path("<int:pk>/partner/", views.partner_page, name="partner"),
    path("<int:pk>/partner/versions/<int:number>/comments/", views.partner_comment, name="partner_comment"),
    path("<int:pk>/compare/", views.compare, name="compare"),
    path("<int:pk>/compare.pdf", views.compare_pdf, name="compare_pdf"),
    path("<int:pk>/compare.docx", views.compare_docx, name="compare_docx"),
]
