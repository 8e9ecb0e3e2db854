"""Claims built for many visits at once (billing/services.py: claims_build_from_encounters):
the claims each visit gets alone, what cannot be billed said per visit, and the same few
queries for 5 visits as for 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from billing import services
from billing.models import Claim

from ..factories import ACPSessionFactory, CoverageFactory, EncounterFactory, HospiceElectionFactory, PatientFactory
from .factories import built_claim

pytestmark = pytest.mark.django_db


def _visit(**fields):
    patient = PatientFactory(address_line1="1 Elm Street", city="Springfield", state="IL", zip_code="62701")
    CoverageFactory(patient=patient)
    return EncounterFactory(patient=patient, **fields)


def _with_acp(encounter, minutes=50, with_awv=False):
    ACPSessionFactory(
        patient=encounter.patient,
        provider=encounter.provider,
        encounter=encounter,
        date_of_service=encounter.date_of_service,
        minutes=minutes,
        with_annual_wellness_visit=with_awv,
    )
    return encounter


def _mixed_visits():
    hospice = _visit(related_to_hospice=True)
    HospiceElectionFactory(patient=hospice.patient)
    awv = _with_acp(_visit(), minutes=30, with_awv=True)
    return [_with_acp(_visit()), hospice, awv, _visit(em_code="99205", total_minutes=95), _visit()]


def _shape(claim: Claim):
    lines = claim.lines.order_by("line_number")
    return (
        claim.coverage_id,
        claim.diagnosis_codes,
        claim.scrub_errors,
        claim.scrub_warnings,
        [(line.procedure_code, line.modifiers, line.units, line.charge) for line in lines],
    )


def id_of(encounter):
    return encounter.pk


def test_visits_built_together_get_the_claims_each_gets_alone(biller):
    together = _mixed_visits()
    alone = _mixed_visits()

    built, refused = services.claims_build_from_encounters(encounters=together, by=biller)
    one_by_one = [
        services.claim_build_from_encounter(encounter=encounter, by=biller) for encounter in sorted(alone, key=id_of)
    ]

    assert refused == {}
    assert [_shape(claim)[1:] for claim in built] == [_shape(claim)[1:] for claim in one_by_one]


def test_a_visit_already_billed_is_named_and_the_others_are_built(biller):
    billed = built_claim(by=biller).encounter
    fresh = _visit()

    built, refused = services.claims_build_from_encounters(encounters=[billed, fresh], by=biller)

    assert [claim.encounter_id for claim in built] == [fresh.pk]
    assert "already on a claim" in refused[billed.pk]


def test_each_claim_built_together_has_its_own_control_number_and_timeline(biller):
    built, _refused = services.claims_build_from_encounters(encounters=[_visit(), _visit()], by=biller)

    for claim in built:
        stored = Claim.objects.get(pk=claim.pk)
        assert stored.patient_control_number == f"RB{claim.pk:08d}" == claim.patient_control_number
        assert [(c.to_status, c.note) for c in stored.status_changes.all()] == [("draft", "Built with 1 line(s).")]


def _queries_to_build(biller, count: int) -> int:
    visits = [_with_acp(_visit()) for _ in range(count)]
    with CaptureQueriesContext(connection) as queries:
        services.claims_build_from_encounters(encounters=visits, by=biller)
    return len(queries.captured_queries)


def test_building_50_claims_takes_the_queries_of_5(biller):
    assert _queries_to_build(biller, 5) == _queries_to_build(biller, 50)
