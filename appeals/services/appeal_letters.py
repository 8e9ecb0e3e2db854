"""Appeal letters, drafted here and signed with letters' machinery, and the letter of medical
necessity a medical-necessity denial asks for."""

from datetime import date, timedelta

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from letters import services as letters
from letters.letterhead import diagnosis_facts, letterhead_facts
from letters.models import Letter, LMNRequest
from palliative.models import User

from .. import carc, deadlines, selectors
from ..errors import AppealError
from ..models import Appeal, Denial
from .appeals import appeal_start


def appeal_enclosures(*, appeal: Appeal) -> list[str]:
    """What goes with the appeal: the notice, the visit notes and any signed LMN."""
    denial = appeal.denial
    items = [f"Remittance notice dated {denial.notice_date:%m/%d/%Y} showing {denial.code}"]
    if appeal.previous_id:
        items.append(f"{appeal.previous.get_level_display()} decision dated {appeal.notice_date:%m/%d/%Y}")
    items += [
        f"Visit note of {e.date_of_service:%m/%d/%Y} ({e.em_code}) with the medical-necessity and goals-of-care notes"
        for e in selectors.denial_encounters(denial)
    ]
    lmn = selectors.appeal_signed_lmn(appeal=appeal)
    if lmn is not None:
        items.append(
            f"Letter of medical necessity signed {timezone.localtime(lmn.signed_at):%m/%d/%Y} "
            f"by {lmn.provider} (letter #{lmn.pk}, version {lmn.version})"
        )
    return items


def appeal_letter_facts(*, appeal: Appeal) -> dict:
    """The identifiers the appeal letter carries (42 CFR 405.944(b): beneficiary, Medicare
    number, service and dates, requester), frozen when drafted."""
    denial, claim = appeal.denial, appeal.denial.claim
    lines = selectors.denial_lines(denial)
    dates = sorted({line.date_of_service for line in lines})
    return {
        **letterhead_facts(
            patient=claim.patient,
            provider=claim.rendering_provider,
            payer=denial.payer,
            member_id=claim.coverage.member_id if claim.coverage_id else "",
            group_number=claim.coverage.group_number if claim.coverage_id else "",
        ),
        "attention": deadlines.LEVEL_LABELS[appeal.level],
        "diagnoses": diagnosis_facts(claim.diagnosis_codes),
        "procedure_code": lines[0].procedure_code if lines else "",
        "treatment": ", ".join(str(line) for line in lines),
        "service_dates": ", ".join(f"{d:%m/%d/%Y}" for d in dates),
        "claim_number": claim.payer_claim_number or claim.patient_control_number or "",
        "denial_code": denial.code,
        "amount_in_dispute": str(appeal.amount_in_controversy),
        "enclosures": appeal_enclosures(appeal=appeal),
    }


# How the letter names what it asks for, level by level.
LEVEL_REQUESTS = {
    deadlines.REDETERMINATION: "a redetermination",
    deadlines.RECONSIDERATION: "a reconsideration",
    deadlines.PLAN_RECONSIDERATION: "a reconsideration by the plan (42 CFR 422.582)",
    deadlines.IRE_REVIEW: "review by the independent review entity (42 CFR 422.592)",
    deadlines.ALJ: "a hearing before an Administrative Law Judge",
    deadlines.APPEALS_COUNCIL: "a review by the Medicare Appeals Council",
    deadlines.FEDERAL_COURT: "judicial review",
    deadlines.INTERNAL: "an internal appeal",
    deadlines.EXTERNAL: "an external review",
}


