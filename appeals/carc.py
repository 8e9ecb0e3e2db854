"""Claim adjustment reason codes (CARC), remittance advice remark codes (RARC), and what a
denial carrying them means for the billing team: its category and the route it takes
(appeal, appeal with a letter of medical necessity, corrected claim, or no appeal at all).

Meanings are paraphrased from the X12 code lists (CARC and RARC, maintained by X12 and the
CMS RARC committee; check the current list at x12.org), as gathered in shared/domain.md §6.1
with its sources: the ResDAC CARC table, the Hippo gem's CARC list, codingahead.com's CARC
list, Palmetto GBA and NGS Medicare for MA130, N211 and CO-29. Pure: codes in, plain values out.
"""

from dataclasses import dataclass

# The lists were last compared with the published X12 lists on this date; a code the payer
# sends that is not here is kept as "other" with its raw code, never dropped.
CODE_LISTS_CHECKED = "2026-11-23"

# Claim adjustment group codes (X12 CAS01; shared/domain.md §6.1, ResDAC group code table).
GROUPS = {
    "CO": "Contractual obligation (practice write-off; do not bill the patient)",
    "PR": "Patient responsibility",
    "OA": "Other adjustment",
    "PI": "Payer-initiated reduction",
    "CR": "Correction or reversal",
}

MEDICAL_NECESSITY = "medical_necessity"
MISSING_INFORMATION = "missing_information"
CODING_BUNDLING = "coding_bundling"
DUPLICATE = "duplicate"
TIMELY_FILING = "timely_filing"
AUTHORIZATION = "authorization"
OTHER = "other"

CATEGORIES = {
    MEDICAL_NECESSITY: "Medical necessity",
    MISSING_INFORMATION: "Missing information",
    CODING_BUNDLING: "Coding / bundling",
    DUPLICATE: "Duplicate",
    TIMELY_FILING: "Timely filing",
    AUTHORIZATION: "Authorization",
    OTHER: "Other",
}


@dataclass(frozen=True)
class Carc:
    code: str
    meaning: str
    category: str = OTHER
    denial: bool = True  # False: a normal adjustment (contract write-down, cost share), not a denial
    hint: str = ""


