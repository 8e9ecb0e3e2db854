"""The demo practice (`manage.py seed_demo`): every assertion about it, on one shared seed.

Seeding takes seconds, so the practice is seeded once for this module (the `demo` fixture in
tests/conftest.py) and each test reads it inside its own rolled-back transaction. Add new demo
checks here rather than calling `seed_demo` in another test.
"""

from io import StringIO

import pytest
from django.core.management import call_command

from appeals.models import Appeal, Denial, Remittance
from billing.models import Claim, ClaimLine, FeeSchedule, Reopening
from letters.models import Letter, LMNRequest
from palliative import rules
from palliative.demo import CONDITIONS
from palliative.models import ACPSession, Encounter, HospiceElection, Patient, Role, User

# Every test here is a database test, even the ones that only read the seed's output:
# pytest-django runs database tests before the others, and a module split in two would seed twice.
pytestmark = pytest.mark.django_db

# --- palliative: the practice itself -------------------------------------------------------


@pytest.mark.parametrize("code", sorted({c for condition, symptoms in CONDITIONS for c in [condition, *symptoms]}))
def test_every_demo_diagnosis_is_a_billable_code(code):
    assert rules.icd10_problem(code) is None


def test_seed_demo_loads_a_browsable_practice(demo):
    assert Patient.objects.count() == 51  # 50 drawn at random + the Medicare Advantage example
    assert Encounter.objects.count() >= 150
    assert ACPSession.objects.count() >= 100
    assert HospiceElection.objects.exists()
    for role in Role.values:
        assert User.objects.filter(groups__name=role).exists(), role


def test_the_demo_practice_has_every_visit_keyed_for_the_to_bill_list(demo):
    assert Encounter.objects.exists()
    assert not Encounter.objects.filter(file_by_key__isnull=True).exists()


def test_seed_demo_prints_the_demo_logins_and_their_password(demo):
    assert "frontdesk" in demo.output
    assert "palliative-demo" in demo.output


def test_seed_demo_a_second_time_changes_nothing(demo):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "already loaded" in out.getvalue()
    assert Patient.objects.count() == 51  # 50 drawn at random + the Medicare Advantage example


# --- billing: claims -----------------------------------------------------------------------


def test_seed_demo_leaves_claims_in_every_status_with_five_ready_and_some_held(demo):
    statuses = set(Claim.objects.values_list("status", flat=True))
    assert statuses == set(Claim.Status.values)
    assert Claim.objects.filter(status=Claim.Status.READY).count() >= 5
    assert Claim.objects.filter(status=Claim.Status.DRAFT, scrub_errors__gt=0).exists()


def test_seed_demo_prices_every_code_it_bills(demo):
    billed = set(ClaimLine.objects.values_list("procedure_code", flat=True))
    assert billed <= set(FeeSchedule.objects.values_list("code", flat=True))


# --- letters: LMN requests and letters ------------------------------------------------------


def test_the_demo_gives_every_state_and_role_letter_work_with_sound_signatures(demo):
    signed = Letter.objects.filter(signed_at__isnull=False)
    assert set(LMNRequest.objects.values_list("status", flat=True)) == set(LMNRequest.Status.values)
    assert all(r.documents.exists() for r in LMNRequest.objects.exclude(status=LMNRequest.Status.REQUESTED))
    assert LMNRequest.objects.filter(status="in_review", provider__user__username="dr.reyes").exists()
    assert signed.count() >= 5
    assert all(letter.hash_matches for letter in signed)
    assert Letter.objects.filter(version=2, signed_at__isnull=True).exists()


def test_demo_letters_are_signed_before_they_are_sent_and_answered(demo):
    for request in LMNRequest.objects.filter(submitted_on__isnull=False).prefetch_related("letters"):
        signed = min(letter.signed_at.date() for letter in request.letters.all() if letter.signed_at)
        assert request.created_at.date() <= signed < request.submitted_on
        if request.response_on:
            assert request.submitted_on <= request.response_on


def test_demo_signatures_still_verify_after_backdating(demo):
    signed = Letter.objects.filter(signed_at__isnull=False)
    assert signed.exists()
    assert all(letter.hash_matches for letter in signed)


# --- appeals: remittances, denials and appeals ----------------------------------------------


def test_the_demo_imports_an_835_into_denials_and_appeals_across_categories_levels_and_states(demo):
    assert Remittance.objects.filter(source="835").count() >= 3
    categories = set(Denial.objects.values_list("category", flat=True))
    assert {"medical_necessity", "missing_information", "coding_bundling", "timely_filing"} <= categories
    assert {"redetermination", "reconsideration", "internal", "external"} <= set(
        Appeal.objects.values_list("level", flat=True)
    )
    assert {"drafting", "filed", "overturned", "partially", "upheld"} <= set(
        Appeal.objects.values_list("status", flat=True)
    )


def test_the_demo_offers_a_new_claim_only_on_the_claims_returned_as_unprocessable(demo, biller_client):
    returned = {claim for claim, rarcs in Denial.objects.values_list("claim", "rarcs") if "MA130" in rarcs}
    offered = {claim.pk for claim in Claim.objects.all() if claim.can_resend_as_new}
    assert returned
    assert offered == returned
    processed = Claim.objects.filter(status="denied", coverage__payer__payer_type="medicare").exclude(pk__in=returned)
    for claim, offers in [(Claim.objects.get(pk=min(returned)), True), (processed.first(), False)]:
        page = biller_client.get(claim.get_absolute_url()).content.decode()
        assert ('data-testid="resend-as-new"' in page) is offers


def test_the_demo_has_an_ma_patient_an_incident_to_acp_and_reopenings(demo):
    claims = Claim.objects.filter(patient__mrn="RB19001")
    assert {c.coverage.payer.payer_type for c in claims} == {"medicare_adv", "medicare"}
    assert claims.get(coverage__payer__payer_type="medicare").lines.get(line_number=1).modifiers == ["GV"]
    assert ACPSession.objects.get(incident_to=True).performed_by == "Grace Obi, RN"
    assert sorted(Reopening.objects.values_list("answer", flat=True)) == ["granted", "pending"]


def test_the_demo_bills_g2211_and_an_audio_only_telehealth_visit(demo):
    claims = Claim.objects.filter(patient__mrn="RB19001")
    assert all(claim.lines.filter(procedure_code="G2211").exists() for claim in claims)
    telehealth = claims.get(place_of_service="10")
    assert telehealth.lines.get(line_number=1).modifiers == ["93"]
