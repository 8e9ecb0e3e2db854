"""Which roles may open each page of the letters app (merged into tests/test_url_permissions.py)."""

from palliative.models import Role

F, P, B, A = Role.FRONT_DESK, Role.PROVIDER, Role.BILLING, Role.ADMIN
ALL = {F, P, B, A}
CLINICAL = {F, P, A}
OUTREACH = {F, B, A}

EXPECTED: dict[str, set[str]] = {
    "letters:worklist": ALL,
    "letters:request_create": CLINICAL,
    "letters:request_detail": ALL,
    "letters:request_edit": CLINICAL,
    "letters:request_start_gathering": CLINICAL,
    "letters:request_draft": CLINICAL,
    "letters:request_send_for_review": CLINICAL,
    "letters:request_return_to_draft": CLINICAL,
    "letters:request_new_version": CLINICAL,
    "letters:request_sign": {P},
    "letters:request_submit": OUTREACH,
    "letters:request_record_response": OUTREACH,
    "letters:request_withdraw": CLINICAL,
    "letters:document_upload": CLINICAL,
    "letters:document_download": ALL,
    "letters:letter_edit": CLINICAL,
    "letters:letter_pdf": ALL,
}
