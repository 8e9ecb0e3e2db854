from datetime import date

import pytest

from letters import rules

from .factories import COMPLETE_BODY, PDF_BYTES, PNG_BYTES, complete_facts


def _missing(facts=None, body=COMPLETE_BODY, kind=rules.LMN):
    facts = complete_facts() if facts is None else facts
    return [
        m.key for m in rules.letter_missing_elements(facts=facts, body=body, elements=rules.required_elements(kind))
    ]


def test_a_complete_lmn_misses_nothing():
    assert _missing() == []


@pytest.mark.parametrize(
    ("fact", "element"),
    [
        ("patient_name", "patient"),
        ("date_of_birth", "patient"),
        ("member_id", "patient"),
        ("payer_name", "payer"),
        ("diagnoses", "diagnosis"),
        ("treatment", "treatment"),
        ("provider_name", "prescriber"),
        ("provider_credentials", "prescriber"),
        ("provider_npi", "prescriber"),
        ("provider_license", "prescriber"),
        ("enclosures", "attachments"),
    ],
)
def test_an_lmn_without_a_required_fact_names_the_missing_element(fact, element):
    assert _missing(complete_facts(**{fact: [] if fact in ("diagnoses", "enclosures") else ""})) == [element]


def test_a_fact_of_only_spaces_counts_as_missing():
    assert _missing(complete_facts(member_id="   ")) == ["patient"]


def test_a_fact_absent_from_the_dict_counts_as_missing():
    facts = complete_facts()
    del facts["provider_npi"]
    assert _missing(facts) == ["prescriber"]


def test_the_detail_names_the_missing_facts():
    [missing] = rules.letter_missing_elements(
        facts=complete_facts(provider_npi=""), body=COMPLETE_BODY, elements=rules.LMN_ELEMENTS
    )
    assert "provider npi" in missing.detail
    assert "§5" in missing.source


@pytest.mark.parametrize(
    ("heading", "element"),
    [
        ("Requested treatment", "treatment_details"),
        ("Clinical history", "clinical_history"),
        ("Alternatives tried", "alternatives"),
        ("Medical necessity and expected benefit", "rationale"),
    ],
)
def test_a_body_without_a_required_section_names_it(heading, element):
    body = COMPLETE_BODY.replace(f"{heading}:", "Something else:")
    assert _missing(body=body) == [element]


def test_a_section_still_holding_the_template_placeholder_is_missing():
    body = COMPLETE_BODY.replace(
        "Office visits: missed three of four because transport left her exhausted.",
        "[[Treatments already tried, their outcome and why they were stopped]]",
    )
    assert _missing(body=body) == ["alternatives"]


def test_a_section_with_text_and_a_leftover_placeholder_is_still_missing():
    body = COMPLETE_BODY.replace("exhausted.", "exhausted. [[add dates]]")
    assert _missing(body=body) == ["alternatives"]


def test_an_empty_section_is_missing():
    body = COMPLETE_BODY.replace("Office visits: missed three of four because transport left her exhausted.", "")
    assert _missing(body=body) == ["alternatives"]


def test_headings_match_without_colon_and_in_any_case():
    body = COMPLETE_BODY.replace("Clinical history:", "CLINICAL HISTORY")
    assert _missing(body=body) == []


def test_an_empty_letter_misses_every_section():
    assert _missing(body="") == ["treatment_details", "clinical_history", "alternatives", "rationale"]


def test_missing_elements_come_in_table_order():
    missing = _missing(complete_facts(provider_npi="", member_id=""), body="")
    assert missing == ["patient", "treatment_details", "clinical_history", "alternatives", "rationale", "prescriber"]


def test_an_appeal_letter_needs_the_redetermination_elements_of_42_cfr_405_944():
    facts = {"patient_name": "", "member_id": "", "treatment": "", "service_dates": "", "provider_name": ""}
    assert _missing(facts, body="", kind=rules.APPEAL) == ["beneficiary", "medicare_number", "service", "requester"]


def test_an_appeal_letter_does_not_need_lmn_sections():
    facts = complete_facts(service_dates="10/02/2026")
    assert _missing(facts, body="We ask you to reconsider.", kind=rules.APPEAL) == []


def test_appeal_elements_cite_the_cfr():
    assert all("405.944" in e.source for e in rules.APPEAL_ELEMENTS)


def test_a_caller_can_pass_its_own_element_list():
    own = (rules.Element("x", "X", "test", facts=("x",)),)
    assert [m.key for m in rules.letter_missing_elements(facts={}, body="", elements=own)] == ["x"]