_CARCS = (
    Carc("1", "Deductible amount", denial=False, hint="Bill the patient."),
    Carc("2", "Coinsurance amount", denial=False, hint="Bill the patient."),
    Carc("3", "Co-payment amount", denial=False, hint="Bill the patient."),
    Carc(
        "4",
        "The procedure code is inconsistent with the modifier used, or a required modifier is missing",
        CODING_BUNDLING,
        hint="Fix the modifier (e.g. 33, 25, GV/GW), then correct the claim.",
    ),
    Carc("5", "The procedure code or bill type is inconsistent with the place of service", CODING_BUNDLING),
    Carc("6", "The procedure or revenue code is inconsistent with the patient's age", CODING_BUNDLING),
    Carc("7", "The procedure or revenue code is inconsistent with the patient's gender", CODING_BUNDLING),
    Carc(
        "11", "The diagnosis is inconsistent with the procedure", CODING_BUNDLING, hint="Re-check diagnosis pointers."
    ),
    Carc(
        "15",
        "The authorization number is missing, invalid, or does not apply to the billed services or provider",
        AUTHORIZATION,
    ),
    Carc(
        "16",
        "Claim or service lacks information or has submission/billing errors",
        MISSING_INFORMATION,
        hint="Correct and resubmit as a replacement claim; this is not an appeal.",
    ),
    Carc(
        "18",
        "Exact duplicate claim or service",
        DUPLICATE,
        hint="Check for an earlier claim; correct with a replacement (7) or void (8), or appeal if the service was separate.",
    ),
    Carc(
        "22", "This care may be covered by another payer per coordination of benefits", hint="Coordination of benefits."
    ),
    Carc("23", "The impact of prior payer(s) adjudication, including payments and adjustments", denial=False),
    Carc("26", "Expenses incurred before coverage began", hint="Check eligibility."),
    Carc("27", "Expenses incurred after coverage ended", hint="Check eligibility."),
    Carc(
        "29",
        "The time limit for filing has expired",
        TIMELY_FILING,
        hint="Not an initial determination: only the 42 CFR 424.44(b) exceptions apply.",
    ),
    Carc("31", "Patient cannot be identified as the payer's insured", hint="Check the member ID."),
    Carc("45", "Charge exceeds the fee schedule or contracted/legislated fee arrangement", denial=False),
    Carc(
        "50",
        "Non-covered: the payer does not consider the service a medical necessity",
        MEDICAL_NECESSITY,
        hint="Appeal with records and a letter of medical necessity.",
    ),
    Carc("55", "Procedure, treatment or drug is deemed experimental or investigational", MEDICAL_NECESSITY),
    Carc("56", "Procedure or treatment has not been deemed proven to be effective", MEDICAL_NECESSITY),
    Carc("58", "Rendered in an inappropriate or invalid place of service", CODING_BUNDLING),
    Carc("94", "Processed in excess of charges", denial=False),
    Carc("96", "Non-covered charge(s)"),
    Carc(
        "97",
        "Included in the payment for another service or procedure already adjudicated (bundling/NCCI)",
        CODING_BUNDLING,
        hint="Check whether modifier 25 or 59 applies.",
    ),
    Carc("109", "Not covered by this payer or contractor; send to the correct payer"),
    Carc("119", "Benefit maximum for this time period or occurrence has been reached"),
    Carc("146", "Diagnosis was invalid for the date(s) of service reported", CODING_BUNDLING),
    Carc("150", "The information submitted does not support this level of service", MEDICAL_NECESSITY),
    Carc(
        "151",
        "The information submitted does not support this many services or this frequency",
        MEDICAL_NECESSITY,
        hint="Frequency or MUE: appeal with documentation.",
    ),
    Carc(
        "167",
        "This diagnosis (or these diagnoses) is not covered",
        MEDICAL_NECESSITY,
        hint="Use a more specific diagnosis, or appeal.",
    ),
    Carc("181", "Procedure code was invalid on the date of service", CODING_BUNDLING),
    Carc("182", "Procedure modifier was invalid on the date of service", CODING_BUNDLING),
    Carc(
        "197",
        "Precertification, authorization, notification or pre-treatment absent",
        AUTHORIZATION,
        hint="Ask for a retro-authorization or appeal.",
    ),
    Carc("198", "Precertification, notification, authorization or pre-treatment exceeded", AUTHORIZATION),
    Carc("204", "Not covered under the patient's current benefit plan"),
    Carc(
        "226",
        "Information requested from the billing or rendering provider was not provided, late, or incomplete",
        MISSING_INFORMATION,
    ),
    Carc("234", "This procedure is not paid separately", CODING_BUNDLING),
    Carc(
        "236",
        "Procedure or procedure/modifier combination not compatible with another procedure the same day (NCCI)",
        CODING_BUNDLING,
    ),
    Carc("252", "An attachment or other documentation is required to adjudicate this claim", MISSING_INFORMATION),
    Carc("253", "Sequestration: reduction in federal payment", denial=False),
    Carc("B13", "Previously paid: payment may have been made in an earlier payment", DUPLICATE),
    Carc(
        "B15",
        "Requires a qualifying service that has not been received or adjudicated",
        CODING_BUNDLING,
    ),
)
CARCS = {c.code: c for c in _CARCS}

RARCS = {
    "MA01": "You may appeal this decision if you disagree with the amount approved (appeal rights notice)",
    "MA04": "Secondary payment cannot be considered without the primary payer's information",
    "MA130": "Claim is unprocessable: it has no appeal rights; correct and submit it as a new claim",
    "M15": "Separately billed services have been bundled as components of the same procedure",
    "M51": "Missing, incomplete or invalid procedure code(s)",
    "M76": "Missing, incomplete or invalid diagnosis or condition",
    "M80": "Not covered when performed on the same date as a service already processed",
    "M86": "Denied because payment was already made for the same or a similar service in the period",
    "M127": "Missing patient medical record for this service",
    "N19": "Procedure code is incidental to the primary procedure",
    "N20": "Service is not payable with another service on the same date",
    "N30": "Patient is ineligible for this service",
    "N54": "Claim information is inconsistent with the pre-certified or authorized services",
    "N56": "Procedure code billed is not correct or valid for the services or date billed",
    "N115": "This decision was based on a Local Coverage Determination (LCD)",
    "N130": "Consult the plan benefit documents for coverage information",
    "N179": "Additional information has been requested from the member",
    "N211": "You may not appeal this decision",
    "N290": "Missing, incomplete or invalid rendering provider primary identifier",
    "N386": "This decision was based on a National Coverage Determination (NCD)",
}

