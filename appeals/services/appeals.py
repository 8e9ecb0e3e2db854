"""Appeals level by level: start, file, decide, withdraw, escalate (42 CFR 405 subpart I for
Medicare; the plan's own levels otherwise). Each change asks billing to settle the claim."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from palliative.models import User

from .. import carc, deadlines, selectors
from ..errors import AppealError
from ..models import Appeal, Denial, PayerAppealWindow
from .denials import denial_settle_claim, denials_next_due_refresh


def _deadline_for(*, denial: Denial, level: str, notice_date: date, received_date, notice_deadline) -> date:
    return deadlines.filing_deadline(
        denial.payer.payer_type,
        level,
        notice_date,
        received_date,
        notice_deadline=notice_deadline,
        payer_window_days=selectors.payer_window_days(denial.payer, level),
    )


@transaction.atomic
def appeal_start(
    *,
    denial: Denial,
    by: User,
    expedited: bool = False,
    notice_deadline: date | None = None,
) -> Appeal:
    """Open a first-level appeal (drafting) on a denial that can be appealed."""
    denial = Denial.objects.select_for_update().select_related("payer", "claim").get(pk=denial.pk)
    if not denial.can_be_appealed:
        raise AppealError(f"{denial.code} cannot be appealed: {carc.ROUTES[denial.route].lower()}.")
    if denial.appeals.exclude(status=Appeal.Status.WITHDRAWN).exists():
        raise AppealError("This denial already has an appeal; escalate it instead of starting another.")
    level = deadlines.first_level(denial.payer.payer_type)
    if expedited and not deadlines.expedited_available(denial.payer.payer_type, level):
        raise AppealError(
            f"{denial.payer.get_payer_type_display()} claim appeals have no expedited review: the 72-hour review is"
            " only for care not yet given or still under way, and a denied claim is for care already given."
        )
    appeal = Appeal.objects.create(
        denial=denial,
        level=level,
        expedited=expedited,
        notice_date=denial.notice_date,
        received_date=denial.received_date,
        notice_deadline=notice_deadline,
        deadline=_deadline_for(
            denial=denial,
            level=level,
            notice_date=denial.notice_date,
            received_date=denial.received_date,
            notice_deadline=notice_deadline,
        ),
        amount_in_controversy=denial.amount,
        owner=denial.owner or by,
        created_by=by,
    )
    appeal.record_created(by=by, note=f"{appeal.get_level_display()} due by {appeal.deadline:%m/%d/%Y}.")
    denial.transition_to(Denial.Status.APPEALING, by=by, note=f"Appeal #{appeal.pk} started.")
    denial_settle_claim(denial=denial, by=by, note=f"Appeal #{appeal.pk} of denial #{denial.pk}.")
    denials_next_due_refresh(denial_ids=[denial.pk])
    return appeal


@transaction.atomic
def appeal_file(*, appeal: Appeal, filed_on: date, by: User, reference: str = "", today: date | None = None) -> Appeal:
    appeal = Appeal.objects.select_for_update().select_related("denial__payer").get(pk=appeal.pk)
    today = today or timezone.localdate()
    if appeal.status != Appeal.Status.DRAFTING:
        raise AppealError(f"Appeal #{appeal.pk} is {appeal.get_status_display().lower()}; it is filed only once.")
    if filed_on > today:
        raise AppealError("The filing date cannot be in the future.")
    if filed_on < appeal.notice_date:
        raise AppealError("An appeal cannot be filed before the notice it answers.")
    letter = getattr(appeal, "letter", None)
    if letter is not None and not letter.is_signed:
        raise AppealError("The appeal letter must be signed by the provider before the appeal is filed.")
    payer_type = appeal.denial.payer.payer_type
    threshold_ok = deadlines.aic_met(payer_type, appeal.level, appeal.amount_in_controversy, filed_on)
    if not threshold_ok:
        raise AppealError(
            f"The amount in controversy ${appeal.amount_in_controversy} is below the "
            f"${deadlines.aic_threshold(appeal.level, filed_on)} needed for {appeal.get_level_display()} on {filed_on:%m/%d/%Y}."
        )
    appeal.filed_on = filed_on
    appeal.reference = reference
    appeal.decision_due = deadlines.decision_due(payer_type, appeal.level, filed_on, expedited=appeal.expedited)
    late = "" if deadlines.is_timely(appeal.deadline, filed_on) else f" after the {appeal.deadline:%m/%d/%Y} deadline"
    appeal.transition_to(Appeal.Status.FILED, by=by, note=f"Filed {filed_on:%m/%d/%Y}{late}.")
    denials_next_due_refresh(denial_ids=[appeal.denial_id])
    return appeal


@transaction.atomic
def appeal_decide(
    *, appeal: Appeal, outcome: str, decided_on: date, amount_recovered: Decimal, by: User, note: str = ""
) -> Appeal:
    """Record the reviewer's decision; the denial is won (overturned, partly) or lost (upheld)."""
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.status != Appeal.Status.FILED:
        raise AppealError(
            f"Appeal #{appeal.pk} is {appeal.get_status_display().lower()}: only a filed appeal awaits a decision."
        )
    if outcome not in Appeal.OUTCOMES:
        raise AppealError("Choose overturned, partially overturned or upheld.")
    if appeal.filed_on and decided_on < appeal.filed_on:
        raise AppealError("The decision cannot come before the appeal was filed.")
    if amount_recovered < 0:
        raise AppealError("The amount recovered cannot be negative.")
    if outcome == Appeal.Status.UPHELD and amount_recovered:
        raise AppealError("An upheld denial recovers nothing; choose partially overturned.")
    if outcome != Appeal.Status.UPHELD and amount_recovered > appeal.amount_in_controversy:
        raise AppealError(f"More than the ${appeal.amount_in_controversy} in dispute cannot be recovered.")
    appeal.decided_on = decided_on
    appeal.amount_recovered = amount_recovered
    appeal.transition_to(outcome, by=by, note=note)
    denial = Denial.objects.select_for_update().get(pk=appeal.denial_id)
    won = outcome != Appeal.Status.UPHELD
    denial.transition_to(
        Denial.Status.WON if won else Denial.Status.LOST,
        by=by,
        note=f"Appeal #{appeal.pk}: {appeal.get_status_display()}.",
    )
    denial_settle_claim(denial=denial, by=by, note=f"Appeal #{appeal.pk} decided.")
    denials_next_due_refresh(denial_ids=[denial.pk])
    return appeal


