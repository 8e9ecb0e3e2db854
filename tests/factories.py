"""Factories for every model the tests build; apps add theirs below their own heading."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from palliative.models import (
    ACPSession,
    Coverage,
    Encounter,
    HospiceElection,
    Patient,
    Payer,
    Provider,
    Role,
    User,
    role_group,
)
from palliative.rules import npi_check_digit
from palliative.services import encounters_file_by_refresh

# The one fixed "today" for tests that need a date that does not move (rules, deadlines, 835s).
# Tests about "now" (forms refusing future dates, reminders) use timezone.localdate() instead.
TODAY = date(2026, 11, 23)


def _file_by_refresh(encounters) -> None:
    encounters_file_by_refresh(encounters=encounters)


def recent(days: int = 10) -> date:
    return timezone.localdate() - timedelta(days=days)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Pat"
    last_name = factory.Sequence(lambda n: f"Staff{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct-horse-battery")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """The user with this username if there is one, else a new one: get_or_create without
        the savepoint Django's get_or_create opens around its insert."""
        existing = model_class.objects.filter(username=kwargs["username"]).first()
        if existing:
            return existing
        user = super()._create(model_class, *args, **kwargs)
        user.new_from_factory = True
        return user

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            if getattr(self, "new_from_factory", False):  # no groups yet: groups.add() would read them first
                User.groups.through.objects.create(user=self, group=role_group(extracted))
            else:
                self.groups.add(role_group(extracted))


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    user = factory.SubFactory(UserFactory, role=Role.PROVIDER)
    first_name = "Elena"
    last_name = factory.Sequence(lambda n: f"Reyes{n}")
    credentials = "MD"
    specialty = "17"
    npi = factory.Sequence(lambda n: _valid_npi(123456789 + n))
    taxonomy_code = "207RH0002X"
    license_number = factory.Sequence(lambda n: f"036-{100000 + n}")
    license_state = "IL"


def _valid_npi(base: int) -> str:
    stem = f"1{base % 10**8:08d}"
    return stem + npi_check_digit(stem)


class PayerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payer
        django_get_or_create = ("name",)

    name = "Medicare Part B"
    payer_type = Payer.PayerType.MEDICARE
    payer_id = "12502"


class MedicareAdvantagePayerFactory(PayerFactory):
    name = "Humana Gold Plus (HMO)"
    payer_type = Payer.PayerType.MEDICARE_ADVANTAGE
    payer_id = "61101"


class CommercialPayerFactory(PayerFactory):
    name = "Aetna"
    payer_type = Payer.PayerType.COMMERCIAL
    payer_id = "60054"
    timely_filing_days = 120


class PatientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patient

    first_name = "Margaret"
    last_name = factory.Sequence(lambda n: f"Whitfield{n}")
    date_of_birth = date(1940, 3, 14)
    sex = "F"
    mrn = factory.Sequence(lambda n: f"MRN{10000 + n}")
    phone = "2175551234"


class CoverageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coverage
        skip_postgeneration_save = True

    patient = factory.SubFactory(PatientFactory)
    payer = factory.SubFactory(PayerFactory)
    member_id = factory.Sequence(lambda n: f"1EG4TE5MK{n % 100:02d}")
    effective_from = date(2024, 1, 1)

    @factory.post_generation
    def patients_to_bill_order(coverage, create, extracted, **kwargs):
        # as palliative.services.coverage_save keeps it
        if create:
            _file_by_refresh(Encounter.objects.filter(patient=coverage.patient_id))


class HospiceElectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HospiceElection

    patient = factory.SubFactory(PatientFactory)
    start_date = factory.LazyFunction(lambda: recent(60))
    agency_name = "Prairie Hospice"


class EncounterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Encounter
        skip_postgeneration_save = True

    patient = factory.SubFactory(PatientFactory)
    provider = factory.SubFactory(ProviderFactory)
    date_of_service = factory.LazyFunction(recent)
    setting = "office"
    em_code = "99215"
    level_basis = "time"
    diagnosis_codes = factory.LazyFunction(lambda: ["Z51.5", "C34.90"])
    total_minutes = 45
    medical_necessity_note = "Uncontrolled pain despite titration."
    goals_of_care_note = "Comfort at home."
    created_by = factory.SubFactory(UserFactory, username="staff.front_desk", role=Role.FRONT_DESK)

    @factory.post_generation
    def to_bill_order(encounter, create, extracted, **kwargs):
        # as palliative.services.encounter_save keeps it
        if create:
            _file_by_refresh(Encounter.objects.filter(pk=encounter.pk))
            encounter.refresh_from_db(fields=["file_by_key"])


class ACPSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ACPSession

    patient = factory.SubFactory(PatientFactory)
    provider = factory.SubFactory(ProviderFactory)
    date_of_service = factory.LazyFunction(recent)
    minutes = 30
    participants = "Patient, daughter"
    consent_documented = True
    summary = "Discussed values and a health-care agent; POLST explained."
    created_by = factory.SubFactory(UserFactory, username="staff.front_desk", role=Role.FRONT_DESK)
