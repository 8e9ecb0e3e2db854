"""Claim adjustment reason codes (CARC), remittance advice remark codes (RARC), and what a
denial carrying them means for the billing team: its category and the route it takes
(appeal, appeal with a letter of medical necessity, corrected claim, or no appeal at all).

Meanings are paraphrased from the X12 code lists (CARC and RARC, maintained by X12 and the
CMS RARC committee; check the current list at x12.org), as gathered in shared/domain.md §6.1
with its sources: the ResDAC CARC table, the Hippo gem's CARC list, codingahead.com's CARC
list, Palmetto GBA and NGS Medicare for MA130, N211 and CO-29. Pure: codes in, plain values out.

These are not the full X12 lists: X12 publishes them under its own licence, and no public copy
with start and stop dates under a licence compatible with this project was found (issue 10).
The practice loads the full lists it obtains from X12 with `manage.py load_reason_codes`
(appeals.models.ReasonCode); a loaded code's description, while the code is active, is the text
pages and letters show (appeals.selectors.reason_code_texts), and this table is the fallback.
The tables hold the codes a palliative practice meets (the CARC numbers and wordings of the
issue-10 additions were cross-checked against the list in OpenEMR's BillingUtilities.php,
paraphrased, nothing copied), and only they decide a denial's category and route. A code the
payer sends that is in neither imports as "other" with its raw code and never reaches a letter
raw (carc_letter_text).
"""

import re
from dataclasses import dataclass
from datetime import date, datetime

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


# How a denial with this code is fixed, when not by an appeal (see denial_route).
CLERICAL = "clerical"  # a billing slip in an adjudicated claim: reopening (Medicare) or replacement
UNPROCESSABLE = "unprocessable"  # returned as unprocessable: fix and send as a new claim
OTHER_PAYER = "other_payer"  # another payer pays: bill the right one


@dataclass(frozen=True)
class Carc:
    code: str
    meaning: str
    category: str = OTHER
    denial: bool = True  # False: a normal adjustment (contract write-down, cost share), not a denial
    hint: str = ""
    fix: str = ""  # CLERICAL, UNPROCESSABLE, OTHER_PAYER or "" (appeal)
    effective_to: date | None = None  # deactivated by X12 from this date (a new year is a new row)


MN, MI, CB, DU, TF, AU = (
    MEDICAL_NECESSITY,
    MISSING_INFORMATION,
    CODING_BUNDLING,
    DUPLICATE,
    TIMELY_FILING,
    AUTHORIZATION,
)
_HOSPICE_HINT = (
    "The patient was on hospice: the hospice bills related care (Part A); bill Original Medicare Part B with GV"
    " (attending not employed by the hospice) or GW (unrelated to the terminal condition)."
)