@transaction.atomic
def appeal_withdraw(*, appeal: Appeal, by: User, note: str = "") -> Appeal:
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    appeal.transition_to(Appeal.Status.WITHDRAWN, by=by, note=note or "Withdrawn.")
    denial = Denial.objects.select_for_update().get(pk=appeal.denial_id)
    if denial.status == Denial.Status.APPEALING:
        denial.transition_to(Denial.Status.OPEN, by=by, note=f"Appeal #{appeal.pk} withdrawn.")
        denial_settle_claim(denial=denial, by=by)
    denials_next_due_refresh(denial_ids=[denial.pk])
    return appeal


@transaction.atomic
def appeal_escalate(
    *,
    appeal: Appeal,
    by: User,
    received_date: date | None = None,
    notice_deadline: date | None = None,
    today: date | None = None,
) -> Appeal:
    """Take a partly or wholly upheld appeal to the next level, with its own deadline.

    The next level counts from the decision notice; Medicare's ALJ and federal court levels need
    the amount still in controversy to reach the threshold in force on the day (42 CFR 405.1006).
    """
    appeal = Appeal.objects.select_for_update().select_related("denial__payer").get(pk=appeal.pk)
    today = today or timezone.localdate()
    if appeal.status not in Appeal.ESCALATABLE:
        raise AppealError("Only an upheld or partly overturned appeal can go to the next level.")
    if Appeal.objects.filter(previous=appeal).exists():
        raise AppealError("This appeal has already been taken to the next level.")
    denial = appeal.denial
    level = deadlines.next_level(denial.payer.payer_type, appeal.level)
    if level is None:
        raise AppealError(f"{appeal.get_level_display()} is the last level of appeal.")
    remaining = deadlines.amount_in_controversy(billed=appeal.amount_in_controversy, paid=appeal.amount_recovered)
    if not deadlines.aic_met(denial.payer.payer_type, level, remaining, today):
        threshold = deadlines.aic_threshold(level, today)
        raise AppealError(
            f"${remaining} is still in dispute; {deadlines.LEVEL_LABELS[level]} needs at least ${threshold} "
            f"({today.year} threshold)."
        )
    deadline = _deadline_for(
        denial=denial,
        level=level,
        notice_date=appeal.decided_on,
        received_date=received_date,
        notice_deadline=notice_deadline,
    )
    escalation = Appeal.objects.create(
        denial=denial,
        level=level,
        expedited=appeal.expedited and deadlines.expedited_available(denial.payer.payer_type, level),
        previous=appeal,
        notice_date=appeal.decided_on,
        received_date=received_date,
        notice_deadline=notice_deadline,
        deadline=deadline,
        amount_in_controversy=remaining,
        owner=appeal.owner or by,
        created_by=by,
    )
    escalation.record_created(by=by, note=f"Escalated from appeal #{appeal.pk}; due by {deadline:%m/%d/%Y}.")
    denial = Denial.objects.select_for_update().get(pk=denial.pk)
    denial.transition_to(Denial.Status.APPEALING, by=by, note=f"Escalated to {escalation.get_level_display()}.")
    denial_settle_claim(denial=denial, by=by, note=f"Appeal #{escalation.pk} (next level).")
    denials_next_due_refresh(denial_ids=[denial.pk])
    return escalation


def payer_appeal_window_save(*, window: PayerAppealWindow, by: User) -> PayerAppealWindow:
    """Record a payer's own appeal window; new deadlines use it when shorter than the rule (deadlines.window_for)."""
    window.save()
    return window
