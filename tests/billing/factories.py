"""Billing factories, on top of tests/factories.py."""

from decimal import Decimal

import factory

from billing.models import Claim, ClaimLine, FeeSchedule
from palliative.models import Role

from ..factories import CoverageFactory, ProviderFactory, UserFactory, recent

FEES = {
    "99213": "110.00",
    "99214": "160.00",
    "99215": "215.00",
    "99205": "280.00",
    "99350": "230.00",
    "99233": "190.00",
    "99497": "85.00",
    "99498": "75.00",
    "G0438": "175.00",
    "G0439": "120.00",
    "G2212": "32.00",
    "G2211": "16.00",
    "99417": "32.00",
    "99291": "280.00",
}


def fee_schedule(codes=FEES):
    """The practice's charges for `codes`, each code added unless it is already priced (two
    queries, without history rows: the tests price claims with it, none audits it)."""
    from datetime import date

    priced = set(FeeSchedule.objects.filter(code__in=codes).values_list("code", flat=True))
    FeeSchedule.objects.bulk_create(
        FeeSchedule(code=code, unit_charge=Decimal(charge), effective_from=date(2020, 1, 1))
        for code, charge in codes.items()
        if code not in priced
    )


class ClaimFactory(factory.django.DjangoModelFactory):
    """A draft claim for a Medicare patient, with a complete address; add lines with ClaimLineFactory."""

    class Meta:
        model = Claim

    coverage = factory.SubFactory(
        CoverageFactory,
        patient__address_line1="1 Elm Street",
        patient__city="Springfield",
        patient__state="IL",
        patient__zip_code="62701",
    )
    patient = factory.SelfAttribute("coverage.patient")
    rendering_provider = factory.SubFactory(ProviderFactory)
    place_of_service = "11"
    diagnosis_codes = factory.LazyFunction(lambda: ["Z51.5", "C34.90"])
    created_by = factory.SubFactory(UserFactory, username="staff.billing", role=Role.BILLING)
    patient_control_number = factory.Sequence(lambda n: f"RB{90000000 + n}")


class ClaimLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClaimLine

    claim = factory.SubFactory(ClaimFactory)
    line_number = factory.Sequence(lambda n: n + 1)
    procedure_code = "99497"
    units = 1
    charge = Decimal("85.00")
    diagnosis_pointers = factory.LazyFunction(lambda: [1, 2])
    date_of_service = factory.LazyFunction(recent)


def built_claim(*, by, encounter=None, acp_minutes=None, with_awv=False, payer=None, **encounter_fields):
    """A claim built by the service from a documented encounter of a Medicare patient (or one of
    `payer`) with an address."""
    from billing import services

    from ..factories import ACPSessionFactory, EncounterFactory, PatientFactory

    if encounter is None:
        patient = PatientFactory(address_line1="1 Elm Street", city="Springfield", state="IL", zip_code="62701")
        CoverageFactory(patient=patient, **({"payer": payer} if payer else {}))
        encounter = EncounterFactory(patient=patient, **encounter_fields)
    if acp_minutes:
        ACPSessionFactory(
            patient=encounter.patient,
            provider=encounter.provider,
            encounter=encounter,
            date_of_service=encounter.date_of_service,
            minutes=acp_minutes,
            with_annual_wellness_visit=with_awv,
        )
    return services.claim_build_from_encounter(encounter=encounter, by=by)


def ready_claim(*, by, **kwargs):
    from billing import services

    return services.claim_mark_ready(claim=built_claim(by=by, **kwargs), by=by)
