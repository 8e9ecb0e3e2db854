"""Demo denials and appeals: the payers' 835s for the demo claims, imported through the real
import, then appeals worked to several levels and states with the real services.

The 835s are built from the sent demo claims (one file per payer and batch), so they follow
005010X221A1 and pass pyx12 like a payer's file. Outcomes cycle through every denial category;
billing's demo claims that it already marked denied or appealed get the CO-50 its notes name.
"""

import contextlib
import random
from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from billing import services as billing
from billing.models import Claim
from letters.rules import PLACEHOLDER
from palliative.demo import DEMO_PASSWORD
from palliative.models import Encounter, User

from . import services, x835
from .models import Appeal, Denial, PayerAppealWindow

A = x835.Adjustment
CENT = Decimal("0.01")
# Outcomes for claims the payer answers now, cycled in claim order.
OUTCOMES = [
    "paid",
    "medical_necessity",
    "paid_reordered",
    "corrected_claim",
    "bundled_add_on",
    "deductible",
    "timely_filing",
    "authorization",
    "partial_medical_necessity",
    "duplicate",
    "paid_dropped_modifier",
    "modifier",
    "medical_necessity",
]


def seed(*, rng: random.Random, today: date, context: dict) -> dict:
    biller = User.objects.get(username="billing")
    _send_more_claims(rng=rng, today=today, by=biller, context=context)
    waiting = list(
        Claim.objects.filter(
            status__in=[Claim.Status.SUBMITTED, Claim.Status.DENIED, Claim.Status.APPEALED], coverage__isnull=False
        )
        .select_related("coverage__payer", "patient")
        .prefetch_related("lines")
        .order_by("id")
    )
    for claim in waiting:
        _backdate_submission(claim, today)
    # The payer has not answered the latest submissions yet: they stay submitted.
    submitted = sorted(
        (c for c in waiting if c.status == Claim.Status.SUBMITTED), key=lambda c: c.first_date_of_service
    )
    unanswered = {c.pk for c in submitted if c.first_date_of_service >= today - timedelta(days=21)}
    unanswered |= {c.pk for c in submitted[-2:]}
    waiting = [c for c in waiting if c.pk not in unanswered]
    payer_profile = next((p for p in context["payers"] if p.payer_type == "commercial"), None)
    if payer_profile is not None:
        PayerAppealWindow.objects.get_or_create(
            payer=payer_profile,
            level="internal",
            defaults={"days": 90, "source": "Provider manual, appeals chapter (demo)"},
        )
    # Payers answer in monthly batches, two weeks after the last visit of the month they cover,
    # so notices (and the appeal deadlines counted from them) spread over the last months.
    batches = defaultdict(list)
    for claim in waiting:
        month = (today - claim.first_date_of_service).days // 30
        batches[(claim.coverage.payer, month)].append(claim)
    # One file, one payment (ST/SE) per payer and batch, as a clearinghouse delivers them.
    payments, outcomes = [], iter(OUTCOMES * len(waiting))
    for number, ((payer, _month), claims) in enumerate(
        sorted(batches.items(), key=lambda kv: (kv[0][0].name, -kv[0][1]))
    ):
        newest = max(c.first_date_of_service for c in claims)
        notice = min(newest + timedelta(days=14), today - timedelta(days=3))
        payments.append(_remittance(payer, claims, notice=notice, number=number + 1, rng=rng, outcomes=outcomes))
    text = x835.build_835(
        payments, sender_id="CLEARINGHOUSE", receiver_id="RIVERBEND", control_number=today.toordinal() % 10**9
    )
    summary = services.remittance_import_835(text=text, file_name=f"demo-era-{today:%Y%m%d}.x12", by=biller)
    appeals = _work_denials(today=today, by=biller)
    return {"denials": list(Denial.objects.all()), "appeals": appeals, "remittance_summary": summary.line()}


def _send_more_claims(*, rng, today, by, context) -> None:
    """Bill a few more documented visits, so every denial category has a claim to land on."""
    billed = Claim.objects.filter(encounter__isnull=False).values_list("encounter", flat=True)
    candidates = list(
        Encounter.objects.filter(patient__in=context["patients"], date_of_service__gte=today - timedelta(days=150))
        .exclude(pk__in=billed)
        .order_by("id")
    )
    ready = []
    for encounter in rng.sample(candidates, min(14, len(candidates))):
        try:
            claim = billing.claim_build_from_encounter(encounter=encounter, by=by)
            ready.append(billing.claim_mark_ready(claim=claim, by=by))
        except billing.ClaimError:
            continue
    if ready:
        billing.claims_export(claims=ready, by=by, kind="837p")


