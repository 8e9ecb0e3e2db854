"""Demo claims: a fee schedule, then claims in every status built from the demo encounters.

Claims are built and moved with the real services, so the scrubber's findings are real:
some drafts are held back (undocumented visits, ACP without consent, hospice modifiers,
late filing), at least five clean claims are left ready to export.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from palliative import rules as core
from palliative.models import ACPSession, Coverage, Encounter, HospiceElection, Patient, Payer, Provider, User

from . import rules, services
from .models import Claim, FeeSchedule

# Unit charges (demo figures, not a real fee schedule).
FEES = {
    "99202": "95.00",
    "99203": "145.00",
    "99204": "215.00",
    "99205": "280.00",
    "99211": "30.00",
    "99212": "75.00",
    "99213": "110.00",
    "99214": "160.00",
    "99215": "215.00",
    "99221": "190.00",
    "99222": "255.00",
    "99223": "340.00",
    "99231": "95.00",
    "99232": "145.00",
    "99233": "210.00",
    "99252": "160.00",
    "99253": "200.00",
    "99254": "260.00",
    "99255": "320.00",
    "99304": "170.00",
    "99305": "230.00",
    "99306": "290.00",
    "99307": "60.00",
    "99308": "95.00",
    "99309": "140.00",
    "99310": "200.00",
    "99341": "120.00",
    "99342": "170.00",
    "99344": "260.00",
    "99345": "320.00",
    "99347": "110.00",
    "99348": "160.00",
    "99349": "230.00",
    "99350": "310.00",
    "99497": "95.00",
    "99498": "85.00",
    "G0438": "175.00",
    "G0439": "125.00",
    "G2212": "35.00",
    "G2211": "16.00",
    "99417": "35.00",
    "99418": "35.00",
    "G0316": "35.00",
    "G0317": "35.00",
    "G0318": "35.00",
}


def seed(*, rng: random.Random, today: date, context: dict) -> dict:
    for code, charge in FEES.items():
        description = core.EM_CODES[code].label if code in core.EM_CODES else ""
        FeeSchedule.objects.get_or_create(
            code=code,
            payer_type="",
            effective_from=date(today.year - 2, 1, 1),
            defaults={"unit_charge": Decimal(charge), "description": description},
        )
    biller = User.objects.get(username="billing")
    # Mostly recent visits, as a working practice has; a few old ones run into filing limits.
    visits = Encounter.objects.filter(patient__in=context["patients"]).order_by("date_of_service", "id")
    recent = list(visits.filter(date_of_service__gte=today - timedelta(days=100)))
    old = list(visits.filter(date_of_service__lt=today - timedelta(days=200)))
    encounters = rng.sample(recent, min(45, len(recent))) + rng.sample(old, min(5, len(old)))
    # A few visits the provider has not finished documenting: their claims are held back.
    undocumented = [e for e in recent if not e.medical_necessity_note and e not in encounters]
    encounters += undocumented[:3]
    claims, _refused = services.claims_build_from_encounters(encounters=encounters, by=biller)
    clean = [c for c in claims if c.scrub_errors == 0]
    # Oldest clean claims go out first; the newest clean ones stay drafts or ready.
    clean.sort(key=lambda c: c.first_date_of_service)
    to_send, to_ready, clean_drafts = clean[:-12], clean[-12:-4], clean[-4:]
    for claim in to_send + to_ready:
        services.claim_mark_ready(claim=claim, by=biller)
    if to_send:
        services.claims_export(claims=to_send, by=biller, kind="837p")
    _remit(to_send, rng=rng, by=biller)
    if clean_drafts:
        services.claim_void(claim=clean_drafts[0], by=biller, note="Built twice by mistake (demo).")
    return {"claims": claims + [c for claim in claims for c in claim.corrections.all()]}


def _remit(sent: list[Claim], *, rng: random.Random, by: User) -> None:
    """Play back the payer's answers on the submitted demo claims."""
    outcomes = ["paid", "paid", "paid", "partially_paid", "denied", "denied", "appealed", "submitted", "submitted"]
    for index, claim in enumerate(sent):
        claim.refresh_from_db()
        claim.payer_claim_number = f"{claim.submitted_at:%y%j}{rng.randint(100000, 999999)}"
        claim.save(update_fields=["payer_claim_number"])
        outcome = outcomes[index % len(outcomes)]
        lines = list(claim.lines.all())
        if outcome in {"paid", "partially_paid"}:
            share = Decimal("0.8") if outcome == "paid" else Decimal("0.4")
            for line in lines:
                line.paid_amount = (line.charge * share).quantize(Decimal("0.01"))
                line.adjusted_amount = line.charge - line.paid_amount
                line.save(update_fields=["paid_amount", "adjusted_amount"])
            claim.paid_amount = sum((line.paid_amount for line in lines), Decimal("0"))
            claim.transition_to(outcome, by=by, note="Remittance (demo).")
        elif outcome in {"denied", "appealed"}:
            claim.transition_to(Claim.Status.DENIED, by=by, note="Remittance: CO-50 not medically necessary (demo).")
            if outcome == "appealed":
                claim.transition_to(Claim.Status.APPEALED, by=by, note="Redetermination requested (demo).")
    # Corrections: one replacement already sent (its original is now replaced), one waiting
    # as a draft, and one void sent (its original is now void).
    # Medicare Part B claims are corrected by reopening (seed_last records those), so the
    # replacements correct other payers' claims.
    denied = [c for c in sent if c.status == Claim.Status.DENIED and not _corrected_by_reopening(c)]
    corrections = []
    if denied:
        corrected = services.claim_build_replacement(claim=denied[0], by=by)
        line = corrected.lines.order_by("line_number").first()
        line.modifiers = [m for m in line.modifiers if m != "25"]
        line.save(update_fields=["modifiers"])
        corrected.payer_claim_number = denied[0].payer_claim_number
        corrected.save(update_fields=["payer_claim_number"])
        corrections.append(services.claim_mark_ready(claim=corrected, by=by))
    if len(denied) > 1:
        services.claim_build_replacement(claim=denied[1], by=by)
    paid = [c for c in sent if c.status == Claim.Status.PAID]
    if len(paid) > 1:
        corrections.append(services.claim_void(claim=paid[-1], by=by, note="Billed under the wrong patient (demo)."))
    if corrections:
        services.claims_export(claims=corrections, by=by, kind="837p")


