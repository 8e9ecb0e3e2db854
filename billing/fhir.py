"""A claim as a FHIR R4B Bundle (JSON compatible with R4): Claim, Patient, Coverage, the payer
and practice Organizations, the rendering Practitioner and the Encounter.

Every resource is validated by fhir.resources' R4B pydantic models; an invalid one raises.
Code systems: http://hl7.org/fhir/sid/icd-10-cm, http://www.ama-assn.org/go/cpt (CPT),
https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets (HCPCS Level II),
https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set.
"""

import re

from django.conf import settings
from fhir.resources.R4B.bundle import Bundle

ICD10 = "http://hl7.org/fhir/sid/icd-10-cm"
CPT = "http://www.ama-assn.org/go/cpt"
HCPCS = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"
POS = "https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set"
NPI = "http://hl7.org/fhir/sid/us-npi"
CLAIM_TYPE = "http://terminology.hl7.org/CodeSystem/claim-type"
DIAGNOSIS_TYPE = "http://terminology.hl7.org/CodeSystem/ex-diagnosistype"
MODIFIERS = "http://www.ama-assn.org/go/cpt-modifier"  # CPT and HCPCS level II modifiers
ENCOUNTER_CLASS = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
SEX = {"F": "female", "M": "male", "U": "unknown"}
# Encounter.class by setting family: ambulatory, home health, inpatient.
CLASS_BY_POS = {
    "02": "VR",
    "10": "VR",
    "11": "AMB",
    "12": "HH",
    "13": "HH",
    "14": "HH",
    "19": "AMB",
    "21": "IMP",
    "22": "OBSENC",
    "23": "EMER",
    "31": "IMP",
    "32": "IMP",
    "33": "HH",
    "34": "IMP",
}
# Claim.status mirrors the life of the claim: a voided claim is "cancelled".
STATUS = {"void": "cancelled", "replaced": "cancelled", "draft": "draft"}


def _system(code: str) -> str:
    return CPT if re.fullmatch(r"\d{4}[0-9FT]", code) else HCPCS


def _ref(kind: str, pk) -> dict:
    return {"reference": f"{kind}/{pk}"}