def _backdate_submission(claim: Claim, today: date) -> None:
    """Demo claims were all exported today; spread them as if sent a week after each visit."""
    sent = min(claim.first_date_of_service + timedelta(days=7), today)
    stamp = timezone.make_aware(datetime.combine(sent, datetime.min.time().replace(hour=9)))
    Claim.objects.filter(pk=claim.pk).update(submitted_at=stamp)


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT)


def _remittance(payer, claims: list[Claim], *, notice: date, number: int, rng, outcomes) -> x835.Remittance:
    payments = []
    for claim in claims:
        if claim.status in (Claim.Status.DENIED, Claim.Status.APPEALED):
            outcome = "medical_necessity"
        else:
            outcome = next(outcomes)
        payments.append(_claim_payment(claim, outcome))
    remittance = x835.Remittance(
        payer_name=payer.name,
        trace_number=f"DEMO{notice:%y%m%d}{number:03d}",
        payer_reference=f"1{rng.randint(100000000, 999999999)}",
        payment_amount=sum((p.paid for p in payments), Decimal("0")),
        payment_method="ACH",
        payment_date=notice + timedelta(days=2),
        production_date=notice,
        payer_id=payer.payer_id,
        claims=payments,
    )
    return remittance


def _claim_payment(claim: Claim, outcome: str) -> x835.ClaimPayment:
    lines = list(claim.lines.all())
    services_ = []
    remarks: list[str] = []
    for position, line in enumerate(lines):
        charge, modifiers = line.charge, list(line.modifiers)
        allowed = _money(charge * Decimal("0.8"))
        paid_line = (charge, allowed, [A("CO", "45", charge - allowed)])
        # A claim-wide problem denies every line; the others hit one line (the add-on: the last).
        denied_all = outcome in {"medical_necessity", "corrected_claim", "timely_filing", "duplicate"}
        first_or_last = position == (len(lines) - 1 if outcome == "bundled_add_on" else 0)
        one_line = {"partial_medical_necessity", "bundled_add_on", "authorization", "modifier"}
        if denied_all or (outcome in one_line and first_or_last):
            code, rarc = {
                "medical_necessity": ("50", "N115"),
                "partial_medical_necessity": ("50", "N115"),
                "corrected_claim": ("16", "M51"),
                "timely_filing": ("29", "N211"),
                "authorization": ("197", ""),
                "duplicate": ("18", ""),
                "modifier": ("4", "M15"),
                "bundled_add_on": ("97", "N19"),
            }[outcome]
            paid, adjustments, line_remarks = Decimal("0"), [A("CO", code, charge)], [rarc] if rarc else []
        elif outcome == "deductible":
            paid, adjustments, line_remarks = Decimal("0"), [A("CO", "45", charge - allowed), A("PR", "1", allowed)], []
        else:
            _, paid, adjustments = paid_line
            coinsurance = _money(paid * Decimal("0.2"))
            adjustments = [*adjustments, A("PR", "2", coinsurance)]
            paid -= coinsurance
            line_remarks = []
        if outcome == "paid_reordered" and len(modifiers) > 1:
            modifiers = list(reversed(modifiers))
        if outcome == "paid_dropped_modifier" and modifiers:
            modifiers = modifiers[1:]
        services_.append(
            x835.ServicePayment(
                procedure_code=line.procedure_code,
                modifiers=modifiers,
                charge=charge,
                paid=paid,
                units=Decimal(line.units),
                date_of_service=line.date_of_service,
                adjustments=adjustments,
                remarks=line_remarks,
                allowed=None if paid == 0 else allowed,
            )
        )
    if outcome == "corrected_claim":
        remarks = ["MA130"]
    paid = sum((s.paid for s in services_), Decimal("0"))
    patient_share = sum((a.amount for s in services_ for a in s.adjustments if a.group == "PR"), Decimal("0"))
    everything_denied = paid == 0 and patient_share == 0
    return x835.ClaimPayment(
        patient_control_number=claim.patient_control_number,
        status_code="4" if everything_denied else "1",
        charge=sum((s.charge for s in services_), Decimal("0")),
        paid=paid,
        patient_responsibility=patient_share,
        payer_claim_number=claim.payer_claim_number or f"DEMO{claim.pk:09d}",
        patient_last_name=claim.patient.last_name,
        patient_first_name=claim.patient.first_name,
        member_id=claim.coverage.member_id,
        statement_date=claim.first_date_of_service,
        remarks=remarks,
        services=services_,
    )