def _corrected_by_reopening(claim: Claim) -> bool:
    profile = rules.payer_profile(claim.coverage.payer.payer_type, claim.first_date_of_service)
    return profile is not None and profile.corrections_by_reopening


def seed_last(*, today: date, context: dict) -> dict:
    """Payer examples (issue 10): a Medicare Advantage patient whose visits before hospice go to
    the plan and after the election to Original Medicare with GV (42 CFR 422.320), each with the
    G2211 add-on of continuing care, one of them an audio-only telehealth visit (POS 10, modifier
    93), an ACP held by a nurse incident-to her supervising physician, and reopenings of denied
    Medicare claims."""
    biller, frontdesk = User.objects.get(username="billing"), User.objects.get(username="frontdesk")
    plan = Payer.objects.get_or_create(
        name="Humana Gold Plus (HMO)",
        defaults=dict(payer_type=Payer.PayerType.MEDICARE_ADVANTAGE, payer_id="61101", timely_filing_days=365),
    )[0]
    medicare = Payer.objects.get(payer_type=Payer.PayerType.MEDICARE)
    doctor = Provider.objects.filter(credentials="MD", active=True).order_by("pk").first()
    patient = Patient.objects.create(
        first_name="Dorothy",
        last_name="Kessler",
        date_of_birth=date(1938, 6, 2),
        sex="F",
        mrn="RB19001",
        phone="2175559001",
        address_line1="41 Walnut Street",
        city="Springfield",
        state="IL",
        zip_code="62704",
        proxy_name="Paul Kessler",
        proxy_relationship="son",
    )
    start = today - timedelta(days=700)
    Coverage.objects.create(patient=patient, payer=plan, member_id="H48273910", effective_from=start)
    Coverage.objects.create(
        patient=patient, payer=medicare, member_id="3TW7PK2XE41", effective_from=start, priority="secondary"
    )
    visits = []
    for days_ago, setting, code in (
        (40, core.OFFICE, "99215"),
        (30, core.TELEHEALTH_AUDIO, "99214"),
        (8, core.HOME, "99350"),
    ):
        visits.append(
            Encounter.objects.create(
                patient=patient,
                provider=doctor,
                date_of_service=today - timedelta(days=days_ago),
                setting=setting,
                em_code=code,
                level_basis=Encounter.LevelBasis.TIME,
                diagnosis_codes=["Z51.5", "I50.22", "R06.00"],
                total_minutes=core.EM_CODES[code].min_minutes + 5,
                medical_necessity_note="Dyspnoea at rest despite diuretics; frequent admissions.",
                goals_of_care_note="Stay at home; no further hospital admissions.",
                longitudinal_care=True,
                created_by=frontdesk,
            )
        )
    ACPSession.objects.create(
        patient=patient,
        provider=doctor,
        encounter=visits[0],
        date_of_service=visits[0].date_of_service,
        minutes=32,
        participants="Patient, son (health-care agent)",
        consent_documented=True,
        summary="Reviewed goals with the nurse: no ICU, no CPR; POLST completed with Dr. review.",
        advance_directive_completed=True,
        incident_to=True,
        performed_by="Grace Obi, RN",
        created_by=frontdesk,
    )
    HospiceElection.objects.create(
        patient=patient,
        start_date=today - timedelta(days=20),
        agency_name="Prairie Hospice",
        attending=doctor,
        terminal_diagnosis="I50.22",
    )
    claims = [services.claim_build_from_encounter(encounter=visit, by=biller) for visit in visits]
    reopenings = []
    denied = Claim.objects.filter(status=Claim.Status.DENIED, coverage__payer__payer_type="medicare").order_by("pk")
    for claim, answered in zip(denied[:2], (False, True), strict=False):
        reopening = services.claim_reopening_request(
            claim=claim,
            requested_on=today - timedelta(days=6),
            channel="phone",
            what_changed="Line 1: diagnosis pointer 1 should point at the heart failure, not Z51.5.",
            reference=f"REO{claim.pk:06d}",
            by=biller,
            today=today,
        )
        if answered:
            services.reopening_answer(
                reopening=reopening,
                answer="granted",
                answered_on=today - timedelta(days=2),
                by=biller,
                note="Adjusted.",
            )
        reopenings.append(reopening)
    return {"payer_examples": {"ma_patient": patient, "ma_claims": claims, "reopenings": reopenings}}
