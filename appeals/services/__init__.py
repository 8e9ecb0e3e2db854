"""Writes for remittances, denials and appeals: keyword-only `<entity>_<action>` functions.

One module per part of the work, re-exported here so `from appeals import services` and
`services.<name>` keep working:
- remittances: post 835 files and paper remittances, and the denials they carry;
- denials: assign, write off, reopen, correct, timely-filing exceptions, the stored next date;
- appeals: start, file, decide, withdraw, escalate;
- appeal_letters: the appeal letter (letters' machinery) and the LMN a denial asks for;
- reminders: filing-deadline and late-decision reminders;
- dashboard: the billing dashboard's figures, kept and refreshed.

Billing alone moves a claim's status and money: remittances hand a file's claim money to
`billing.services.claims_post_payments` in one batch, and every change in a denial or an appeal asks
`billing.services.claim_settle`. Denials and appeals move only through `transition_to`.
Reads that span relations are in appeals/selectors.py.
"""

from ..errors import AppealError
from ..selectors import appeal_signed_lmn
from .appeal_letters import (
    LEVEL_REQUESTS,
    appeal_enclosures,
    appeal_letter_as_it_will_be_signed,
    appeal_letter_body,
    appeal_letter_draft,
    appeal_letter_facts,
    appeal_letter_new_version,
    appeal_letter_sign,
    appeal_letter_update,
    appeal_salutation,
    denial_request_lmn_and_appeal,
)
from .appeals import (
    appeal_decide,
    appeal_escalate,
    appeal_file,
    appeal_start,
    appeal_withdraw,
    payer_appeal_window_save,
)
from .dashboard import dashboard_current, dashboard_refresh
from .denials import (
    denial_assign,
    denial_record_exception_granted,
    denial_reopen,
    denial_request_exception,
    denial_send_corrected_claim,
    denial_settle_claim,
    denial_write_off,
    denials_next_due_refresh,
)
from .reminders import appeal_deadline_reminders_send, appeal_late_decision_reminders_send
from .remittances import (
    ImportSummary,
    PaperLine,
    remittance_enter_paper,
    remittance_import_835,
    remittance_import_queue,
    remittance_import_run,
    remittance_import_store,
)

__all__ = [
    "LEVEL_REQUESTS",
    "AppealError",
    "ImportSummary",
    "PaperLine",
    "appeal_deadline_reminders_send",
    "appeal_decide",
    "appeal_enclosures",
    "appeal_escalate",
    "appeal_file",
    "appeal_late_decision_reminders_send",
    "appeal_letter_as_it_will_be_signed",
    "appeal_letter_body",
    "appeal_letter_draft",
    "appeal_letter_facts",
    "appeal_letter_new_version",
    "appeal_letter_sign",
    "appeal_letter_update",
    "appeal_salutation",
    "appeal_signed_lmn",
    "appeal_start",
    "appeal_withdraw",
    "dashboard_current",
    "dashboard_refresh",
    "denial_assign",
    "denial_record_exception_granted",
    "denial_reopen",
    "denial_request_exception",
    "denial_request_lmn_and_appeal",
    "denial_send_corrected_claim",
    "denial_settle_claim",
    "denial_write_off",
    "denials_next_due_refresh",
    "payer_appeal_window_save",
    "remittance_enter_paper",
    "remittance_import_835",
    "remittance_import_queue",
    "remittance_import_run",
    "remittance_import_store",
]
