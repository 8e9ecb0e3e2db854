"""Which roles may open each page of the appeals app (merged into tests/test_url_permissions.py)."""

from palliative.models import Role

P, B, A = Role.PROVIDER, Role.BILLING, Role.ADMIN
BILLERS = {B, A}

EXPECTED: dict[str, set[str]] = {
    f"appeals:{name}": BILLERS
    for name in (
        "denial_list",
        "dashboard",
        "denial_detail",
        "denial_assign",
        "denial_write_off",
        "denial_reopen",
        "denial_correct",
        "denial_request_exception",
        "denial_exception_granted",
        "appeal_start",
        "appeal_list",
        "appeal_file",
        "appeal_decide",
        "appeal_escalate",
        "appeal_withdraw",
        "claim_age_list",
        "credit_balance_list",
        "remittance_list",
        "remittance_upload",
        "remittance_import_detail",
        "remittance_paper",
        "remittance_paper_lines",
        "remittance_detail",
        "window_list",
        "window_create",
        "window_edit",
        "denial_lmn_and_appeal",
        "appeal_letter_draft",
        "appeal_letter_new_version",
    )
}
EXPECTED["appeals:appeal_detail"] = {P, B, A}
EXPECTED["appeals:appeal_letter_update"] = {P, B, A}
EXPECTED["appeals:appeal_letter_sign"] = {P}