# Who reads the request at each level, as the letter addresses them. Source: 42 CFR 405.940
# (MAC redetermination), 405.960 (QIC reconsideration), 405.1000 (ALJ hearing, OMHA), 405.1100
# (Council review, DAB), 405.1130 (federal district court); 42 CFR 422.578/422.592 (Medicare
# Advantage plan reconsideration, independent review entity); 45 CFR 147.136 (internal appeal
# and external review for commercial plans); state Medicaid fair-hearing rules for Medicaid.
LEVEL_SALUTATIONS = {
    deadlines.REDETERMINATION: "To the Medicare Administrative Contractor, Redetermination Unit",
    deadlines.RECONSIDERATION: "To the Qualified Independent Contractor, Reconsideration Unit",
    deadlines.ALJ: "To the Office of Medicare Hearings and Appeals, Administrative Law Judge",
    deadlines.APPEALS_COUNCIL: "To the Medicare Appeals Council, Departmental Appeals Board",
    deadlines.FEDERAL_COURT: "To the Clerk of the United States District Court",
    "plan_reconsideration": "To {payer}, Medicare Advantage Reconsideration Unit",
    "ire_review": "To the Independent Review Entity",
    deadlines.INTERNAL: "To {payer}, Appeals Department",
    deadlines.EXTERNAL: "To the Independent Review Organization, External Review",
}


def appeal_salutation(*, level: str, payer_name: str) -> str:
    """The letter's opening line for the level, naming the payer where the payer itself decides."""
    template = LEVEL_SALUTATIONS.get(level, "To {payer}, Appeals Department")
    return template.format(payer=payer_name) + ":"


def appeal_letter_body(*, appeal: Appeal, facts: dict) -> str:
    """The first draft, from the denial, the claim and the visit documentation; [[…]] marks
    what the record does not say (letters refuses to sign while any is left)."""
    denial = appeal.denial
    encounters = selectors.denial_encounters(denial)
    necessity = "\n\n".join(e.medical_necessity_note.strip() for e in encounters if e.medical_necessity_note.strip())
    goals = "\n\n".join(e.goals_of_care_note.strip() for e in encounters if e.goals_of_care_note.strip())
    return render_to_string(
        "appeals/appeal_letter_body.txt",
        {
            "appeal": appeal,
            "denial": denial,
            "facts": facts,
            "salutation": appeal_salutation(level=appeal.level, payer_name=denial.payer.name),
            "request": LEVEL_REQUESTS[appeal.level],
            "carc_meaning": selectors.denial_code_texts(denial).carc_letter(denial.carc),
            "medical_necessity": denial.category == carc.MEDICAL_NECESSITY,
            "necessity": necessity,
            "goals": goals,
            "lmn": selectors.appeal_signed_lmn(appeal=appeal),
        },
    ).strip()


@transaction.atomic
def appeal_letter_draft(*, appeal: Appeal, by: User, today: date | None = None):
    """Draft the appeal letter (a letters.Letter of kind "appeal") for the claim's rendering
    provider to sign; when nothing is missing, it goes straight to them for signature."""
    appeal = (
        Appeal.objects.select_for_update().select_related("denial__claim__patient", "denial__payer").get(pk=appeal.pk)
    )
    if appeal.status != Appeal.Status.DRAFTING:
        raise AppealError("The letter is drafted while the appeal is being prepared, before it is filed.")
    if appeal.letter_id:
        raise AppealError("This appeal already has a letter: edit it, or make a new version if it is signed.")
    facts = appeal_letter_facts(appeal=appeal)
    claim = appeal.denial.claim
    letter = letters.letter_draft(
        kind=Letter.Kind.APPEAL,
        patient=claim.patient,
        provider=claim.rendering_provider,
        payer=appeal.denial.payer,
        subject=f"{deadlines.LEVEL_LABELS[appeal.level]} request, claim {facts['claim_number']} ({appeal.denial.code})",
        facts=facts,
        body=appeal_letter_body(appeal=appeal, facts=facts),
        by=by,
    )
    appeal.letter = letter
    appeal.save(update_fields=["letter"])
    if not letter.missing_elements:
        letters.letter_request_signature(letter=letter, on=today or timezone.localdate())
    return letter


@transaction.atomic
def appeal_letter_update(*, appeal: Appeal, body: str, by: User, today: date | None = None):
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.letter_id is None:
        raise AppealError("Draft the letter first.")
    letter = letters.letter_update_body(letter=appeal.letter, body=body, by=by)
    if not letter.missing_elements and letter.awaiting_signature_since is None:
        letters.letter_request_signature(letter=letter, on=today or timezone.localdate())
    return letter