# (code, meaning, category, fix, hint); meanings paraphrase the X12 CARC list (x12.org/codes/
# claim-adjustment-reason-codes) as of CODE_LISTS_CHECKED. Non-denials are listed apart below.
_DENIAL_ROWS = (
    (
        "4",
        "The procedure code is inconsistent with the modifier used, or a required modifier is missing",
        CB,
        CLERICAL,
        "Fix the modifier (e.g. 33, 25, GV/GW).",
    ),
    ("5", "The procedure code or bill type is inconsistent with the place of service", CB, CLERICAL, ""),
    ("6", "The procedure or revenue code is inconsistent with the patient's age", CB, CLERICAL, ""),
    ("7", "The procedure or revenue code is inconsistent with the patient's gender", CB, CLERICAL, ""),
    ("8", "The procedure code is inconsistent with the provider type or specialty (taxonomy)", CB, CLERICAL, ""),
    ("9", "The diagnosis is inconsistent with the patient's age", CB, CLERICAL, ""),
    ("10", "The diagnosis is inconsistent with the patient's gender", CB, CLERICAL, ""),
    ("11", "The diagnosis is inconsistent with the procedure", CB, CLERICAL, "Re-check diagnosis pointers."),
    ("12", "The diagnosis is inconsistent with the provider type", CB, CLERICAL, ""),
    ("13", "The date of death precedes the date of service", OTHER, CLERICAL, "Check the date of service and death."),
    ("14", "The date of birth follows the date of service", OTHER, CLERICAL, ""),
    (
        "15",
        "The authorization number is missing, invalid, or does not apply to the billed services or provider",
        AU,
        "",
        "",
    ),
    (
        "16",
        "Claim or service lacks information or has submission/billing errors",
        MI,
        UNPROCESSABLE,
        "Correct and resubmit; this is not an appeal.",
    ),
    (
        "18",
        "Exact duplicate claim or service",
        DU,
        "",
        "Check for an earlier claim; correct with a replacement (7) or void (8), or appeal if the service was separate.",
    ),
    (
        "19",
        "This is a work-related injury/illness and thus the liability of the Worker's Compensation carrier",
        OTHER,
        OTHER_PAYER,
        "Bill the workers' compensation carrier.",
    ),
    (
        "20",
        "This injury/illness is covered by the liability carrier",
        OTHER,
        OTHER_PAYER,
        "Bill the liability carrier.",
    ),
    (
        "21",
        "This injury/illness is the liability of the no-fault carrier",
        OTHER,
        OTHER_PAYER,
        "Bill the no-fault carrier.",
    ),
    (
        "22",
        "This care may be covered by another payer per coordination of benefits",
        OTHER,
        OTHER_PAYER,
        "Coordination of benefits: bill the primary payer first.",
    ),
    (
        "24",
        "Charges are covered under a capitation agreement or managed care plan",
        OTHER,
        OTHER_PAYER,
        "The patient is in a managed care (e.g. Medicare Advantage) plan: bill the plan.",
    ),
    ("26", "Expenses incurred before coverage began", OTHER, "", "Check eligibility."),
    ("27", "Expenses incurred after coverage ended", OTHER, "", "Check eligibility."),
    (
        "29",
        "The time limit for filing has expired",
        TF,
        "",
        "Not an initial determination: only the 42 CFR 424.44(b) exceptions apply.",
    ),
    ("31", "Patient cannot be identified as the payer's insured", OTHER, CLERICAL, "Check the member ID."),
    ("32", "Our records indicate the patient is not an eligible dependent", OTHER, "", "Check eligibility."),
    ("33", "Insured has no dependent coverage", OTHER, "", "Check eligibility."),
    ("35", "Lifetime benefit maximum has been reached", OTHER, "", ""),
    ("39", "Services denied at the time authorization/pre-certification was requested", AU, "", ""),
    ("40", "Charges do not meet qualifications for emergent/urgent care", MN, "", ""),
    ("49", "This is a non-covered service because it is a routine/preventive exam", OTHER, "", ""),
    (
        "50",
        "Non-covered: the payer does not consider the service a medical necessity",
        MN,
        "",
        "Appeal with records and a letter of medical necessity.",
    ),
    ("54", "Multiple physicians/assistants are not covered in this case", MN, "", ""),
    ("55", "Procedure, treatment or drug is deemed experimental or investigational", MN, "", ""),
    ("56", "Procedure or treatment has not been deemed proven to be effective", MN, "", ""),
    ("58", "Rendered in an inappropriate or invalid place of service", CB, CLERICAL, ""),
    ("96", "Non-covered charge(s)", OTHER, "", ""),
    (
        "97",
        "Included in the payment for another service or procedure already adjudicated (bundling/NCCI)",
        CB,
        "",
        "Check whether modifier 25 or 59 applies.",
    ),
    ("107", "The related or qualifying claim/service was not identified on this claim", CB, CLERICAL, ""),
    (
        "109",
        "Not covered by this payer or contractor; send to the correct payer",
        OTHER,
        OTHER_PAYER,
        "Bill the correct payer or contractor (e.g. Original Medicare for a Medicare Advantage member on hospice).",
    ),
    ("110", "Billing date predates service date", OTHER, CLERICAL, ""),
    ("111", "Not covered unless the provider accepts assignment", OTHER, CLERICAL, ""),
    ("114", "Procedure/product not approved by the Food and Drug Administration", MN, "", ""),
    ("115", "Procedure postponed, canceled, or delayed", OTHER, "", ""),
    ("116", "The advance indemnification notice signed by the patient did not comply with requirements", OTHER, "", ""),
    ("119", "Benefit maximum for this time period or occurrence has been reached", OTHER, "", ""),
    ("125", "Submission/billing error(s)", MI, CLERICAL, ""),
    ("129", "Prior processing information appears incorrect", OTHER, CLERICAL, ""),
    ("136", "Failure to follow prior payer's coverage rules", OTHER, "", ""),
    (
        "140",
        "Patient/insured health identification number and name do not match",
        OTHER,
        CLERICAL,
        "Check the member ID and the name as printed on the card.",
    ),
    ("146", "Diagnosis was invalid for the date(s) of service reported", CB, CLERICAL, ""),
    ("149", "Lifetime benefit maximum has been reached for this service/benefit category", OTHER, "", ""),
    ("150", "The information submitted does not support this level of service", MN, "", ""),
    (
        "151",
        "The information submitted does not support this many services or this frequency",
        MN,
        "",
        "Frequency or MUE: appeal with documentation.",
    ),
    ("152", "The information submitted does not support this length of service", MN, "", ""),
    ("163", "Attachment/other documentation referenced on the claim was not received", MI, "", ""),
    ("164", "Attachment/other documentation referenced on the claim was not received in a timely fashion", MI, "", ""),
    ("165", "Referral absent or exceeded", AU, "", ""),
    ("167", "This diagnosis (or these diagnoses) is not covered", MN, "", "Use a more specific diagnosis, or appeal."),
    (
        "170",
        "Payment is denied when performed/billed by this type of provider",
        CB,
        CLERICAL,
        "Bill under the practitioner who may bill the service (credential), or write it off.",
    ),
    (
        "171",
        "Payment is denied when performed/billed by this type of provider in this type of facility",
        CB,
        CLERICAL,
        "",
    ),
    ("172", "Payment is adjusted when performed/billed by a provider of this specialty", CB, CLERICAL, ""),
    ("177", "Patient has not met the required eligibility requirements", OTHER, "", ""),
    ("181", "Procedure code was invalid on the date of service", CB, CLERICAL, ""),
    ("182", "Procedure modifier was invalid on the date of service", CB, CLERICAL, ""),
    ("183", "The referring provider is not eligible to refer the service billed", OTHER, CLERICAL, ""),
    (
        "184",
        "The prescribing/ordering provider is not eligible to prescribe/order the service billed",
        OTHER,
        CLERICAL,
        "",
    ),
    (
        "185",
        "The rendering provider is not eligible to perform the service billed",
        CB,
        CLERICAL,
        "Check the rendering provider's credential and enrollment for this service.",
    ),
    (
        "189",
        "'Not otherwise classified' or 'unlisted' procedure code was billed when there is a specific code",
        CB,
        CLERICAL,
        "",
    ),
    (
        "190",
        "Payment is included in the allowance for a skilled nursing facility (SNF) qualified stay",
        OTHER,
        OTHER_PAYER,
        "SNF consolidated billing: bill the SNF.",
    ),
    (
        "197",
        "Precertification, authorization, notification or pre-treatment absent",
        AU,
        "",
        "Ask for a retro-authorization or appeal.",
    ),
    ("198", "Precertification, notification, authorization or pre-treatment exceeded", AU, "", ""),
    ("199", "Revenue code and procedure code do not match", CB, CLERICAL, ""),
    ("200", "Expenses incurred during lapse in coverage", OTHER, "", ""),
    ("202", "Non-covered personal comfort or convenience services", OTHER, "", ""),
    ("204", "Not covered under the patient's current benefit plan", OTHER, "", ""),
    ("206", "National Provider Identifier - missing", MI, UNPROCESSABLE, ""),
    ("207", "National Provider Identifier - invalid format", MI, UNPROCESSABLE, ""),
    ("208", "National Provider Identifier - not matched", MI, CLERICAL, ""),
    ("210", "Pre-certification/authorization not received in a timely fashion", AU, "", ""),
    ("213", "Non-compliance with the physician self-referral prohibition legislation or payer policy", OTHER, "", ""),
    ("216", "Based on the findings of a review organization", MN, "", ""),
    ("222", "Exceeds the contracted maximum number of hours/days/units by this provider for this period", MN, "", ""),
    (
        "226",
        "Information requested from the billing or rendering provider was not provided, late, or incomplete",
        MI,
        "",
        "",
    ),
    (
        "227",
        "Information requested from the patient/insured/responsible party was not provided or insufficient",
        MI,
        "",
        "",
    ),
    ("231", "Mutually exclusive procedures cannot be done in the same day/setting", CB, "", ""),
    ("234", "This procedure is not paid separately", CB, "", ""),
    (
        "236",
        "Procedure or procedure/modifier combination not compatible with another procedure the same day (NCCI)",
        CB,
        "",
        "",
    ),
    ("238", "Claim spans eligible and ineligible periods of coverage", OTHER, CLERICAL, "Split the claim by period."),
    (
        "239",
        "Claim spans eligible and ineligible periods of coverage; rebill separate claims",
        OTHER,
        CLERICAL,
        "Split the claim by period.",
    ),
    ("242", "Services not provided by network/primary care providers", OTHER, "", "Check the plan's network rules."),
    ("243", "Services not authorized by network/primary care providers", AU, "", ""),
    ("249", "This claim has been identified as a readmission", MN, "", ""),
    ("250", "The attachment/other documentation received is not the type requested or is inconsistent", MI, "", ""),
    ("251", "The attachment/other documentation received was incomplete or deficient", MI, "", ""),
    ("252", "An attachment or other documentation is required to adjudicate this claim", MI, "", ""),
    ("256", "Service not payable per managed care contract", OTHER, "", ""),
    (
        "270",
        "Claim received by the medical plan, but benefits not available under this plan; submit to the dental plan",
        OTHER,
        OTHER_PAYER,
        "",
    ),
    ("272", "Coverage/program guidelines were not met", OTHER, "", ""),
    ("273", "Coverage/program guidelines were exceeded", MN, "", ""),
    ("276", "Services denied by the prior payer(s) are not covered by this payer", OTHER, "", ""),
    (
        "280",
        "Claim received by the medical plan, but benefits not available; submit to the pharmacy plan",
        OTHER,
        OTHER_PAYER,
        "",
    ),
    ("282", "The procedure/revenue code is inconsistent with the type of bill", CB, CLERICAL, ""),
    ("284", "Precertification/authorization number missing, invalid, or does not apply", AU, "", ""),
    ("288", "Referral absent", AU, "", ""),
    (
        "290",
        "Claim received by the dental plan, but benefits not available under this plan; submit to the medical plan",
        OTHER,
        OTHER_PAYER,
        "",
    ),
    ("A1", "Claim/service denied (see the remark codes for the reason)", OTHER, "", "Read the RARC."),
    ("B1", "Non-covered visits", OTHER, "", ""),
    ("B5", "Coverage/program guidelines were not met or were exceeded", MN, "", ""),
    (
        "B7",
        "This provider was not certified/eligible to be paid for this procedure/service on this date of service",
        CB,
        "",
        "Check the provider's enrollment date.",
    ),
    ("B8", "Alternative services were available, and should have been utilized", MN, "", ""),
    ("B9", "Patient is enrolled in a hospice", OTHER, OTHER_PAYER, _HOSPICE_HINT),
    ("B12", "Services not documented in the patient's medical records", MN, "", ""),
    ("B13", "Previously paid: payment may have been made in an earlier payment", DU, "", ""),
    (
        "B14",
        "Only one visit or consultation per physician per day is covered",
        DU,
        "",
        "One nursing-facility or hospital visit per provider per day; combine the visits.",
    ),
    ("B15", "Requires a qualifying service that has not been received or adjudicated", CB, "", ""),
    (
        "B16",
        "'New patient' qualifications were not met",
        CB,
        CLERICAL,
        "Bill the established-patient code (seen by the provider or group specialty in the last 3 years).",
    ),
    ("B20", "Procedure/service was partially or fully furnished by another provider", DU, "", ""),
    ("B22", "This payment is adjusted based on the diagnosis", CB, "", ""),
    # Added for issue 10 (codes palliative practices meet: hospice, network, appeals, history).
    (
        "51",
        "Non-covered because the condition is pre-existing",
        OTHER,
        "",
        "Check the plan's pre-existing condition rule.",
    ),
    ("53", "Services by an immediate relative or a member of the same household are not covered", OTHER, "", ""),
    (
        "60",
        "Outpatient services are not covered within a period before or after inpatient services",
        CB,
        "",
        "Check the dates against the patient's hospital stay (payment window).",
    ),
    ("95", "Plan procedures were not followed", AU, "", "Check the plan's rules (referral, notification)."),
    (
        "112",
        "Service not furnished directly to the patient and/or not documented",
        MN,
        "",
        "Appeal with the signed note of the visit.",
    ),
    ("148", "Information from another provider was not provided or was insufficient", MI, "", ""),
    ("155", "The patient refused the service or procedure", OTHER, "", ""),
    (
        "166",
        "Submitted after this payer's responsibility for claims under this plan ended",
        OTHER,
        OTHER_PAYER,
        "Bill the plan or program that covered the patient on the date of service.",
    ),
    ("169", "An alternate benefit has been provided", OTHER, "", ""),
    ("173", "Service or equipment was not prescribed by a physician", MI, "", ""),
    ("174", "Service was not prescribed before delivery", MI, "", ""),
    (
        "193",
        "The original payment decision is maintained: on review the claim was processed properly",
        OTHER,
        "",
        "The payer upheld its decision: take the appeal to the next level if the record supports it.",
    ),
    ("203", "Discontinued or reduced service", CB, CLERICAL, "Check the modifier (52/53) and the units."),
    ("228", "Denied because information requested by a previous payer was not supplied", MI, "", ""),
    (
        "258",
        "Not covered while the patient is in custody; the custodial authority may cover it",
        OTHER,
        OTHER_PAYER,
        "",
    ),
    ("261", "The procedure or service is inconsistent with the patient's history", CB, "", ""),
    ("267", "The claim or service spans several months", MI, UNPROCESSABLE, "Bill each month on its own claim."),
    ("268", "The claim spans two calendar years: one claim per calendar year", MI, UNPROCESSABLE, ""),
    ("274", "Not payable under the patient's care coordination arrangement", OTHER, "", ""),
    ("279", "Services not provided by the plan's preferred network providers", OTHER, "", "Check the plan's network."),
    (
        "283",
        "The attending provider is not eligible to direct the care",
        OTHER,
        "",
        "For a hospice patient, check the attending physician named on the election statement.",
    ),
    ("285", "Appeal procedures were not followed", OTHER, "", "Refile the appeal as the notice instructs."),
    (
        "286",
        "Appeal time limits were not met",
        OTHER,
        "",
        "Ask for an extension for good cause (Medicare: 42 CFR 405.942(b)) with the reason for the delay.",
    ),
    ("287", "The referral was exceeded", AU, "", "Ask the referring provider for a new referral."),
    ("296", "The authorization number may be valid but does not apply to this provider", AU, CLERICAL, ""),
)
# Adjustments that are not denials: cost share, contract write-downs, informational codes.
_ADJUSTMENT_ROWS = (
    ("1", "Deductible amount", "Bill the patient."),
    ("2", "Coinsurance amount", "Bill the patient."),
    ("3", "Co-payment amount", "Bill the patient."),
    ("23", "The impact of prior payer(s) adjudication, including payments and adjustments", ""),
    ("42", "Charges exceed our fee schedule or maximum allowable amount", ""),
    ("45", "Charge exceeds the fee schedule or contracted/legislated fee arrangement", ""),
    ("59", "Processed based on multiple or concurrent procedure rules", ""),
    ("66", "Blood deductible", "Bill the patient."),
    ("85", "Patient interest adjustment", ""),
    ("94", "Processed in excess of charges", ""),
    ("100", "Payment made to patient/insured/responsible party", "Collect from the patient."),
    ("131", "Claim-specific negotiated discount", ""),
    ("133", "The disposition of this service is pending further review", "Wait for the payer's decision."),
    ("144", "Incentive adjustment, e.g. preferred product/service", ""),
    ("187", "Consumer spending account payments", ""),
    ("209", "Per regulatory or other agreement, the provider cannot collect this amount from the patient", ""),
    ("225", "Penalty or interest payment by payer", ""),
    ("237", "Legislated/regulatory penalty", ""),
    ("245", "Provider performance program withhold", ""),
    ("246", "This non-payable code is for required reporting only (e.g. Category II quality codes)", ""),
    ("253", "Sequestration: reduction in federal payment", ""),
    ("281", "Deductible waived per contractual agreement", ""),
    ("B4", "Late filing penalty", ""),
    ("B11", "The claim/service has been transferred to the proper payer/processor for processing", ""),
    ("142", "Monthly Medicaid patient liability amount", "Bill the patient's share of cost."),
    ("147", "Provider contracted/negotiated rate expired or not on file", "Check the contract on file with the payer."),
    ("186", "Level of care change adjustment", ""),
    ("192", "Non-standard adjustment code from a paper remittance", ""),
    ("195", "Refund issued to an erroneous priority payer for this claim/service", ""),
    ("223", "Adjustment for a mandated federal, state or local law or regulation", ""),
    ("241", "Low Income Subsidy (LIS) co-payment amount", ""),
    (
        "257",
        "Undetermined during the premium payment grace period (Health Insurance Exchange)",
        "Wait: the payer reverses and corrects it when the grace period ends.",
    ),
    (
        "275",
        "Prior payer's patient responsibility (deductible, coinsurance, co-payment) not covered",
        "Bill the patient.",
    ),
    ("A0", "Patient refund amount", ""),
)
_CARCS = tuple(
    Carc(code, meaning, category, True, hint, fix) for code, meaning, category, fix, hint in _DENIAL_ROWS
) + tuple(Carc(code, meaning, OTHER, False, hint) for code, meaning, hint in _ADJUSTMENT_ROWS)
CARCS = {c.code: c for c in _CARCS}

