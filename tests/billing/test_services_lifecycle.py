"""Ready, export, replace and void: the claim's life through the services."""

import pytest

from billing import services
from billing.models import Claim, ClaimExport
from palliative.workflow import TransitionNotAllowed

from ..factories import CommercialPayerFactory
from .factories import built_claim, ready_claim

pytestmark = pytest.mark.django_db


def test_clean_draft_becomes_ready_with_who_and_when(biller):
    claim = ready_claim(by=biller)
    change = claim.status_changes.last()
    assert (change.from_status, change.to_status, change.by) == ("draft", "ready", biller)


def test_draft_with_a_scrubber_error_cannot_become_ready(biller):
    claim = built_claim(by=biller, medical_necessity_note="")
    with pytest.raises(services.ClaimBlocked) as raised:
        services.claim_mark_ready(claim=claim, by=biller)
    assert raised.value.findings[0].rule == "necessity_documentation_missing"
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.DRAFT


def test_held_claim_keeps_its_error_count_for_the_worklist(biller):
    claim = built_claim(by=biller)
    claim.encounter.goals_of_care_note = ""
    claim.encounter.save()
    services.claims_mark_ready(claims=[claim], by=biller)
    assert Claim.objects.get(pk=claim.pk).scrub_errors == 1


def test_bulk_mark_ready_readies_the_clean_and_holds_the_rest(biller):
    clean = built_claim(by=biller)
    held = built_claim(by=biller, goals_of_care_note="")
    ready, kept = services.claims_mark_ready(claims=[clean, held], by=biller)
    assert [c.pk for c in ready] == [clean.pk]
    assert [c.pk for c in kept] == [held.pk]


def test_export_marks_the_claims_submitted_and_keeps_the_file(biller):
    claims = [ready_claim(by=biller), ready_claim(by=biller)]
    text = services.claims_export_837(claims=claims, by=biller)
    export = ClaimExport.objects.get()
    assert export.content == text
    assert set(Claim.objects.values_list("status", flat=True)) == {"submitted"}


def test_export_records_when_the_claim_was_submitted(biller):
    claim = ready_claim(by=biller)
    services.claims_export_837(claims=[claim], by=biller)
    assert Claim.objects.get(pk=claim.pk).submitted_at is not None


def test_export_with_a_claim_not_ready_exports_nothing(biller):
    ready, draft = ready_claim(by=biller), built_claim(by=biller)
    with pytest.raises(services.ClaimError, match="Nothing was exported"):
        services.claims_export_837(claims=[ready, draft], by=biller)
    assert Claim.objects.get(pk=ready.pk).status == Claim.Status.READY
    assert not ClaimExport.objects.exists()


def test_export_with_no_claims_says_so(biller):
    with pytest.raises(services.ClaimError, match="no ready claims"):
        services.claims_export_837(claims=[], by=biller)


def test_export_rescrubs_and_refuses_a_ready_claim_that_went_bad(biller):
    claim = ready_claim(by=biller)
    claim.encounter.medical_necessity_note = ""
    claim.encounter.save()
    with pytest.raises(services.ClaimError, match="scrubber errors"):
        services.claims_export_837(claims=[claim], by=biller)
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.READY


def test_a_submitted_claim_cannot_be_edited(biller):
    claim = ready_claim(by=biller)
    services.claims_export_837(claims=[claim], by=biller)
    claim.refresh_from_db()
    with pytest.raises(services.ClaimError, match="replacement"):
        services.claim_diagnoses_set(claim=claim, codes=["C34.90"], by=biller)


def test_a_ready_claim_goes_back_to_draft_for_changes(biller):
    claim = services.claim_send_back(claim=ready_claim(by=biller), by=biller)
    assert claim.status == Claim.Status.DRAFT


def test_remittance_flow_allows_denied_then_appealed_then_paid(biller):
    claim = ready_claim(by=biller)
    services.claims_export_837(claims=[claim], by=biller)
    claim.refresh_from_db()
    for status in ("denied", "appealed", "paid"):
        claim.transition_to(status, by=biller)
    assert claim.status == "paid"


def test_a_draft_cannot_be_marked_paid(biller):
    with pytest.raises(TransitionNotAllowed):
        built_claim(by=biller).transition_to("paid", by=biller)


def test_replacement_of_a_denied_claim_is_a_frequency_7_draft_copy(biller):
    claim = ready_claim(by=biller, acp_minutes=30)
    services.claims_export_837(claims=[claim], by=biller)
    claim.refresh_from_db()
    claim.transition_to("denied", by=biller)
    replacement = services.claim_build_replacement(claim=claim, by=biller)
    assert (replacement.frequency_code, replacement.status, replacement.original_claim) == ("7", "draft", claim)
    assert replacement.lines.count() == claim.lines.count()


