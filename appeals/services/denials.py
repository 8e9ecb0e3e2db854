"""Working a denial: assign, write off, reopen, correct by a replacement claim, timely-filing
exceptions. Every change asks billing to settle the claim (`claim_settle`)."""

from collections.abc import Iterable

from django.db import transaction

from billing.models import Claim
from billing.services import claim_build_replacement, claim_settle
from palliative.models import Role, User

from .. import carc, rules
from ..errors import AppealError
from ..models import Appeal, Denial


def denial_assign(*, denial: Denial, owner: User | None, by: User) -> Denial:
    if owner is not None and not owner.has_role(Role.BILLING, Role.ADMIN):
        raise AppealError(f"{owner} is not on the billing team.")
    Denial.objects.filter(pk=denial.pk).update(owner=owner)
    denial.owner = owner
    return denial


@transaction.atomic
def denial_write_off(*, denial: Denial, by: User, note: str = "") -> Denial:
    denial = Denial.objects.select_for_update().get(pk=denial.pk)
    if denial.appeals.filter(status__in=[Appeal.Status.DRAFTING, Appeal.Status.FILED]).exists():
        raise AppealError("Withdraw or finish the open appeal before writing this denial off.")
    denial.transition_to(Denial.Status.WRITTEN_OFF, by=by, note=note or "Written off.")
    denial_settle_claim(denial=denial, by=by)
    denials_next_due_refresh(denial_ids=[denial.pk])
    return denial


@transaction.atomic
def denial_reopen(*, denial: Denial, by: User, note: str = "") -> Denial:
    denial = Denial.objects.select_for_update().get(pk=denial.pk)
    denial.transition_to(Denial.Status.OPEN, by=by, note=note or "Reopened.")
    denial_settle_claim(denial=denial, by=by)
    denials_next_due_refresh(denial_ids=[denial.pk])
    return denial


@transaction.atomic
def denial_send_corrected_claim(*, denial: Denial, by: User) -> Claim:
    """The replacement claim (frequency 7) billing builds from the denied one; the denial is
    resolved by the correction, not by an appeal."""
    denial = Denial.objects.select_for_update().get(pk=denial.pk)
    if denial.route != carc.CORRECTED_CLAIM:
        raise AppealError(f"{denial.code} is corrected by an appeal, not a replacement claim.")
    replacement = claim_build_replacement(claim=denial.claim, by=by)
    denial.transition_to(Denial.Status.CORRECTED, by=by, note=f"Replacement claim {replacement} started.")
    denial_settle_claim(denial=denial, by=by)
    denials_next_due_refresh(denial_ids=[denial.pk])
    return replacement


@transaction.atomic
def denial_request_exception(*, denial: Denial, reason: str, by: User, note: str = "") -> Denial:
    """Record which 42 CFR 424.44(b) exception the team is pursuing for a timely-filing denial."""
    denial = Denial.objects.select_for_update().get(pk=denial.pk)
    allowed = dict(denial.exceptions)
    if reason not in allowed:
        raise AppealError("Only the documented timely-filing exceptions (42 CFR 424.44(b)) apply to this denial.")
    denial.exception_reason = reason
    denial.notes = "\n".join(filter(None, [denial.notes, f"Exception requested: {allowed[reason]}. {note}".strip()]))
    denial.save(update_fields=["exception_reason", "notes"])
    return denial


@transaction.atomic
def denial_record_exception_granted(*, denial: Denial, by: User) -> Denial:
    denial = Denial.objects.select_for_update().get(pk=denial.pk)
    if not denial.exception_reason:
        raise AppealError("Record which exception was requested first.")
    denial.transition_to(Denial.Status.WON, by=by, note="Timely-filing exception granted.")
    denial_settle_claim(denial=denial, by=by)
    denials_next_due_refresh(denial_ids=[denial.pk])
    return denial


def denial_settle_claim(*, denial: Denial, by: User | None, note: str = "") -> None:
    """Ask billing to move the denial's claim to where its money and denials now put it."""
    claim_settle(claim=denial.claim, by=by, note=note or f"Denial #{denial.pk} {denial.get_status_display().lower()}.")


REFRESH_BATCH = 2000


def denials_next_due_refresh(*, denial_ids: Iterable[int]) -> int:
    """Store rules.denial_next_due for each denial from its status and current appeal (the
    latest one not withdrawn); returns how many changed.

    Called last by every service that moves a denial or an appeal, after their own saves (a
    full save() of a denial read earlier would write back the old date). Three queries for each batch of
    denials (the UPDATE sets every changed date at once); the stored date is left out of the
    denial's history, as it is derived.
    """
    ids = list(dict.fromkeys(denial_ids))
    changed = 0
    for start in range(0, len(ids), REFRESH_BATCH):
        batch = ids[start : start + REFRESH_BATCH]
        current = {}
        appeals = (
            Appeal.objects.filter(denial_id__in=batch)
            .exclude(status=Appeal.Status.WITHDRAWN)
            .order_by("denial_id", "id")
            .values_list("denial_id", "status", "deadline", "decision_due")
        )
        for denial_id, *appeal in appeals:
            current[denial_id] = appeal  # ordered by id: the last one is the current appeal
        moved = []
        rows = Denial.objects.filter(pk__in=batch).values_list("pk", "status", "appeal_deadline", "next_due")
        for pk, status, appeal_deadline, stored in rows:
            appeal_status, filing_deadline, decision_due = current.get(pk, (None, None, None))
            due = rules.denial_next_due(
                status=status,
                appeal_deadline=appeal_deadline,
                appeal_status=appeal_status,
                appeal_filing_deadline=filing_deadline,
                appeal_decision_due=decision_due,
            )
            if due != stored:
                moved.append(Denial(pk=pk, next_due=due))
        changed += Denial.objects.bulk_update(moved, ["next_due"], batch_size=500)
    return changed
