from django.urls import path

from . import views

app_name = "appeals"

urlpatterns = [
    path("", views.denial_list, name="denial_list"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("denials/<int:pk>/", views.denial_detail, name="denial_detail"),
    path("denials/<int:pk>/assign/", views.denial_assign, name="denial_assign"),
    path("denials/<int:pk>/write-off/", views.denial_write_off, name="denial_write_off"),
    path("denials/<int:pk>/reopen/", views.denial_reopen, name="denial_reopen"),
    path("denials/<int:pk>/corrected-claim/", views.denial_correct, name="denial_correct"),
    path("denials/<int:pk>/exception/", views.denial_request_exception, name="denial_request_exception"),
    path("denials/<int:pk>/exception-granted/", views.denial_exception_granted, name="denial_exception_granted"),
    path("denials/<int:pk>/appeal/", views.appeal_start, name="appeal_start"),
    path("denials/<int:pk>/lmn-and-appeal/", views.denial_lmn_and_appeal, name="denial_lmn_and_appeal"),
    path("appeals/<int:pk>/letter/draft/", views.appeal_letter_draft, name="appeal_letter_draft"),
    path("appeals/<int:pk>/letter/", views.appeal_letter_update, name="appeal_letter_update"),
    path("appeals/<int:pk>/letter/sign/", views.appeal_letter_sign, name="appeal_letter_sign"),
    path("appeals/<int:pk>/letter/new-version/", views.appeal_letter_new_version, name="appeal_letter_new_version"),
    path("appeals/", views.appeal_list, name="appeal_list"),
    path("appeals/<int:pk>/", views.appeal_detail, name="appeal_detail"),
    path("appeals/<int:pk>/file/", views.appeal_file, name="appeal_file"),
    path("appeals/<int:pk>/decide/", views.appeal_decide, name="appeal_decide"),
    path("appeals/<int:pk>/escalate/", views.appeal_escalate, name="appeal_escalate"),
    path("appeals/<int:pk>/withdraw/", views.appeal_withdraw, name="appeal_withdraw"),
    path("claims-by-age/", views.claim_age_list, name="claim_age_list"),
    path("credit-balances/", views.credit_balance_list, name="credit_balance_list"),
    path("remittances/", views.remittance_list, name="remittance_list"),
    path("remittances/upload/", views.remittance_upload, name="remittance_upload"),
    path("remittances/imports/<int:pk>/", views.remittance_import_detail, name="remittance_import_detail"),
    path("remittances/paper/", views.remittance_paper, name="remittance_paper"),
    path("remittances/paper/lines/", views.remittance_paper_lines, name="remittance_paper_lines"),
    path("remittances/<int:pk>/", views.remittance_detail, name="remittance_detail"),
    path("payer-windows/", views.window_list, name="window_list"),
    path("payer-windows/new/", views.window_create, name="window_create"),
    path("payer-windows/<int:pk>/", views.window_edit, name="window_edit"),
]