def test_sending_the_replacement_marks_the_original_replaced(biller):
    claim = ready_claim(by=biller, payer=CommercialPayerFactory())  # Medicare Part B reopens instead
    services.claims_export_837(claims=[claim], by=biller)
    # A correction quotes the payer's claim number (REF*F8), which the remittance brought.
    Claim.objects.filter(pk=claim.pk).update(payer_claim_number="26123000123")
    replacement = services.claim_build_replacement(claim=Claim.objects.get(pk=claim.pk), by=biller)
    services.claim_mark_ready(claim=replacement, by=biller)
    services.claims_export_837(claims=[replacement], by=biller)
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.REPLACED


def test_only_one_correction_at_a_time(biller):
    claim = ready_claim(by=biller)
    services.claims_export_837(claims=[claim], by=biller)
    claim.refresh_from_db()
    services.claim_build_replacement(claim=claim, by=biller)
    with pytest.raises(services.ClaimError, match="correction in progress"):
        services.claim_void(claim=claim, by=biller)


def test_a_draft_is_not_replaced_but_edited(biller):
    with pytest.raises(services.ClaimError, match="edit a draft"):
        services.claim_build_replacement(claim=built_claim(by=biller), by=biller)


def test_voiding_a_draft_cancels_it_without_a_void_claim(biller):
    claim = services.claim_void(claim=built_claim(by=biller), by=biller)
    assert claim.status == Claim.Status.VOID
    assert not Claim.objects.filter(frequency_code="8").exists()


def test_voiding_a_sent_claim_makes_a_ready_frequency_8_claim(biller):
    claim = ready_claim(by=biller)
    services.claims_export_837(claims=[claim], by=biller)
    void = services.claim_void(claim=Claim.objects.get(pk=claim.pk), by=biller)
    assert (void.frequency_code, void.status) == ("8", "ready")


def test_sending_the_void_marks_the_original_void(biller):
    claim = ready_claim(by=biller)
    services.claims_export_837(claims=[claim], by=biller)
    Claim.objects.filter(pk=claim.pk).update(payer_claim_number="26123000123")
    void = services.claim_void(claim=Claim.objects.get(pk=claim.pk), by=biller)
    services.claims_export_837(claims=[void], by=biller)
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.VOID


def test_replacement_is_not_a_duplicate_of_its_original(biller):
    claim = ready_claim(by=biller)
    services.claims_export_837(claims=[claim], by=biller)
    replacement = services.claim_build_replacement(claim=Claim.objects.get(pk=claim.pk), by=biller)
    assert "duplicate_service" not in [f.rule for f in services.claim_scrub(claim=replacement)]


def test_same_visit_code_billed_by_a_colleague_on_the_same_day_is_a_duplicate(biller):
    first = built_claim(by=biller)
    from ..factories import EncounterFactory

    second_visit = EncounterFactory(patient=first.patient, date_of_service=first.encounter.date_of_service)
    second = services.claim_build_from_encounter(encounter=second_visit, by=biller)
    assert "duplicate_service" in [f.rule for f in services.claim_scrub(claim=second)]


def test_line_edit_on_a_draft_rescrubs_the_claim(biller):
    claim = built_claim(by=biller)
    line = claim.lines.get()
    data = {
        "procedure_code": "99215",
        "modifiers": ["ZZ"],
        "units": 1,
        "charge": line.charge,
        "diagnosis_pointers": [1],
        "date_of_service": line.date_of_service,
    }
    services.claim_line_save(claim=claim, line=line, data=data, by=biller)
    assert Claim.objects.get(pk=claim.pk).scrub_errors == 1


def test_deleting_a_line_renumbers_the_rest(biller):
    claim = built_claim(by=biller, acp_minutes=50)
    services.claim_line_delete(line=claim.lines.get(line_number=1), by=biller)
    assert list(claim.lines.values_list("line_number", "procedure_code")) == [(1, "99497"), (2, "99498")]


def test_payer_claim_number_is_recorded_on_a_correction(biller):
    claim = ready_claim(by=biller)
    services.claims_export_837(claims=[claim], by=biller)
    replacement = services.claim_build_replacement(claim=Claim.objects.get(pk=claim.pk), by=biller)
    services.claim_payer_number_set(claim=replacement, number="26123000999", by=biller)
    assert "correction_without_payer_number" not in [f.rule for f in services.claim_scrub(claim=replacement)]


def test_nightly_rescrub_catches_a_claim_that_passed_its_filing_limit(biller):
    from datetime import timedelta

    from billing.tasks import rescrub_open_claims

    claim = built_claim(by=biller)
    services.claims_rescrub(today=claim.first_date_of_service + timedelta(days=400))
    assert Claim.objects.get(pk=claim.pk).scrub_errors == 1
    assert rescrub_open_claims.delay().get() == 1


def test_a_replacement_without_the_payer_claim_number_cannot_be_made_ready(biller):
    claim = ready_claim(by=biller)
    services.claims_export_837(claims=[claim], by=biller)
    replacement = services.claim_build_replacement(claim=Claim.objects.get(pk=claim.pk), by=biller)
    with pytest.raises(services.ClaimBlocked):
        services.claim_mark_ready(claim=replacement, by=biller)