def claim_bundle(claim) -> Bundle:
    """The validated Bundle for `claim`."""
    patient, coverage, provider = claim.patient, claim.coverage, claim.rendering_provider
    practice = settings.PRACTICE
    lines = sorted(claim.lines.all(), key=lambda line: line.line_number)
    resources = [
        {
            "resourceType": "Patient",
            "id": f"patient-{patient.pk}",
            "identifier": [{"system": "urn:practice:mrn", "value": patient.mrn}],
            "name": [{"family": patient.last_name, "given": [patient.first_name]}],
            "gender": SEX.get(patient.sex, "unknown"),
            "birthDate": patient.date_of_birth.isoformat(),
            **(
                {
                    "address": [
                        {
                            "line": [x for x in (patient.address_line1, patient.address_line2) if x],
                            "city": patient.city or None,
                            "state": patient.state or None,
                            "postalCode": patient.zip_code or None,
                        }
                    ]
                }
                if patient.address_line1
                else {}
            ),
        },
        {
            "resourceType": "Organization",
            "id": "practice",
            "identifier": [{"system": NPI, "value": practice["npi"]}],
            "name": practice["name"],
        },
        {
            "resourceType": "Practitioner",
            "id": f"practitioner-{provider.pk}",
            "identifier": [{"system": NPI, "value": provider.npi}],
            "name": [{"family": provider.last_name, "given": [provider.first_name], "suffix": [provider.credentials]}],
        },
    ]
    insurance = []
    if coverage is not None:
        payer = coverage.payer
        resources.append(
            {
                "resourceType": "Organization",
                "id": f"payer-{payer.pk}",
                "identifier": [{"system": "urn:x12:payer-id", "value": payer.payer_id}],
                "name": payer.name,
            }
        )
        period = {"start": coverage.effective_from.isoformat()}
        if coverage.effective_to:
            period["end"] = coverage.effective_to.isoformat()
        resources.append(
            {
                "resourceType": "Coverage",
                "id": f"coverage-{coverage.pk}",
                "status": "active",
                "subscriberId": coverage.member_id,
                "beneficiary": _ref("Patient", f"patient-{patient.pk}"),
                "payor": [_ref("Organization", f"payer-{payer.pk}")],
                "period": period,
                "order": 1 if coverage.priority == "primary" else 2,
            }
        )
        insurance = [{"sequence": 1, "focal": True, "coverage": _ref("Coverage", f"coverage-{coverage.pk}")}]
    encounter = claim.encounter
    if encounter is not None:
        resources.append(
            {
                "resourceType": "Encounter",
                "id": f"encounter-{encounter.pk}",
                "status": "finished",
                "class": {"system": ENCOUNTER_CLASS, "code": CLASS_BY_POS.get(claim.place_of_service, "AMB")},
                "type": [{"coding": [{"system": CPT, "code": encounter.em_code}]}],
                "subject": _ref("Patient", f"patient-{patient.pk}"),
                "participant": [{"individual": _ref("Practitioner", f"practitioner-{provider.pk}")}],
                "period": {
                    "start": encounter.date_of_service.isoformat(),
                    "end": encounter.date_of_service.isoformat(),
                },
            }
        )
    items = []
    for line in lines:
        item = {
            "sequence": line.line_number,
            "careTeamSequence": [1],
            "diagnosisSequence": list(line.diagnosis_pointers) or None,
            "productOrService": {"coding": [{"system": _system(line.procedure_code), "code": line.procedure_code}]},
            "servicedDate": line.date_of_service.isoformat(),
            "locationCodeableConcept": {"coding": [{"system": POS, "code": claim.place_of_service}]},
            "quantity": {"value": line.units},
            "net": {"value": float(line.charge), "currency": "USD"},
        }
        if line.modifiers:
            item["modifier"] = [{"coding": [{"system": MODIFIERS, "code": m}]} for m in line.modifiers]
        if encounter is not None and line.encounter_id == encounter.pk:
            item["encounter"] = [_ref("Encounter", f"encounter-{encounter.pk}")]
        items.append(item)
    claim_resource = {
        "resourceType": "Claim",
        "id": f"claim-{claim.pk}",
        "identifier": [{"system": "urn:practice:patient-control-number", "value": claim.patient_control_number}],
        "status": STATUS.get(claim.status, "active"),
        "type": {"coding": [{"system": CLAIM_TYPE, "code": "professional"}]},
        "use": "claim",
        "patient": _ref("Patient", f"patient-{patient.pk}"),
        "created": claim.created_at.date().isoformat(),
        "provider": _ref("Organization", "practice"),
        "priority": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/processpriority", "code": "normal"}]},
        "careTeam": [{"sequence": 1, "provider": _ref("Practitioner", f"practitioner-{provider.pk}")}],
        "diagnosis": [
            {
                "sequence": position,
                "diagnosisCodeableConcept": {"coding": [{"system": ICD10, "code": code}]},
                **({"type": [{"coding": [{"system": DIAGNOSIS_TYPE, "code": "principal"}]}]} if position == 1 else {}),
            }
            for position, code in enumerate(claim.diagnosis_codes, start=1)
        ],
        "insurance": insurance or None,
        "item": items or None,
        "total": {"value": float(claim.total_charge), "currency": "USD"},
    }
    if claim.original_claim_id:
        claim_resource["related"] = [
            {
                "claim": {"identifier": {"value": claim.original_claim.patient_control_number}},
                "relationship": {
                    "coding": [
                        {"system": "http://terminology.hl7.org/CodeSystem/ex-relatedclaimrelationship", "code": "prior"}
                    ]
                },
            }
        ]
    resources.insert(0, claim_resource)
    base = f"{settings.SITE_URL.rstrip('/')}/fhir"
    entries = [{"fullUrl": f"{base}/{r['resourceType']}/{r['id']}", "resource": _drop_none(r)} for r in resources]
    return Bundle.model_validate({"resourceType": "Bundle", "type": "collection", "entry": entries})


def _drop_none(value):
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


def claim_bundle_json(claim) -> str:
    return claim_bundle(claim).model_dump_json(exclude_none=True, indent=2)
