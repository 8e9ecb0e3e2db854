"""Demo LMN requests in every state, with small generated records, so each role has work.

Everything here is fictional. Called by `manage.py seed_demo` after the palliative demo.
"""

import functools
import io
import random
from datetime import UTC, date, datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from palliative.demo import DEMO_PASSWORD
from palliative.models import User
from palliative.workflow import StatusChange

from . import services
from .models import Letter, LMNRequest

S = LMNRequest.Status

# (treatment, code, frequency, history, alternatives, rationale)
TREATMENTS = [
    (
        "Home-based palliative care visits",
        "99350",
        "Weekly home visits for 12 weeks",
        "Advanced illness with breathlessness on minimal exertion and severe fatigue; leaves home only for appointments, "
        "needing two people to help. Palliative Performance Scale 40%. Two emergency visits for dyspnoea in October.",
        "Office visits every two weeks since July: three of the last four missed because the journey left the "
        "patient exhausted for days. Telehealth tried in September; could not be examined or titrated safely.",
        "Regular home visits allow opioid and breathlessness management to be adjusted where the patient lives. "
        "We expect fewer emergency visits and admissions and better control of breathlessness and pain.",
    ),
    (
        "Principal illness navigation",
        "G0023",
        "Monthly, 60 minutes, for 6 months",
        "Serious illness with three hospital admissions in six months; complex medication regimen and "
        "several specialists, with no single coordinator.",
        "Usual-care follow-up and pharmacy blister packs; admissions continued because of missed changes.",
        "A navigator coordinates appointments, medication changes and community support, which is expected to "
        "reduce readmissions and keep the patient at home in line with their stated goals.",
    ),
    (
        "Hospital bed with pressure-relieving mattress",
        "E0260",
        "Rental for 3 months",
        "Bed-bound since a fall in September; stage 2 sacral pressure injury since October.",
        "Standard mattress with two-hourly turning by family: the injury progressed from stage 1 to stage 2.",
        "A semi-electric bed with pressure relief prevents further skin breakdown and allows safe care at home.",
    ),
    (
        "Continuous subcutaneous infusion pump for symptom control",
        "E0781",
        "Rental for 2 months",
        "Intractable nausea and pain for six weeks; unable to keep oral medication down.",
        "Oral and rectal antiemetics and opioids failed: vomiting within an hour of each dose.",
        "A subcutaneous pump delivers steady doses of antiemetic and analgesic, avoiding admission for IV therapy.",
    ),
]

DOCUMENTS = [
    ("note", "Palliative clinic note"),
    ("test_result", "BNP and metabolic panel"),
    ("imaging", "CT chest report"),
    ("medical_record", "Hospital discharge summary"),
    ("specialist", "Oncology consultation letter"),
]

# Each demo request: the state it ends in, and for which provider login it is waiting.
PLAN = [
    S.REQUESTED,
    S.REQUESTED,
    S.GATHERING_RECORDS,
    "drafted_incomplete",
    S.DRAFTED,
    S.IN_REVIEW,
    S.IN_REVIEW,
    "in_review_other",
    S.SIGNED,
    "submitted_overdue",
    S.SUBMITTED,
    S.APPROVED,
    S.DENIED,
    S.WITHDRAWN,
    "signed_corrected",
]


def seed(*, rng: random.Random, today: date, context: dict) -> dict:
    frontdesk = User.objects.get(username="frontdesk")
    providers = [p for p in context["providers"] if p.can_bill_em]
    reyes = next(p for p in providers if p.user.username == "dr.reyes")
    others = [p for p in providers if p != reyes]
    patients = [p for p in context["patients"] if p.date_of_death is None]
    chosen = rng.sample(patients, len(PLAN))
    made = []
    for index, (plan, patient) in enumerate(zip(PLAN, chosen, strict=True)):
        provider = rng.choice(others) if plan == "in_review_other" else reyes
        made.append(_request(plan, patient, provider, frontdesk, rng=rng, today=today, index=index))
    return {"lmn_requests": made}