def test_body_sections_split_on_known_headings_only():
    sections = rules.body_sections("Intro\nA:\none\nNot a heading:\ntwo\nB\nthree", ["A", "B"])
    assert sections == {"A": "one\nNot a heading:\ntwo", "B": "three"}


# --- Reminders ---------------------------------------------------------------------------------


def test_signature_reminder_is_not_due_before_the_interval():
    assert rules.signature_reminder_due(awaiting_since=date(2026, 11, 20), today=date(2026, 11, 21)) is None


def test_signature_reminder_falls_due_on_the_interval_day():
    assert rules.signature_reminder_due(awaiting_since=date(2026, 11, 20), today=date(2026, 11, 22)) == date(
        2026, 11, 22
    )


def test_signature_reminder_due_day_stays_the_same_when_caught_up_later():
    assert rules.signature_reminder_due(awaiting_since=date(2026, 11, 20), today=date(2026, 11, 30)) == date(
        2026, 11, 22
    )


def test_follow_up_is_not_due_the_day_before_the_payer_interval_ends():
    assert rules.follow_up_due(submitted_on=date(2026, 11, 1), today=date(2026, 11, 14), follow_up_days=14) is None


def test_follow_up_falls_due_when_the_payer_interval_ends():
    assert rules.follow_up_due(submitted_on=date(2026, 11, 1), today=date(2026, 11, 15), follow_up_days=14) == date(
        2026, 11, 15
    )


def test_follow_up_uses_the_payers_own_interval():
    assert rules.follow_up_due(submitted_on=date(2026, 11, 1), today=date(2026, 11, 11), follow_up_days=10) == date(
        2026, 11, 11
    )


def test_a_request_is_not_overdue_on_its_due_date():
    assert rules.request_overdue(due_date=date(2026, 11, 23), today=date(2026, 11, 23)) is False


def test_a_request_is_overdue_the_day_after():
    assert rules.request_overdue(due_date=date(2026, 11, 23), today=date(2026, 11, 24)) is True


def test_a_request_without_a_due_date_is_never_overdue():
    assert rules.request_overdue(due_date=None, today=date(2026, 11, 24)) is False


# --- Uploads -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (PDF_BYTES, ("application/pdf", "pdf")),
        (PNG_BYTES, ("image/png", "png")),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", ("image/jpeg", "jpg")),
        (b"II*\x00\x08\x00\x00\x00", ("image/tiff", "tif")),
        (b"MM\x00*\x00\x00\x00\x08", ("image/tiff", "tif")),
    ],
)
def test_allowed_uploads_are_recognised_by_their_first_bytes(head, expected):
    assert rules.upload_type(head) == expected


@pytest.mark.parametrize(
    "head",
    [b"PK\x03\x04word/document.xml", b"MZ\x90\x00", b"<html><body>", b"GIF89a", b"%PD", b" %PDF-1.4"],
)
def test_other_files_are_not_recognised_whatever_their_name(head):
    assert rules.upload_type(head) is None


def test_an_upload_at_the_size_limit_is_accepted():
    assert rules.upload_problem(size=rules.MAX_UPLOAD_BYTES, head=PDF_BYTES) is None


def test_an_upload_over_the_size_limit_is_refused_with_the_limit():
    problem = rules.upload_problem(size=rules.MAX_UPLOAD_BYTES + 1, head=PDF_BYTES)
    assert "limit is 10 MB" in problem


def test_an_empty_upload_is_refused():
    assert rules.upload_problem(size=0, head=b"") == "The file is empty."


def test_a_disguised_upload_is_refused_naming_the_allowed_types():
    assert "PDF, PNG, JPEG or TIFF" in rules.upload_problem(size=100, head=b"MZ\x90\x00")


def test_a_placeholder_outside_the_required_sections_is_unfinished_text():
    body = COMPLETE_BODY.replace("I am writing on behalf of my patient.", "I have treated her since [[year]].")
    assert _missing(body=body) == ["unfinished"]


def test_a_placeholder_in_a_reported_section_is_not_reported_twice():
    body = COMPLETE_BODY.replace("exhausted.", "exhausted. [[add dates]]")
    assert _missing(body=body) == ["alternatives"]


def test_an_appeal_letter_with_a_placeholder_is_unfinished():
    facts = complete_facts(service_dates="10/02/2026")
    assert _missing(facts, body="We ask for [[what]].", kind=rules.APPEAL) == ["unfinished"]