def _work_denials(*, today: date, by: User) -> list[Appeal]:
    """Take the imported denials through the states a billing team sees in a month."""
    denials = list(Denial.objects.select_related("payer").order_by("id"))
    medicare = [d for d in denials if d.can_be_appealed and d.payer.payer_type == "medicare"]
    commercial = [d for d in denials if d.can_be_appealed and d.payer.payer_type != "medicare"]
    appeals: list[Appeal] = []

    def start(denial):
        appeal = services.appeal_start(denial=denial, by=by)
        appeals.append(appeal)
        return appeal

    def file(appeal, days_after_notice=5):
        filed_on = min(appeal.notice_date + timedelta(days=days_after_notice), today)
        return services.appeal_file(
            appeal=appeal, filed_on=filed_on, reference=f"APL-{appeal.pk:05d}", by=by, today=today
        )

    def decide(appeal, outcome, share, days_after_filing=30):
        decided_on = min(appeal.filed_on + timedelta(days=days_after_filing), today)
        recovered = _money(appeal.amount_in_controversy * Decimal(share))
        return services.appeal_decide(
            appeal=appeal, outcome=outcome, decided_on=decided_on, amount_recovered=recovered, by=by
        )

    def escalate(appeal):
        escalation = services.appeal_escalate(appeal=appeal, by=by, today=today)
        appeals.append(escalation)
        return escalation

    def with_letter(appeal, sign=False):
        letter = services.appeal_letter_draft(appeal=appeal, by=by, today=today)
        if sign and letter.missing_elements:
            # What a biller writes in place of the template's [[…]] prompts.
            written = PLACEHOLDER.sub(
                "The enclosed visit note documents the service as billed; it was separately identifiable "
                "and performed by the treating provider on that date.",
                letter.body,
            )
            letter = services.appeal_letter_update(appeal=appeal, body=written, by=by, today=today)
        if sign and not letter.missing_elements:
            services.appeal_letter_sign(
                appeal=appeal, user=letter.provider.user, password=DEMO_PASSWORD, reviewed=letter.review_digest()
            )
        return appeal

    steps = [
        lambda d: with_letter(start(d)),  # drafting, letter waiting for the provider's signature
        lambda d: file(with_letter(start(d), sign=True)),  # filed with a signed letter, waiting
        lambda d: decide(file(start(d)), "overturned", "1"),
        lambda d: decide(file(start(d)), "partially", "0.5"),
        lambda d: escalate(decide(file(start(d)), "upheld", "0")),  # reconsideration drafting
        lambda d: escalate(decide(file(escalate(decide(file(start(d)), "upheld", "0", 20)), 3), "upheld", "0", 15)),
        lambda d: decide(file(start(d)), "upheld", "0"),
    ]
    # The longest road (to an ALJ hearing) needs the most money in dispute.
    if len(medicare) >= len(steps):
        biggest = max(medicare, key=lambda d: d.amount)
        medicare.remove(biggest)
        medicare.insert(5, biggest)
    for denial, step in zip(medicare, steps, strict=False):
        try:
            with transaction.atomic():
                step(denial)
        except services.AppealError:
            continue  # e.g. an amount below the ALJ threshold: that denial stays open
    commercial_steps = [
        lambda d: escalate(decide(file(start(d)), "upheld", "0")),  # external review drafting
        lambda d: file(start(d)),
        lambda d: start(d),
    ]
    for denial, step in zip(commercial, commercial_steps, strict=False):
        try:
            with transaction.atomic():
                step(denial)
        except services.AppealError:
            continue
    still_open = Denial.objects.filter(status=Denial.Status.OPEN).order_by("id")
    if denial := still_open.filter(route="appeal_with_lmn").first():
        # The one-step path: an LMN request pre-filled from the claim, and the appeal on it.
        with contextlib.suppress(services.AppealError):
            appeals.append(services.denial_request_lmn_and_appeal(denial=denial, by=by, today=today))
    if denial := still_open.filter(route="corrected_claim").first():
        with contextlib.suppress(services.AppealError):
            services.denial_send_corrected_claim(denial=denial, by=by)
    if denial := still_open.filter(route="not_appealable").first():
        services.denial_request_exception(
            denial=denial, reason="administrative_error", note="Contractor returned the claim in error (demo).", by=by
        )
    if denial := still_open.filter(category="duplicate").first():
        services.denial_write_off(denial=denial, by=by, note="True duplicate of a paid claim (demo).")
    return list(Appeal.objects.order_by("id"))
