"""CSV export and the FHIR R4B bundle of a claim."""

import csv
import io
import json

import pytest

from billing import fhir, services
from billing.models import ClaimExport

from .factories import built_claim, ready_claim

pytestmark = pytest.mark.django_db


def test_csv_export_has_one_row_per_line_and_submits_the_claims(biller):
    claim = ready_claim(by=biller, acp_minutes=50)
    export = services.claims_export(claims=[claim], by=biller, kind=ClaimExport.Kind.CSV)
    rows = list(csv.DictReader(io.StringIO(export.content)))
    assert [r["procedure_code"] for r in rows] == ["99215", "99497", "99498"]
    claim.refresh_from_db()
    assert claim.status == "submitted"


def test_csv_export_neutralises_spreadsheet_formulas(biller):
    claim = ready_claim(by=biller)
    claim.patient.last_name = "=HYPERLINK(1)"
    claim.patient.save()
    content = services.claims_export(claims=[claim], by=biller, kind=ClaimExport.Kind.CSV).content
    assert "'=HYPERLINK(1)" in content


def test_fhir_bundle_holds_claim_patient_coverage_and_encounter(biller):
    bundle = json.loads(fhir.claim_bundle_json(built_claim(by=biller, acp_minutes=30)))
    kinds = sorted(entry["resource"]["resourceType"] for entry in bundle["entry"])
    assert kinds == ["Claim", "Coverage", "Encounter", "Organization", "Organization", "Patient", "Practitioner"]


def test_fhir_claim_lists_icd10_diagnoses_and_cpt_items(biller):
    bundle = json.loads(fhir.claim_bundle_json(built_claim(by=biller, acp_minutes=30)))
    claim = bundle["entry"][0]["resource"]
    assert [d["diagnosisCodeableConcept"]["coding"][0]["code"] for d in claim["diagnosis"]] == ["Z51.5", "C34.90"]
    assert [i["productOrService"]["coding"][0]["code"] for i in claim["item"]] == ["99215", "99497"]


def test_fhir_bundle_validates_as_r4b(biller):
    from fhir.resources.R4B.bundle import Bundle

    text = fhir.claim_bundle_json(built_claim(by=biller))
    assert Bundle.model_validate_json(text).type == "collection"
