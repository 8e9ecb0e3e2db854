"""Factories for the letters app, built on the foundation's."""

from datetime import timedelta

import factory
from django.utils import timezone

from letters import rules
from letters.models import Letter, LMNRequest, SupportingDocument
from palliative.models import Role

from ..factories import CoverageFactory, PatientFactory, PayerFactory, ProviderFactory, UserFactory

# A minimal valid one-page PDF (header, catalog, pages, page, xref, trailer).
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

COMPLETE_BODY = """Dear Medical Director,

I am writing on behalf of my patient.

Requested treatment:
Home palliative visits (99350), weekly for 12 weeks.

Clinical history:
Metastatic lung cancer with breathlessness at rest; housebound since August.

Alternatives tried:
Office visits: missed three of four because transport left her exhausted.

Medical necessity and expected benefit:
Home visits keep her symptoms controlled and out of the emergency department."""


def complete_facts(**overrides) -> dict:
    facts = {
        "patient_name": "Margaret Whitfield",
        "date_of_birth": "1940-03-14",
        "member_id": "1EG4TE5MK72",
        "group_number": "",
        "payer_name": "Medicare Part B",
        "payer_address": "PO Box 6475, Indianapolis, IN 46206",
        "diagnoses": [["C34.90", "Malignant neoplasm of unspecified part of unspecified bronchus or lung"]],
        "procedure_code": "99350",
        "treatment": "99350 Home palliative visits",
        "service_dates": "10/02/2026 to 12/24/2026",
        "provider_name": "Elena Reyes",
        "provider_credentials": "MD",
        "provider_npi": "1234567893",
        "provider_license": "IL 036-100200",
        "provider_phone": "2175550110",
        "enclosures": ["Medical record 10/02/2026: Clinic note"],
    }
    facts.update(overrides)
    return facts


class LMNRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LMNRequest
        skip_postgeneration_save = True

    patient = factory.SubFactory(PatientFactory)
    payer = factory.SubFactory(PayerFactory)
    member_id = "1EG4TE5MK72"
    provider = factory.SubFactory(ProviderFactory)
    procedure_code = "99350"
    treatment = "Home palliative visits"
    diagnosis_codes = factory.LazyFunction(lambda: ["C34.90", "R06.00"])
    service_from = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7))
    service_to = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=77))
    frequency_duration = "Weekly for 12 weeks"
    clinical_history = "Breathless at rest, housebound since August."
    alternatives_tried = "Office visits: missed three of four."
    rationale = "Keeps symptoms controlled at home and out of the emergency department."
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
    created_by = factory.SubFactory(UserFactory, username="staff.front_desk", role=Role.FRONT_DESK)

    @factory.post_generation
    def timeline(self, create, extracted, **kwargs):
        if create:
            self.record_created(by=self.created_by)


class LetterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Letter

    kind = rules.LMN
    patient = factory.SubFactory(PatientFactory)
    provider = factory.SubFactory(ProviderFactory)
    payer = factory.SubFactory(PayerFactory)
    subject = "Letter of medical necessity: 99350 Home palliative visits"
    facts = factory.LazyAttribute(
        lambda o: complete_facts(provider_name=f"{o.provider.first_name} {o.provider.last_name}")
    )
    body = COMPLETE_BODY
    created_by = factory.SubFactory(UserFactory, username="staff.front_desk", role=Role.FRONT_DESK)


class SupportingDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportingDocument

    lmn_request = factory.SubFactory(LMNRequestFactory)
    doc_type = SupportingDocument.DocType.MEDICAL_RECORD
    document_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=20))
    description = "Clinic note"
    file = factory.django.FileField(filename="upload.pdf", data=PDF_BYTES)
    content_type = "application/pdf"
    extension = "pdf"
    size = len(PDF_BYTES)
    sha256 = "0" * 64
    uploaded_by = factory.SubFactory(UserFactory, username="staff.front_desk", role=Role.FRONT_DESK)


def lmn_request_with_coverage(**kwargs) -> LMNRequest:
    coverage = CoverageFactory()
    return LMNRequestFactory(patient=coverage.patient, payer=coverage.payer, member_id=coverage.member_id, **kwargs)


def reviewed_digest(work) -> str:
    """The digest the sign page carries for an LMN request's or an appeal's letter, read fresh."""
    if isinstance(work, LMNRequest):
        return LMNRequest.objects.get(pk=work.pk).current_letter().review_digest()
    from appeals.models import Appeal
    from appeals.services import appeal_letter_as_it_will_be_signed

    return appeal_letter_as_it_will_be_signed(appeal=Appeal.objects.get(pk=work.pk)).review_digest()


def tamper(letter, **fields) -> None:
    """Change a letter row the way someone with the database owner's rights could: around the
    trigger that guards signed letters (letters migration 0002)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        Letter.objects.filter(pk=letter.pk).update(**fields)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = origin")
