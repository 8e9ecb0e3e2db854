from django.urls import path

from . import views

app_name = "palliative"

urlpatterns = [
    path("", views.home, name="home"),
    path("patients/", views.patient_list, name="patient_list"),
    path("patients/search/", views.patient_search, name="patient_search"),
    path("patients/new/", views.patient_create, name="patient_create"),
    path("patients/<int:pk>/", views.patient_detail, name="patient_detail"),
    path("patients/<int:pk>/edit/", views.patient_edit, name="patient_edit"),
    path("patients/<int:pk>/death/", views.patient_record_death, name="patient_record_death"),
    path("patients/<int:pk>/reviewed/", views.patient_mark_reviewed, name="patient_mark_reviewed"),
    path("patients/<int:patient_pk>/coverages/new/", views.coverage_create, name="coverage_create"),
    path("coverages/<int:pk>/edit/", views.coverage_edit, name="coverage_edit"),
    path("patients/<int:patient_pk>/hospice/new/", views.hospice_create, name="hospice_create"),
    path("hospice/<int:pk>/edit/", views.hospice_edit, name="hospice_edit"),
    path("patients/<int:patient_pk>/encounters/new/", views.encounter_create, name="encounter_create"),
    path("encounters/<int:pk>/", views.encounter_detail, name="encounter_detail"),
    path("encounters/<int:pk>/edit/", views.encounter_edit, name="encounter_edit"),
    path("patients/<int:patient_pk>/acp/new/", views.acp_create, name="acp_create"),
    path("acp/<int:pk>/", views.acp_detail, name="acp_detail"),
    path("acp/<int:pk>/edit/", views.acp_edit, name="acp_edit"),
    path("providers/", views.provider_list, name="provider_list"),
    path("providers/new/", views.provider_create, name="provider_create"),
    path("providers/<int:pk>/edit/", views.provider_edit, name="provider_edit"),
    path("payers/", views.payer_list, name="payer_list"),
    path("payers/new/", views.payer_create, name="payer_create"),
    path("payers/<int:pk>/edit/", views.payer_edit, name="payer_edit"),
    path("session/keepalive/", views.session_keepalive, name="session_keepalive"),
    path("logins/locked/", views.login_lockouts, name="login_lockouts"),
    path("logins/unlock/", views.login_unlock, name="login_unlock"),
    path("audit/patients/<int:pk>/", views.audit_patient, name="audit_patient"),
    path("audit/users/<int:pk>/", views.audit_user, name="audit_user"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("notifications/read-all/", views.notification_read_all, name="notification_read_all"),
]