RARCS = {
    "M15": "Separately billed services have been bundled as components of the same procedure",
    "M16": "Alert: see our payment policy or the bulletin for more information",
    "M51": "Missing, incomplete or invalid procedure code(s)",
    "M62": "Missing, incomplete or invalid treatment authorization code",
    "M76": "Missing, incomplete or invalid diagnosis or condition",
    "M77": "Missing, incomplete or invalid place of service",
    "M80": "Not covered when performed on the same date as a service already processed",
    "M86": "Denied because payment was already made for the same or a similar service in the period",
    "M119": "Missing, incomplete, invalid or deactivated National Drug Code",
    "M127": "Missing patient medical record for this service",
    "M144": "Pre-/post-operative care payment is included in the allowance for the surgery/procedure",
    "MA01": "You may appeal this decision if you disagree with the amount approved (appeal rights notice)",
    "MA04": "Secondary payment cannot be considered without the primary payer's information",
    "MA07": "The claim information has also been forwarded to Medicaid for review",
    "MA18": "The claim information is also being forwarded to the patient's supplemental insurer",
    "MA92": "Missing primary payer information",
    "MA120": "Missing, incomplete or invalid CLIA certification number",
    "MA130": "Claim is unprocessable: it has no appeal rights; correct and submit it as a new claim",
    "N4": "Missing, incomplete or invalid prior insurance carrier explanation of benefits",
    "N19": "Procedure code is incidental to the primary procedure",
    "N20": "Service is not payable with another service on the same date",
    "N30": "Patient is ineligible for this service",
    "N54": "Claim information is inconsistent with the pre-certified or authorized services",
    "N56": "Procedure code billed is not correct or valid for the services or date billed",
    "N95": "This provider type/provider specialty may not bill this service",
    "N104": "This claim/service is not payable under our claims jurisdiction area; send it to the right contractor",
    "N115": "This decision was based on a Local Coverage Determination (LCD)",
    "N130": "Consult the plan benefit documents for coverage information",
    "N179": "Additional information has been requested from the member",
    "N211": "You may not appeal this decision",
    "N257": "Missing, incomplete or invalid billing provider/supplier primary identifier",
    "N264": "Missing, incomplete or invalid ordering provider name",
    "N265": "Missing, incomplete or invalid ordering provider primary identifier",
    "N286": "Missing, incomplete or invalid referring provider primary identifier",
    "N290": "Missing, incomplete or invalid rendering provider primary identifier",
    "N386": "This decision was based on a National Coverage Determination (NCD)",
    "N425": "Statutorily excluded service(s)",
    "N428": "Not covered when performed in this place of service",
    "N432": "Adjustment based on a Recovery Audit",
    "N479": "Missing Explanation of Benefits (coordination of benefits or Medicare secondary payer)",
    "N517": "Resubmit a new claim with the requested information",
    "N598": "Health care policy coverage is primary",
    "N620": "This procedure code is for quality reporting/informational purposes only",
    "N657": "This should be billed with the appropriate code for these services",
    "N822": "Missing procedure modifier(s)",
    "N823": "Incomplete/invalid procedure modifier(s)",
    # Added for issue 10: remarks that come with the E/M, ACP, hospice and documentation denials.
    "M20": "Missing, incomplete or invalid HCPCS code",
    "M25": "The information furnished does not substantiate the need for this level of service",
    "M54": "Missing, incomplete or invalid total charges",
    "M64": "Missing, incomplete or invalid other diagnosis",
    "M79": "Missing, incomplete or invalid charge",
    "M81": "You are required to code to the highest level of specificity",
    "MA13": "Alert: you may be subject to penalties if you bill the patient for amounts not reported with group PR",
    "MA28": "For a physician or supplier who did not accept assignment, this notice is for information only",
    "MA36": "Missing, incomplete or invalid patient name",
    "MA61": "Missing, incomplete or invalid Social Security number or health insurance claim number",
    "MA63": "Missing, incomplete or invalid principal diagnosis",
    "MA81": "Missing, incomplete or invalid provider or supplier signature",
    "MA83": "Did not indicate whether we are the primary or secondary payer",
    "MA114": "Missing, incomplete or invalid information on where the services were furnished",
    "N1": "You may appeal this decision in writing within the time limits in your contract, plan documents or law",
    "N10": "Adjusted on the findings of a review organization, professional consultant or medical advisor",
    "N22": "Alert: this procedure code was added or changed because it more accurately describes the service",
    "N29": "Missing documentation, orders, notes, summary, report or chart",
    "N34": "Incorrect claim form or format for this service",
    "N63": "Rebill the services on separate claim lines",
    "N122": "An add-on code cannot be billed by itself",
    "N180": "This item or service does not meet the criteria for the category under which it was billed",
    "N182": "This claim/service must be billed according to the schedule for this plan",
    "N185": "Alert: do not resubmit this claim/service",
    "N202": "Additional information or explanation will be sent separately",
    "N216": "We do not cover this type of service, or the patient is not enrolled in this part of the benefits",
    "N350": "Missing, incomplete or invalid description of service for a not-otherwise-classified (NOC) code",
    "N362": "The number of days or units of service exceeds our acceptable maximum",
    "N381": "Consult our contractual agreement for restrictions, billing or payment information on these charges",
    "N382": "Missing, incomplete or invalid patient identifier",
    "N418": "Misrouted claim: see the payer's claim submission instructions",
    "N519": "Invalid combination of HCPCS modifiers",
    "N522": "Duplicate of a claim processed, or to be processed, as a crossover claim",
    "N525": "Not covered when performed within the global period of another service",
    "N572": "Not payable unless the required non-payable reporting codes and modifiers are submitted",
    "N640": "Exceeds the number or frequency approved or allowed within the time period",
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
REOPENING = "reopening"
NEW_CLAIM = "new_claim"
BILL_OTHER_PAYER = "bill_other_payer"
NOT_APPEALABLE = "not_appealable"
NO_ACTION = "no_action"

ROUTES = {
    APPEAL: "Appeal",
    APPEAL_WITH_LMN: "Appeal with a letter of medical necessity",
    CORRECTED_CLAIM: "Send a corrected (replacement) claim, not an appeal",
    REOPENING: "Ask Medicare to reopen the claim (clerical error), not an appeal or a replacement claim",
    NEW_CLAIM: "Fix the claim and send it as a new claim: an unprocessable claim has no appeal rights",
    BILL_OTHER_PAYER: "Bill the payer that pays for this service (e.g. Original Medicare or the hospice)",
    NOT_APPEALABLE: "Not appealable",
    NO_ACTION: "Not a denial",
}

# Payer types whose adjudicated claims are corrected by a reopening rather than a replacement
# claim (Medicare Part B: 42 CFR 405.980(b)(1); IOM 100-04 ch.34 §10, clerical error reopening;
# Part B contractors do not accept frequency 7/8 claims) and whose timely-filing denials are never
# initial determinations, so never appealable (42 CFR 405.926(n); 422.566 for MA plans).
REOPENING_PAYER_TYPES = frozenset({"medicare"})
TIMELY_FILING_NOT_APPEALABLE = frozenset({"medicare", "medicare_adv"})


def normalize(code: str) -> str:
    return (code or "").strip().upper()


# Provider-level adjustment reasons (X12 element 426, 005010X221A1 PLB03-1 / PLB05-1 ...): what a
# payer takes back from, or adds to, the deposit outside any one claim.
PLB_REASONS = {
    "50": "Late charge",
    "51": "Interest penalty charge",
    "72": "Authorized return",
    "90": "Early payment allowance",
    "AH": "Origination fee",
    "AM": "Applied to borrower's account",
    "AP": "Acceleration of benefits",
    "B2": "Rebate",
    "B3": "Recovery allowance",
    "BD": "Bad debt adjustment",
    "BN": "Bonus",
    "C5": "Temporary allowance",
    "CR": "Capitation interest",
    "CS": "Adjustment",
    "CT": "Capitation payment",
    "CV": "Capital passthru",
    "CW": "Certified registered nurse anesthetist passthru",
    "DM": "Direct medical education passthru",
    "E3": "Withholding",
    "FB": "Forwarding balance",
    "FC": "Fund allocation",
    "GO": "Graduate medical education passthru",
    "HM": "Hemophilia clotting factor supplement",
    "IP": "Incentive premium payment",
    "IR": "Internal Revenue Service withholding",
    "IS": "Interim settlement",
    "J1": "Nonreimbursable",
    "L3": "Penalty",
    "L6": "Interest owed",
    "LE": "Levy",
    "LS": "Lump sum",
    "OA": "Organ acquisition passthru",
    "OB": "Offset for affiliated providers",
    "PI": "Periodic interim payment",
    "PL": "Payment final",
    "RA": "Retro-activity adjustment",
    "RE": "Return on equity",
    "SL": "Student loan repayment",
    "TL": "Third party liability",
    "WO": "Overpayment recovery",
    "WU": "Unspecified recovery",
}


def group_meaning(group: str) -> str:
    return GROUPS.get(normalize(group), f"Group {normalize(group)}")


def adjustment_words(group: str, reason: str, meaning: str = "") -> str:
    """A CAS adjustment as a biller reads it: "Contractual obligation …: <the CARC's meaning>"
    (`meaning` when the caller has the code's text, e.g. from the loaded X12 list)."""
    return f"{group_meaning(group)}: {meaning or carc_meaning(reason)}"


def plb_reason_meaning(code: str) -> str:
    code = normalize(code)
    return PLB_REASONS.get(code, f"Provider adjustment {code} (not in the app's code list)")


def carc_for(code: str, on: date | None = None) -> Carc:
    """The table entry, or an "other" entry for a code the table does not know or that was
    deactivated before `on` (never an error: a payer's remittance must import even when it
    carries a code newer than our list)."""
    code = normalize(code)
    entry = CARCS.get(code)
    if entry is not None and (on is None or entry.effective_to is None or on < entry.effective_to):
        return entry
    return Carc(code, f"CARC {code} (not in the app's code list; check x12.org)")


def is_known(code: str) -> bool:
    return normalize(code) in CARCS


def carc_meaning(code: str) -> str:
    return carc_for(code).meaning


def carc_letter_text(code: str) -> str:
    """The denial reason as words for a letter. An unknown code is never quoted raw: the
    writer is asked for the reason printed on the notice (a [[…]] gap blocks signing)."""
    if is_known(code):
        return carc_for(code).meaning
    return "[[The payer's reason for the denial, in words, as printed on the notice]]"


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


def denial_route(carc: str, rarcs: list[str] | tuple[str, ...] = (), *, payer_type: str | None = None) -> str:
    """What the team should do with a denial.

    - Timely filing (CO-29) from Medicare or a Medicare Advantage plan is never appealable,
      with or without N211 (42 CFR 424.44; 405.926(n); NGS CO-29 article); only the
      424.44(b) exceptions remain. Any payer's N211 ("you may not appeal") likewise.
    - MA130 (unprocessable, no appeal rights) or an unprocessable CARC (16, missing NPI): fix
      it and send a new claim (IOM 100-04 ch.1 §80.3.2; Palmetto GBA; domain.md §6.1).
    - Another payer pays (109, B9 hospice, 22, 24 ...): bill the right payer.
    - A clerical error in an adjudicated claim: a reopening for Medicare Part B (42 CFR
      405.980; IOM 100-04 ch.34 §10.11), a replacement claim (7) for other payers.
    - Medical necessity (CO-50 and kin): appeal with records and a letter of medical necessity.
    - Any other denial: appeal.
    """
    codes = {normalize(r) for r in rarcs}
    entry = carc_for(carc)
    if not entry.denial:
        return NO_ACTION
    if "N211" in codes or (entry.category == TIMELY_FILING and payer_type in TIMELY_FILING_NOT_APPEALABLE):
        return NOT_APPEALABLE
    if "MA130" in codes or "N517" in codes:
        return NEW_CLAIM
    if entry.fix == UNPROCESSABLE:
        return NEW_CLAIM if payer_type in REOPENING_PAYER_TYPES else CORRECTED_CLAIM
    if entry.fix == OTHER_PAYER:
        return BILL_OTHER_PAYER
    if entry.fix == CLERICAL:
        return REOPENING if payer_type in REOPENING_PAYER_TYPES else CORRECTED_CLAIM
    if entry.category == MEDICAL_NECESSITY:
        return APPEAL_WITH_LMN
    return APPEAL


def route_allows_appeal(route: str) -> bool:
    return route in (APPEAL, APPEAL_WITH_LMN)


def exceptions_for(carc: str) -> tuple[tuple[str, str], ...]:
    """The documented ways forward for a denial that cannot be appealed: for timely filing,
    the 42 CFR 424.44(b) exceptions; otherwise none."""
    return TIMELY_FILING_EXCEPTIONS if normalize(carc) == "29" else ()


# The columns of X12's published CARC and RARC list pages, in order, as a CSV file the practice
# saves from them (x12.org/codes); dates as X12 prints them (01/01/1995), an empty stop date
# for an active code.
CODE_LIST_COLUMNS = ("Code", "Description", "Start Date", "Last Modified Date", "Stop Date")
_CODE = re.compile(r"^[A-Z0-9]{1,5}$")


@dataclass(frozen=True)
class CodeListRow:
    code: str
    description: str
    start_date: date
    last_modified: date | None
    stop_date: date | None


def _code_list_date(value: str, column: str, *, required: bool = False) -> date | None:
    value = value.strip()
    if not value:
        if required:
            raise ValueError(f"{column} is empty")
        return None
    try:
        return datetime.strptime(value, "%m/%d/%Y").date()
    except ValueError:
        raise ValueError(f"{column} {value!r} is not a date as X12 prints it (MM/DD/YYYY)") from None


_LIST_NOTES = re.compile(r"\s+(Usage|Note|Notes):\s.*$", re.DOTALL)


def code_list_letter_text(description: str) -> str:
    """A loaded X12 description as a letter quotes it: the reason, without the "Usage:" and
    "Note:" instructions X12 adds for the payers that send the code."""
    return _LIST_NOTES.sub("", description).strip() or description


def code_list_row(values: list[str]) -> CodeListRow:
    """One row of an X12 code list file (CODE_LIST_COLUMNS), or ValueError saying what is wrong."""
    if len(values) != len(CODE_LIST_COLUMNS):
        raise ValueError(f"{len(values)} columns, expected {len(CODE_LIST_COLUMNS)} ({', '.join(CODE_LIST_COLUMNS)})")
    code = normalize(values[0])
    if not _CODE.match(code):
        raise ValueError(f"code {values[0]!r} is not a CARC or RARC (1 to 5 letters and digits)")
    description = " ".join(values[1].split())
    if not description:
        raise ValueError(f"code {code} has no description")
    row = CodeListRow(
        code=code,
        description=description,
        start_date=_code_list_date(values[2], "Start Date", required=True),
        last_modified=_code_list_date(values[3], "Last Modified Date"),
        stop_date=_code_list_date(values[4], "Stop Date"),
    )
    if row.stop_date is not None and row.stop_date < row.start_date:
        raise ValueError(f"code {code} stops ({values[4].strip()}) before it starts ({values[2].strip()})")
    return row