# 42 CFR 424.44(b): the only ways past the Medicare filing limit (shared/domain.md §6.4).
TIMELY_FILING_EXCEPTIONS = (
    ("administrative_error", "Administrative error by CMS, its contractor or an agent (424.44(b)(1))"),
    ("retroactive_entitlement", "Retroactive Medicare entitlement (424.44(b)(2))"),
    (
        "retroactive_medicaid",
        "Retroactive Medicare entitlement with a State Medicaid agency recouping its payment (424.44(b)(3))",
    ),
    ("retroactive_disenrollment", "Retroactive disenrollment from a Medicare Advantage plan or PACE (424.44(b)(4))"),
)

# Claim status codes (X12 835 CLP02, ASC X12N 005010X221A1 TR3 §2.2.2, loop 2100 CLP02).
CLAIM_STATUSES = {
    "1": "Processed as primary",
    "2": "Processed as secondary",
    "3": "Processed as tertiary",
    "4": "Denied",
    "19": "Processed as primary, forwarded to another payer",
    "20": "Processed as secondary, forwarded to another payer",
    "21": "Processed as tertiary, forwarded to another payer",
    "22": "Reversal of a previous payment",
    "23": "Not this payer's claim, forwarded to another payer",
    "25": "Priced only, no payment (predetermination)",
}


def claim_status_meaning(code: str) -> str:
    """The payer's claim status in words ("Processed as primary", not "1")."""
    code = (code or "").strip()
    return CLAIM_STATUSES.get(code, f"Status {code} (not in the 835 code list)")


# The routes a denial can take.
APPEAL = "appeal"
APPEAL_WITH_LMN = "appeal_with_lmn"
CORRECTED_CLAIM = "corrected_claim"
NOT_APPEALABLE = "not_appealable"
NO_ACTION = "no_action"

ROUTES = {
    APPEAL: "Appeal",
    APPEAL_WITH_LMN: "Appeal with a letter of medical necessity",
    CORRECTED_CLAIM: "Send a corrected (replacement) claim, not an appeal",
    NOT_APPEALABLE: "Not appealable",
    NO_ACTION: "Not a denial",
}


def normalize(code: str) -> str:
    return (code or "").strip().upper()


def carc_for(code: str) -> Carc:
    """The table entry, or an "other" entry for a code the table does not know (never an error:
    a payer's remittance must import even when it carries a code newer than our list)."""
    code = normalize(code)
    return CARCS.get(code) or Carc(code, f"CARC {code} (not in the app's code list; check x12.org)")


def carc_meaning(code: str) -> str:
    return carc_for(code).meaning


def rarc_meaning(code: str) -> str:
    code = normalize(code)
    return RARCS.get(code, f"RARC {code} (not in the app's code list; check x12.org)")


def is_denial(group: str, carc: str) -> bool:
    """Whether an adjustment is a denial the team works, rather than a contract write-down
    (CO-45), the patient's cost share (PR-1/2/3), sequestration (CO-253) or a prior payer's
    share (OA-23). A correction/reversal (CR) is never a new denial."""
    if normalize(group) == "CR":
        return False
    return carc_for(carc).denial


def denial_category(carc: str) -> str:
    """Medical necessity, missing information, coding/bundling, duplicate, timely filing,
    authorization or other, from the CARC (shared/domain.md §6.1)."""
    return carc_for(carc).category


def denial_route(carc: str, rarcs: list[str] | tuple[str, ...] = ()) -> str:
    """What the team should do with a denial.

    - N211 ("you may not appeal this decision", paired with CO-29 for timely filing): not
      appealable; a timely-filing denial offers only the 42 CFR 424.44(b) exceptions
      (shared/domain.md §6.4; NGS CO-29 article).
    - MA130 (unprocessable, no appeal rights) or CARC 16 (lacks information): correct and
      resubmit a replacement claim instead of appealing (Palmetto GBA; domain.md §6.1).
    - Medical necessity (CO-50 and kin): appeal with records and a letter of medical necessity.
    - Any other denial: appeal.
    """
    codes = {normalize(r) for r in rarcs}
    entry = carc_for(carc)
    if not entry.denial:
        return NO_ACTION
    if "N211" in codes:
        return NOT_APPEALABLE
    if "MA130" in codes or entry.code == "16":
        return CORRECTED_CLAIM
    if entry.category == MEDICAL_NECESSITY:
        return APPEAL_WITH_LMN
    return APPEAL


def route_allows_appeal(route: str) -> bool:
    return route in (APPEAL, APPEAL_WITH_LMN)


def exceptions_for(carc: str) -> tuple[tuple[str, str], ...]:
    """The documented ways forward for a denial that cannot be appealed: for timely filing,
    the 42 CFR 424.44(b) exceptions; otherwise none."""
    return TIMELY_FILING_EXCEPTIONS if normalize(carc) == "29" else ()
