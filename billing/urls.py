from django.urls import path

from . import views

app_name = "billing"

urlpatterns = [
    path("claims/", views.claim_list, name="claim_list"),
    path("claims/mark-ready/", views.claims_mark_ready, name="claims_mark_ready"),
    path("claims/export-837/", views.claims_export_837, name="claims_export_837"),
    path("claims/export-csv/", views.claims_export_csv, name="claims_export_csv"),
    path("to-bill/", views.claim_to_bill, name="claim_to_bill"),
    path("codes/procedures/", views.procedure_lookup, name="procedure_lookup"),
    path("encounters/<int:encounter_pk>/build/", views.claim_build_encounter, name="claim_build_encounter"),
    path("acp/<int:session_pk>/build/", views.claim_build_acp, name="claim_build_acp"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/ready/", views.claim_mark_ready, name="claim_mark_ready"),
    path("claims/<int:pk>/send-back/", views.claim_send_back, name="claim_send_back"),
    path("claims/<int:pk>/rescrub/", views.claim_rescrub, name="claim_rescrub"),
    path("claims/<int:pk>/replace/", views.claim_replace, name="claim_replace"),
    path("claims/<int:pk>/void/", views.claim_void, name="claim_void"),
    path("claims/<int:pk>/resend-as-new/", views.claim_resend_as_new, name="claim_resend_as_new"),
    path("claims/<int:pk>/payer-number/", views.claim_payer_number, name="claim_payer_number"),
    path("claims/<int:pk>/fhir/", views.claim_fhir, name="claim_fhir"),
    path("claims/<int:pk>/reopenings/new/", views.claim_reopening_add, name="claim_reopening_add"),
    path("reopenings/<int:pk>/answer/", views.reopening_answer, name="reopening_answer"),
    path("claims/<int:pk>/diagnoses/", views.claim_diagnoses_edit, name="claim_diagnoses_edit"),
    path("claims/<int:pk>/lines/new/", views.claim_line_add, name="claim_line_add"),
    path("lines/<int:pk>/edit/", views.claim_line_edit, name="claim_line_edit"),
    path("lines/<int:pk>/delete/", views.claim_line_delete, name="claim_line_delete"),
    path("exports/", views.export_list, name="export_list"),
    path("exports/<int:pk>/", views.export_download, name="export_download"),
]
