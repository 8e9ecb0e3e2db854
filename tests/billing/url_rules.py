"""Which roles may open each page of the billing app (merged into tests/test_url_permissions.py)."""

from palliative.models import Role

BILLERS = {Role.BILLING, Role.ADMIN}

EXPECTED: dict[str, set[str]] = {
    f"billing:{name}": BILLERS
    for name in [
        "claim_list",
        "claims_mark_ready",
        "claims_export_837",
        "claims_export_csv",
        "claim_to_bill",
        "claim_build_encounter",
        "claim_build_acp",
        "claim_detail",
        "claim_mark_ready",
        "claim_send_back",
        "claim_rescrub",
        "claim_replace",
        "claim_void",
        "claim_resend_as_new",
        "claim_fhir",
        "claim_payer_number",
        "claim_reopening_add",
        "reopening_answer",
        "claim_diagnoses_edit",
        "claim_line_add",
        "claim_line_edit",
        "claim_line_delete",
        "export_list",
        "export_download",
    ]
}
EXPECTED["billing:procedure_lookup"] = {Role.FRONT_DESK, Role.PROVIDER, Role.BILLING, Role.ADMIN}
