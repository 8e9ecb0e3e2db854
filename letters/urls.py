from django.urls import path

from . import views

app_name = "letters"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("patients/<int:patient_pk>/new/", views.request_create, name="request_create"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/edit/", views.request_edit, name="request_edit"),
    path("requests/<int:pk>/gather/", views.request_start_gathering, name="request_start_gathering"),
    path("requests/<int:pk>/draft/", views.request_draft, name="request_draft"),
    path("requests/<int:pk>/review/", views.request_send_for_review, name="request_send_for_review"),
    path("requests/<int:pk>/send-back/", views.request_return_to_draft, name="request_return_to_draft"),
    path("requests/<int:pk>/new-version/", views.request_new_version, name="request_new_version"),
    path("requests/<int:pk>/sign/", views.request_sign, name="request_sign"),
    path("requests/<int:pk>/submit/", views.request_submit, name="request_submit"),
    path("requests/<int:pk>/answer/", views.request_record_response, name="request_record_response"),
    path("requests/<int:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("requests/<int:pk>/documents/new/", views.document_upload, name="document_upload"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
    path("letters/<int:pk>/", views.letter_edit, name="letter_edit"),
    path("letters/<int:pk>/pdf/", views.letter_pdf, name="letter_pdf"),
]