def appeal_letter_as_it_will_be_signed(*, appeal: Appeal):
    """The appeal's letter as the provider will sign it: an unsigned letter with today's
    enclosures (not saved), so the page shows, and the sign form's digest covers, exactly
    what appeal_letter_sign seals."""
    letter = appeal.letter
    if letter is not None and not letter.is_signed:
        letter.facts = {**letter.facts, "enclosures": appeal_enclosures(appeal=appeal)}
    return letter


def appeal_letter_sign(*, appeal: Appeal, user: User, password: str, reviewed: str, http_request=None):
    """The provider signs (password re-entered) the letter they reviewed (`reviewed`: its
    review_digest() on their page); the enclosures are refreshed first so a letter of medical
    necessity signed since the draft is listed (a change the provider has not seen then
    refuses the signature). The signer and password are confirmed first, outside the
    transaction, so django-axes counts a wrong password (letters.letter_signer_confirm)."""
    if appeal.letter_id is not None:
        letters.letter_signer_confirm(letter=appeal.letter, user=user, password=password, request=http_request)
    return _appeal_letter_seal(appeal=appeal, user=user, password=password, reviewed=reviewed)


@transaction.atomic
def _appeal_letter_seal(*, appeal: Appeal, user: User, password: str, reviewed: str):
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.letter_id is None:
        raise AppealError("There is no appeal letter to sign yet.")
    if not appeal.letter.is_signed:
        letters.letter_update_facts(letter=appeal.letter, facts={"enclosures": appeal_enclosures(appeal=appeal)})
    return letters.letter_sign(letter=appeal.letter, user=user, password=password, reviewed=reviewed)


@transaction.atomic
def appeal_letter_new_version(*, appeal: Appeal, by: User):
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.status != Appeal.Status.DRAFTING:
        raise AppealError("The appeal is filed: its letter went out as signed.")
    letter = letters.letter_new_version(letter=appeal.letter, by=by)
    appeal.letter = letter
    appeal.save(update_fields=["letter"])
    return letter


@transaction.atomic
def denial_request_lmn_and_appeal(*, denial: Denial, by: User, today: date | None = None) -> Appeal:
    """For a medical-necessity denial, in one step: a letter of medical necessity request
    pre-filled from the claim and its visit, and the first-level appeal linked to it."""
    today = today or timezone.localdate()
    denial = Denial.objects.select_related("claim__patient", "claim__rendering_provider", "payer").get(pk=denial.pk)
    if denial.route != carc.APPEAL_WITH_LMN:
        raise AppealError(f"{denial.code} is not a medical-necessity denial; start a plain appeal instead.")
    appeal = appeal_start(denial=denial, by=by)
    claim = denial.claim
    lines = selectors.denial_lines(denial)
    encounters = selectors.denial_encounters(denial)
    visit = encounters[-1] if encounters else None
    # Our own turnaround (no rule sets one, shared/domain.md §5): a week, and never later
    # than a week before the appeal must be filed.
    due = max(today, min(today + timedelta(days=7), appeal.deadline - timedelta(days=7)))
    lmn = letters.lmn_request_create(
        patient=claim.patient,
        provider=claim.rendering_provider,
        treatment=f"{', '.join(str(line) for line in lines)} on "
        f"{', '.join(sorted({f'{line.date_of_service:%m/%d/%Y}' for line in lines}))}, denied {denial.code}",
        procedure_code=lines[0].procedure_code if lines else "",
        diagnosis_codes=list(claim.diagnosis_codes),
        due_date=due,
        requested_by=LMNRequest.Requester.PAYER,
        by=by,
        today=today,
        clinical_history=visit.medical_necessity_note if visit else "",
        rationale=visit.goals_of_care_note if visit else "",
        service_from=min((line.date_of_service for line in lines), default=None),
        service_to=max((line.date_of_service for line in lines), default=None),
    )
    appeal.lmn_request = lmn
    appeal.save(update_fields=["lmn_request"])
    return appeal
