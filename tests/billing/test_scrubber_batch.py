"""The scrubber loads facts for a batch of claims at once (billing/scrubber.py: claims_facts):
the same findings as one claim at a time, in the same few queries for 5 claims as for 50."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from billing import services
from billing.models import Claim
from billing.scrubber import scrub, scrub_many

from ..factories import (
    ACPSessionFactory,
    CoverageFactory,
    EncounterFactory,
    HospiceElectionFactory,
    PatientFactory,
    recent,
)
from .factories import ClaimFactory, ClaimLineFactory, built_claim

pytestmark = pytest.mark.django_db


def _mixed_batch(biller) -> list[Claim]:
    """Claims whose facts reach across the batch: two claims of one patient on one day, a
    hospice patient, ACP given twice, an AWV, a replacement and its original, a void, a claim
    without coverage and one without lines."""
    first = built_claim(by=biller, acp_minutes=50)
    patient = first.patient
    same_day = built_claim(
        by=biller, encounter=EncounterFactory(patient=patient, date_of_service=first.first_date_of_service)
    )
    later_acp = built_claim(
        by=biller, encounter=EncounterFactory(patient=patient, date_of_service=recent(2)), acp_minutes=20
    )
    hospice = built_claim(by=biller, related_to_hospice=True)
    HospiceElectionFactory(patient=hospice.patient, start_date=recent(90))
    awv = built_claim(by=biller, acp_minutes=30, with_awv=True)
    sent = [services.claim_mark_ready(claim=built_claim(by=biller), by=biller) for _ in range(2)]
    services.claims_export_837(claims=sent, by=biller)
    replacement = services.claim_build_replacement(claim=Claim.objects.get(pk=sent[0].pk), by=biller)
    void = services.claim_void(claim=Claim.objects.get(pk=sent[1].pk), by=biller)
    uncovered = ClaimLineFactory(claim=ClaimFactory(coverage=None, patient=PatientFactory())).claim
    no_lines = ClaimFactory()
    claims = [first, same_day, later_acp, hospice, awv, *sent, replacement, void, uncovered, no_lines]
    return list(Claim.objects.filter(pk__in=[c.pk for c in claims]).order_by("id"))


def test_a_mixed_batch_has_the_findings_of_each_claim_scrubbed_alone(biller):
    batch = _mixed_batch(biller)
    alone = {claim.pk: scrub(claim) for claim in batch}

    assert scrub_many(batch) == alone
    assert len({finding.rule for findings in alone.values() for finding in findings}) >= 5


def test_a_batch_finds_the_duplicate_between_two_of_its_claims(biller):
    first = built_claim(by=biller)
    second = built_claim(
        by=biller, encounter=EncounterFactory(patient=first.patient, date_of_service=first.first_date_of_service)
    )
    findings = scrub_many([first, second])

    assert "duplicate_service" in {finding.rule for finding in findings[second.pk]}


def test_a_batch_scrub_keeps_each_claims_counts(biller):
    clean = built_claim(by=biller)
    uncovered = ClaimLineFactory(claim=ClaimFactory(coverage=None, patient=PatientFactory())).claim
    services.claims_scrub(claims=[clean, uncovered])

    assert Claim.objects.get(pk=clean.pk).scrub_errors == 0
    assert Claim.objects.get(pk=uncovered.pk).scrub_errors > 0
    assert not Claim.objects.filter(pk__in=[clean.pk, uncovered.pk], scrubbed_at__isnull=True).exists()


def _claims(count: int) -> list[Claim]:
    for _ in range(count):
        patient = PatientFactory(address_line1="1 Elm Street", city="Springfield", state="IL", zip_code="62701")
        coverage = CoverageFactory(patient=patient)
        encounter = EncounterFactory(patient=patient)
        session = ACPSessionFactory(patient=patient, encounter=encounter, date_of_service=encounter.date_of_service)
        claim = ClaimFactory(coverage=coverage, rendering_provider=encounter.provider, encounter=encounter)
        ClaimLineFactory(claim=claim, line_number=1, procedure_code="99215", encounter=encounter)
        ClaimLineFactory(claim=claim, line_number=2, procedure_code="99497", acp_session=session)
        HospiceElectionFactory(patient=patient, start_date=encounter.date_of_service - timedelta(days=5))
    return list(Claim.objects.order_by("id"))


def _queries_to_scrub(claims) -> int:
    with CaptureQueriesContext(connection) as queries:
        services.claims_scrub(claims=list(Claim.objects.filter(pk__in=[c.pk for c in claims])))
    return len(queries.captured_queries)


def test_scrubbing_50_claims_takes_the_queries_of_5(biller):
    claims = _claims(50)

    assert _queries_to_scrub(claims[:5]) == _queries_to_scrub(claims)