def _request(plan, patient, provider, frontdesk, *, rng, today, index) -> LMNRequest:
    treatment, code, frequency, history, alternatives, rationale = TREATMENTS[index % len(TREATMENTS)]
    encounter = patient.encounters.order_by("-date_of_service").first()
    diagnoses = [c for c in (encounter.diagnosis_codes if encounter else ["Z51.5"]) if c != "Z51.5"] or ["R52"]
    incomplete = plan == "drafted_incomplete"
    age_days = 2 + index
    lmn = services.lmn_request_create(
        patient=patient,
        provider=provider,
        treatment=treatment,
        procedure_code=code,
        diagnosis_codes=diagnoses[:3],
        due_date=today + timedelta(days=7 - age_days // 2)
        if plan != S.GATHERING_RECORDS
        else today - timedelta(days=1),
        requested_by=rng.choice(["staff", "staff", "family", "payer"]),
        requester_name="",
        # Requested care starts at the last visit and runs for the period the treatment asks.
        service_from=encounter.date_of_service if encounter else today,
        service_to=(encounter.date_of_service if encounter else today) + timedelta(days=83),
        frequency_duration=frequency,
        clinical_history=history,
        alternatives_tried="" if incomplete else alternatives,
        rationale="" if incomplete else rationale,
        by=frontdesk,
        today=today,
    )
    if lmn.requested_by == "family":
        LMNRequest.objects.filter(pk=lmn.pk).update(requester_name=f"{patient.proxy_name or 'Family member'}")
    if plan == S.REQUESTED:
        return _backdate(lmn, today, age_days)
    services.lmn_start_gathering(lmn_request=lmn, by=frontdesk)
    for doc_type, description in rng.sample(DOCUMENTS, rng.randint(1, 2)):
        day = today - timedelta(days=rng.randint(10, 90))
        services.document_attach(
            lmn_request=lmn,
            uploaded=SimpleUploadedFile("record.pdf", _record_pdf(description)),
            doc_type=doc_type,
            document_date=day,
            description=description,
            by=frontdesk,
        )
    if plan == S.GATHERING_RECORDS:
        return _backdate(lmn, today, age_days)
    services.lmn_draft(lmn_request=lmn, by=frontdesk)
    if plan in (S.DRAFTED, "drafted_incomplete"):
        return _backdate(lmn, today, age_days)
    services.lmn_send_for_review(lmn_request=lmn, by=frontdesk, today=today - timedelta(days=index % 4))
    if plan in (S.IN_REVIEW, "in_review_other"):
        return _backdate(lmn, today, age_days)
    services.lmn_sign(
        lmn_request=lmn, user=provider.user, password=DEMO_PASSWORD, reviewed=lmn.current_letter().review_digest()
    )
    if plan == "signed_corrected":
        letter = services.lmn_new_version(lmn_request=lmn, by=provider.user, note="Add the October admission dates.")
        services.letter_update_body(
            letter=letter,
            body=letter.body.replace("Clinical history:\n", "Clinical history:\nAdmitted 10/03 and 10/21. "),
            by=provider.user,
        )
        return _backdate(lmn, today, age_days)
    if plan == S.SIGNED:
        return _backdate(lmn, today, age_days)
    submitted_on = today - timedelta(days=20 if plan == "submitted_overdue" else 4 + index % 3)
    services.lmn_submit(
        lmn_request=lmn,
        submitted_on=submitted_on,
        method=rng.choice(["fax", "portal", "mail"]),
        reference=f"REF-{rng.randint(100000, 999999)}",
        by=frontdesk,
    )
    if plan == S.APPROVED:
        services.lmn_record_response(
            lmn_request=lmn, approved=True, response_on=submitted_on + timedelta(days=3), by=frontdesk
        )
    elif plan == S.DENIED:
        services.lmn_record_response(
            lmn_request=lmn,
            approved=False,
            response_on=submitted_on + timedelta(days=3),
            denial_reason="CO-50: not deemed a medical necessity by the payer. The plan considers office-based "
            "care adequate.",
            by=frontdesk,
        )
    elif plan == S.WITHDRAWN:
        services.lmn_withdraw(
            lmn_request=lmn, reason="The payer approved the service on a peer-to-peer call.", by=frontdesk
        )
    return _backdate(lmn, today, age_days)


def _backdate(lmn: LMNRequest, today: date, age_days: int) -> LMNRequest:
    """Spread the timeline over the request's age so the demo reads like real history."""
    lmn.refresh_from_db()  # the services wrote through their own copy
    if lmn.submitted_on:  # the history starts well before the letter went out
        age_days = max(age_days, (today - lmn.submitted_on).days + 5)
    changes = list(StatusChange.objects.filter(object_id=lmn.pk, content_type__model="lmnrequest").order_by("id"))
    start = timezone.make_aware(datetime.combine(today - timedelta(days=age_days), time(9, 15)))
    step = timedelta(days=age_days) / max(len(changes), 1)
    signed_step = None
    for position, change in enumerate(changes):
        at = start + step * position
        if change.to_status == LMNRequest.Status.SIGNED and signed_step is None:
            if lmn.submitted_on:  # signed by the afternoon before it was sent
                at = min(at, timezone.make_aware(datetime.combine(lmn.submitted_on - timedelta(days=1), time(16, 0))))
            signed_step = at
        StatusChange.objects.filter(pk=change.pk).update(at=at)
    LMNRequest.objects.filter(pk=lmn.pk).update(created_at=start)
    if signed_step is not None:
        _reseal_signatures(lmn, signed_step.astimezone(UTC))
    lmn.refresh_from_db()
    return lmn


def _reseal_signatures(lmn: LMNRequest, signed_on) -> None:
    """Demo history only: move the signatures to the backdated "signed" step, so a letter is
    not signed after the payer answered it, and seal the moved time into the hash and the keyed seal
    exactly as letter_sign does (the served PDF's check still passes). A queryset update, because a
    signed letter refuses save() everywhere else."""
    for letter in Letter.objects.filter(lmn_request=lmn, signed_at__isnull=False).select_related("signed_by"):
        letter.signed_at = signed_on
        letter.seal_signature()
        Letter.objects.filter(pk=letter.pk).update(
            signed_at=signed_on,
            content_sha256=letter.content_sha256,
            seal_hmac=letter.seal_hmac,
            seal_key_id=letter.seal_key_id,
        )


@functools.cache
def _record_pdf(description: str) -> bytes:
    """A one-page fictional record, so the demo's attachments open as real PDFs.

    Drawn with pydyf (WeasyPrint's own PDF writer) in the standard Helvetica font: loading
    WeasyPrint and laying out HTML for five throwaway pages cost seconds of every first start.
    """
    import pydyf

    font = pydyf.Dictionary({"Type": "/Font", "Subtype": "/Type1", "BaseFont": "/Helvetica"})
    text = pydyf.Stream()
    text.begin_text()
    text.set_color_rgb(0.11, 0.31, 0.54)  # the letterhead blue, #1d4e89
    text.set_font_size("F1", 16)
    text.set_text_matrix(1, 0, 0, 1, 56, 770)
    text.show_text_string("Riverbend Palliative Care")
    text.set_color_rgb(0, 0, 0)
    text.set_font_size("F1", 13)
    text.move_text_to(0, -28)
    text.show_text_string(description)
    text.set_font_size("F1", 11)
    text.move_text_to(0, -24)
    text.show_text_string("Fictional demo record. No real patient information.")
    text.end_text()
    document = pydyf.PDF()
    document.add_object(font)
    document.add_object(text)
    page = pydyf.Dictionary(
        {
            "Type": "/Page",
            "Parent": document.pages.reference,
            "MediaBox": pydyf.Array([0, 0, 595, 842]),  # A4, as the letters
            "Contents": text.reference,
            "Resources": pydyf.Dictionary({"Font": pydyf.Dictionary({"F1": font.reference})}),
        }
    )
    document.add_page(page)
    output = io.BytesIO()
    document.write(output)
    return output.getvalue()
