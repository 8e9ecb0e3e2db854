"""The letterhead facts every letter to a payer carries, built once for both letter kinds.

An LMN (letters.services.lmn_letter_facts) and an appeal letter
(appeals.services.appeal_letters.appeal_letter_facts) identify the patient, the payer and the
signing provider the same way (CMS IOM 100-08 ch. 3 §3.3.2.4 for the signature; 42 CFR
405.944(b) for what an appeal must identify): the letter kind adds only what it is about.
"""

from django.conf import settings

from palliative import rules as core_rules
from palliative.models import Patient, Payer, Provider


def letterhead_facts(*, patient: Patient, provider: Provider, payer: Payer, member_id: str, group_number: str) -> dict:
    """Patient, payer and signer, as frozen into the letter's facts when it is drafted."""
    return {
        "patient_name": patient.full_name,
        "date_of_birth": patient.date_of_birth.isoformat(),
        "patient_phone": patient.phone,
        "patient_address": ", ".join(
            p for p in [patient.address_line1, patient.city, f"{patient.state} {patient.zip_code}".strip()] if p
        ),
        "member_id": member_id,
        "group_number": group_number,
        "payer_name": payer.name,
        "payer_address": payer.address,
        "payer_fax": payer.fax,
        "provider_name": f"{provider.first_name} {provider.last_name}",
        "provider_credentials": provider.credentials,
        "provider_npi": provider.npi,
        "provider_license": f"{provider.license_state} {provider.license_number}".strip(),
        "provider_phone": provider.phone or settings.PRACTICE.get("phone", ""),
    }


def diagnosis_facts(codes: list[str]) -> list[list[str]]:
    """[code, description] pairs, in the order given (the claim's or the request's)."""
    return [[core_rules.icd10_normalize(c), core_rules.icd10_description(c)] for c in codes]
