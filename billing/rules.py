"""The claim scrubber: one pure rule per denial palliative practices see, each citing its source.

Rules take plain facts (`ClaimFacts`, built from the ORM in billing/scrubber.py) and return
`Finding`s. Code tables, thresholds and payer differences are data with effective dates, so
next year's figures are a data change. Facts and sources are gathered in shared/domain.md.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import holidays

from palliative import rules as core

ERROR = "error"
WARNING = "warning"

# Days or units on one service line: three digits, the width of item 24G of the CMS-1500
# (NUCC 1500 Claim Form Reference Instruction Manual, item 24G; its 837P twin is SV104).
MAX_UNITS_PER_LINE = 999

MEDICARE = "medicare"
MEDICARE_ADV = "medicare_adv"
MEDICAID = "medicaid"
COMMERCIAL = "commercial"
MEDICARE_ADVANTAGE = "medicare_adv"


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    message: str
    fix: str = ""
    line: int | None = None  # the claim line number it concerns, None for the whole claim

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


# --- Plain facts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EncounterFacts:
    setting: str
    em_code: str
    level_basis: str  # "time" or "mdm"
    total_minutes: int | None
    medical_necessity_documented: bool
    goals_of_care_documented: bool
    related_to_hospice: bool
    unrelated_problem: bool
    # The practitioner is the continuing focal point of the patient's care, or gives ongoing care
    # for a single serious or complex condition (the G2211 descriptor).
    longitudinal_care: bool = False


@dataclass(frozen=True)
class ACPFacts:
    minutes: int
    consent_documented: bool
    participants: str
    summary: str
    patient_present: bool
    incapacity_note: str
    change_since_last: str
    with_annual_wellness_visit: bool
    provider_credentials: str
    billed_before: bool  # an earlier ACP for this patient is already on an active claim
    incident_to: bool = False  # held by clinical staff under the provider's direct supervision
    performed_by: str = ""
    setting: str = core.OFFICE


@dataclass(frozen=True)
class HospiceFacts:
    active: bool
    rendering_is_attending: bool
    attending_employed_by_hospice: bool


@dataclass(frozen=True)
class LineFacts:
    number: int
    code: str
    modifiers: tuple[str, ...]
    units: int
    charge: Decimal
    pointers: tuple[int, ...]
    date_of_service: date
    encounter: EncounterFacts | None = None
    acp: ACPFacts | None = None
    hospice: HospiceFacts | None = None


@dataclass(frozen=True)
class OtherService:
    """A line on another active claim of the same patient."""

    claim_label: str
    code: str
    date_of_service: date
    same_provider: bool
    same_specialty: bool = False  # a colleague of the same specialty in the group


@dataclass(frozen=True)
class ClaimFacts:
    payer_type: str | None  # None: no coverage on the claim
    timely_filing_days: int | None
    coverage_from: date | None
    coverage_to: date | None
    frequency_code: str
    payer_claim_number: str
    rendering_npi: str
    rendering_credentials: str
    billing_npi: str
    diagnosis_codes: tuple[str, ...]
    lines: tuple[LineFacts, ...]
    patient_address_complete: bool = True
    other_services: tuple[OtherService, ...] = field(default_factory=tuple)
    relationship: str = "18"  # the patient's relationship to the policyholder (X12 code list 1069)
    subscriber_named: bool = False
    rendering_taxonomy: str = ""
    member_id: str = ""
    # Problems of the diagnoses by the ICD-10-CM set of each date of service, and warnings for
    # dates whose fiscal year has no set loaded (billing/scrubber.py; palliative/icd10.py).
    # None: not gathered, and the default set is used.
    diagnosis_problems: tuple[str, ...] | None = None
    code_set_warnings: tuple[str, ...] = ()

    def codes_on(self, day: date) -> set[str]:
        return {line.code for line in self.lines if line.date_of_service == day}


# --- Code tables (data with effective dates) ---------------------------------------------------


@dataclass(frozen=True)
class Dated:
    effective_from: date
    effective_to: date | None = None

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on < self.effective_to)


ACP_CODES = {core.ACP_FIRST_CODE, core.ACP_ADDON_CODE}
AWV_CODES = {"G0438", "G0439"}
IPPE_CODES = {"G0402"}
CRITICAL_CARE_CODES = {"99291", "99292"}
HOSPICE_MODIFIERS = {"GV", "GW"}
# Source: CMS PFS CY2016 final rule; shared/domain.md §1 "Who may bill" — physicians and the
# NPPs Medicare recognises for E/M (the same set as palliative.models.Provider.BILLING_CREDENTIALS).
ACP_BILLING_CREDENTIALS = frozenset({"MD", "DO", "NP", "PA", "CNS"})


@dataclass(frozen=True)
class AddOn(Dated):
    code: str = ""
    primaries: frozenset[str] = frozenset()


# Source: CPT add-on code conventions ("+" codes are never reported alone) and the add-on
# list in shared/domain.md §4; primaries per CPT 2024 / CMS PFS CY2024 (G2212 with
# 99205/99215, G0316 with 99223/99233/99236, G0317 with 99306/99310, G0318 with 99345/99350).
# A code may have several rows when its primaries grew on a later date (G2211).
OFFICE_EM_VISITS = frozenset({"99202", "99203", "99204", "99205", "99211", "99212", "99213", "99214", "99215"})
HOME_EM_VISITS = frozenset({"99341", "99342", "99344", "99345", "99347", "99348", "99349", "99350"})
ADD_ON_ROWS = [
    AddOn(date(2016, 1, 1), code="99498", primaries=frozenset({"99497"})),
    AddOn(date(2021, 1, 1), code="99417", primaries=frozenset({"99205", "99215", "99245", "99345", "99350", "99483"})),
    AddOn(date(2023, 1, 1), code="99418", primaries=frozenset({"99223", "99233", "99236", "99255", "99306", "99310"})),
    AddOn(date(2021, 1, 1), code="G2212", primaries=frozenset({"99205", "99215"})),
    AddOn(date(2023, 1, 1), code="G0316", primaries=frozenset({"99223", "99233", "99236"})),
    AddOn(date(2023, 1, 1), code="G0317", primaries=frozenset({"99306", "99310"})),
    AddOn(date(2023, 1, 1), code="G0318", primaries=frozenset({"99345", "99350"})),
    # G2211 visit complexity: office/outpatient E/M from 2024 (CMS PFS CY2024 final rule,
    # CMS-1784-F, 88 FR 78970); home or residence E/M 99341-99350 from 2026: CMS PFS CY2026 final
    # rule, CMS-1832-F, FR Doc 2025-19787, 90 FR 49266-50481 (published 2025-11-05, effective
    # 2026-01-01; the page of its G2211 section is not verified). Stated by Medicare's contractor
    # Noridian (JF Part B), "Complexity Add-on Code G2211",
    # https://med.noridianmedicare.com/web/jfb/specialties/em/complexity-add-on-code-g2211:
    # "Beginning in 2026, G2211 will also apply to home or residence E/M visits (codes
    # 99341-99350)." (99343 and 99346 were deleted in 2023, so HOME_EM_VISITS lists the rest.)
    AddOn(date(2024, 1, 1), code="G2211", primaries=OFFICE_EM_VISITS),
    AddOn(date(2026, 1, 1), code="G2211", primaries=HOME_EM_VISITS),
    AddOn(date(2015, 1, 1), code="99439", primaries=frozenset({"99490"})),
    AddOn(date(2022, 1, 1), code="99437", primaries=frozenset({"99491"})),
    AddOn(date(2015, 1, 1), code="99489", primaries=frozenset({"99487"})),
    AddOn(date(2022, 1, 1), code="99425", primaries=frozenset({"99424"})),
    AddOn(date(2022, 1, 1), code="99427", primaries=frozenset({"99426"})),
]
# Every add-on code with every primary it has ever had (titles, duplicates); the dated
# answer for one date of service is add_on_primaries().
ADD_ONS = {
    code: AddOn(
        min(r.effective_from for r in ADD_ON_ROWS if r.code == code),
        code=code,
        primaries=frozenset().union(*(r.primaries for r in ADD_ON_ROWS if r.code == code)),
    )
    for code in dict.fromkeys(r.code for r in ADD_ON_ROWS)
}


def add_on_primaries(code: str, on: date) -> frozenset[str]:
    """The primary codes `code` may be billed with on `on` (empty when it is not an add-on then)."""
    return frozenset().union(*(r.primaries for r in ADD_ON_ROWS if r.code == code and r.in_force(on)))


@dataclass(frozen=True)
class Prolonged(Dated):
    code: str = ""
    scheme: str = ""  # "cpt" or "medicare"
    primary: str = ""
    first_unit_minutes: int = 0  # total time at which the first unit is earned
    unit_minutes: int = 15


# Source: shared/domain.md §2.2 — CPT 99417/99418 per full 15 minutes beyond the code minimum
# (99417 with office 99205/99215 since CPT 2021: from 75/55 minutes, the range tops of 60-74 and
# 40-54 plus one minute, unchanged in 2024);
# Medicare G2212 from 89/69 minutes (99205/99215), G0316 at 90/65/110 (99223/99233/99236),
# G0317 at 95/85 (99306/99310), G0318 at 140/110 (99345/99350) (AAFP table; Novitas).
PROLONGED = [
    Prolonged(date(2021, 1, 1), code="99417", scheme="cpt", primary="99205", first_unit_minutes=75),
    Prolonged(date(2021, 1, 1), code="99417", scheme="cpt", primary="99215", first_unit_minutes=55),
    Prolonged(date(2023, 1, 1), code="99417", scheme="cpt", primary="99345", first_unit_minutes=90),
    Prolonged(date(2023, 1, 1), code="99417", scheme="cpt", primary="99350", first_unit_minutes=75),
    Prolonged(date(2023, 1, 1), code="99418", scheme="cpt", primary="99223", first_unit_minutes=90),
    Prolonged(date(2023, 1, 1), code="99418", scheme="cpt", primary="99233", first_unit_minutes=65),
    Prolonged(date(2023, 1, 1), code="99418", scheme="cpt", primary="99236", first_unit_minutes=100),
    Prolonged(date(2023, 1, 1), code="99418", scheme="cpt", primary="99306", first_unit_minutes=60),
    Prolonged(date(2023, 1, 1), code="99418", scheme="cpt", primary="99310", first_unit_minutes=60),
    Prolonged(date(2021, 1, 1), code="G2212", scheme="medicare", primary="99205", first_unit_minutes=89),
    Prolonged(date(2021, 1, 1), code="G2212", scheme="medicare", primary="99215", first_unit_minutes=69),
    Prolonged(date(2023, 1, 1), code="G0316", scheme="medicare", primary="99223", first_unit_minutes=90),
    Prolonged(date(2023, 1, 1), code="G0316", scheme="medicare", primary="99233", first_unit_minutes=65),
    Prolonged(date(2023, 1, 1), code="G0316", scheme="medicare", primary="99236", first_unit_minutes=110),
    Prolonged(date(2023, 1, 1), code="G0317", scheme="medicare", primary="99306", first_unit_minutes=95),
    Prolonged(date(2023, 1, 1), code="G0317", scheme="medicare", primary="99310", first_unit_minutes=85),
    Prolonged(date(2023, 1, 1), code="G0318", scheme="medicare", primary="99345", first_unit_minutes=140),
    Prolonged(date(2023, 1, 1), code="G0318", scheme="medicare", primary="99350", first_unit_minutes=110),
]
PROLONGED_CODES = {row.code for row in PROLONGED}
PROLONGED_SCHEME_OF = {row.code: row.scheme for row in PROLONGED}


@dataclass(frozen=True)
class PayerProfile(Dated):
    """What differs by payer type. Medicaid follows CPT for prolonged services in most
    states; a state that adopts Medicare's G-codes is a new row, not new code."""

    payer_type: str = ""
    label: str = ""
    prolonged_scheme: str = "cpt"  # which prolonged-service codes the payer accepts
    acp_awv_modifier_33: bool = False  # modifier 33 waives cost sharing for ACP with an AWV
    accepts_awv_g_codes: bool = False  # G0438/G0439 are Medicare benefits
    hospice_modifiers: bool = False  # GV/GW on Part B services to hospice patients
    claim_filing_indicator: str = "CI"  # 837P SBR09 (X12 code list 1032)
    pays_consultation_codes: bool = True  # 99242-99245 / 99252-99255
    calendar_year_filing: bool = False  # filing limit is one calendar year after the date of service
    corrections_by_reopening: bool = False  # adjudicated claims are fixed by a reopening, not 7/8
    # While the member has elected hospice, Part B services are paid by Original Medicare, not
    # by this plan: the claim goes to the MAC.
    hospice_bills_original_medicare: bool = False
    # Pays the visit-complexity add-on G2211 (a Medicare PFS code: CMS PFS CY2024 final rule).
    visit_complexity_addon: bool = False
    # The modifier the payer wants on telehealth lines, by modality ("" when POS 02/10 says it
    # all); CPT 95 synchronous audio-video, 93 audio-only (CPT Appendix A).
    telehealth_video_modifier: str = "95"
    telehealth_audio_modifier: str = "93"


# Sources: Medicare does not accept 99417 and uses G2212 (CMS PFS CY2021 final rule, shared/
# domain.md §2.2); modifier 33 with ACP at an AWV waives Part B cost sharing (CMS PFS CY2016;
# domain.md §1); GV/GW are Medicare hospice modifiers (Noridian, Novitas; domain.md §3); the
# AWV G0438/G0439 is a Medicare Part B benefit (42 CFR 410.15). SBR09: MB Medicare Part B, 16
# HMO Medicare risk (Medicare Advantage), MC Medicaid, CI commercial (X12 005010X222A1 SBR09,
# code list 1032). Medicare stopped paying consultation codes on 2010-01-01 (CR 6740,
# Transmittal 1875; IOM 100-04 ch.12 §30.6.10); MA plans follow CMS coverage rules (42 CFR
# 422.101(b)). Medicare's filing limit is one calendar year after the date of service
# (42 CFR 424.44(a)(1)). During an MA member's hospice election Original Medicare pays for
# Part B services (42 CFR 422.320(c); IOM 100-04 ch.11 §30.4). G2211 is a Medicare PFS code;
# MA plans cover at least what Original Medicare covers (42 CFR 422.101(a)). Medicare telehealth:
# POS 02/10 tells audio-video telehealth and needs no modifier 95 from 2024 (CMS PFS CY2024 final
# rule, 88 FR 78874-78876; NGS "Telehealth Changes for 2024 - Modifier 95 and POS"); audio-only
# services to a patient at home carry 93 (CMS PFS CY2025 final rule; MLN901705 Telehealth &
# Remote Patient Monitoring). Medicaid, commercial and MA plans commonly want 95 with POS 02/10:
# a plan that does not is a new row. The MBI replaced the HICN on
# Medicare claims from 2020-01-01 (CR 10913; palliative.rules.member_id_problem). Medicare
# Part B fixes clerical errors in adjudicated claims by reopening (42 CFR 405.980; IOM 100-04
# ch.34 §10.11); other payers take replacement (7) and void (8) claims (NUCC 1500 item 22).
PAYER_PROFILES = [
    PayerProfile(
        date(2021, 1, 1),
        payer_type=MEDICARE,
        label="Medicare",
        prolonged_scheme="medicare",
        acp_awv_modifier_33=True,
        accepts_awv_g_codes=True,
        hospice_modifiers=True,
        claim_filing_indicator="MB",
        pays_consultation_codes=False,
        calendar_year_filing=True,
        corrections_by_reopening=True,
        visit_complexity_addon=True,
        telehealth_video_modifier="",
    ),
    PayerProfile(
        date(2021, 1, 1),
        payer_type=MEDICARE_ADV,
        label="Medicare Advantage",
        prolonged_scheme="medicare",
        acp_awv_modifier_33=True,
        accepts_awv_g_codes=True,
        claim_filing_indicator="16",
        pays_consultation_codes=False,
        hospice_bills_original_medicare=True,
        visit_complexity_addon=True,
    ),
    PayerProfile(
        date(2021, 1, 1), payer_type=MEDICAID, label="Medicaid", prolonged_scheme="cpt", claim_filing_indicator="MC"
    ),
    PayerProfile(date(2021, 1, 1), payer_type=COMMERCIAL, label="Commercial", prolonged_scheme="cpt"),
]


def payer_profile(payer_type: str | None, on: date) -> PayerProfile | None:
    for profile in PAYER_PROFILES:
        if profile.payer_type == payer_type and profile.in_force(on):
            return profile
    return None


# --- Timely filing -------------------------------------------------------------------------

_US_FEDERAL_HOLIDAYS = holidays.country_holidays("US", categories=("public",))


def next_workday(day: date) -> date:
    """`day`, or the first later day that is not a Saturday, Sunday or federal holiday."""
    while day.weekday() >= 5 or day in _US_FEDERAL_HOLIDAYS:
        day += timedelta(days=1)
    return day


def medicare_filing_deadline(date_of_service: date) -> date:
    """The last day Medicare accepts a claim for `date_of_service`.

    Source: 42 CFR 424.44(a)(1) — "no later than the close of the period ending 1 calendar year
    after the date of service" (the same month and day a year later; February 29 has no
    anniversary, so February 28); IOM 100-04 ch.1 §70.1 and §70.7 — when the last day falls on a
    Saturday, Sunday or federal non-workday, the claim is timely on the next workday.
    """
    try:
        anniversary = date_of_service.replace(year=date_of_service.year + 1)
    except ValueError:
        anniversary = date(date_of_service.year + 1, 2, 28)
    return next_workday(anniversary)


def filing_deadline(*, payer_type: str | None, timely_filing_days: int | None, date_of_service: date) -> date | None:
    """The last day the payer accepts the claim: Medicare's calendar year, else the payer's days."""
    profile = payer_profile(payer_type, date_of_service)
    if profile is not None and profile.calendar_year_filing:
        return medicare_filing_deadline(date_of_service)
    if timely_filing_days is None:
        return None
    return date_of_service + timedelta(days=timely_filing_days)


@dataclass(frozen=True)
class Modifier(Dated):
    code: str = ""
    meaning: str = ""


_LONG_AGO = date(2000, 1, 1)  # in force before any date of service this app bills

# Sources: AMA CPT Appendix A (Level I modifiers) and the CMS HCPCS Level II modifier list
# (annual HCPCS file), as of CODE_LISTS_CHECKED; shared/domain.md §7.3. Dated where the code
# began in the period the app bills: 95 (CPT 2017), 93 (CPT 2022), X{EPSU} (CR 8863, 2015),
# FQ (CY2022), FS (CY2022 split/shared), FT (CY2022), JZ (2023-01-01), 33 (CPT 2011), CS (2020-03-18).
MODIFIERS = [
    Modifier(since, code=code, meaning=meaning)
    for code, meaning, since in (
        ("22", "increased procedural services", _LONG_AGO),
        ("24", "unrelated E/M in a postoperative period", _LONG_AGO),
        ("25", "significant, separately identifiable E/M", _LONG_AGO),
        ("26", "professional component", _LONG_AGO),
        ("27", "multiple outpatient hospital E/M encounters on the same date", _LONG_AGO),
        ("32", "mandated services", _LONG_AGO),
        ("33", "preventive service (ACP with an annual wellness visit)", date(2011, 1, 1)),
        ("50", "bilateral procedure", _LONG_AGO),
        ("51", "multiple procedures", _LONG_AGO),
        ("52", "reduced services", _LONG_AGO),
        ("53", "discontinued procedure", _LONG_AGO),
        ("54", "surgical care only", _LONG_AGO),
        ("55", "postoperative management only", _LONG_AGO),
        ("56", "preoperative management only", _LONG_AGO),
        ("57", "decision for surgery", _LONG_AGO),
        ("58", "staged or related procedure in the postoperative period", _LONG_AGO),
        ("59", "distinct procedural service", _LONG_AGO),
        ("76", "repeat procedure by the same physician", _LONG_AGO),
        ("77", "repeat procedure by another physician", _LONG_AGO),
        ("78", "unplanned return to the operating room", _LONG_AGO),
        ("79", "unrelated procedure in the postoperative period", _LONG_AGO),
        ("80", "assistant surgeon", _LONG_AGO),
        ("82", "assistant surgeon when no qualified resident is available", _LONG_AGO),
        ("90", "reference (outside) laboratory", _LONG_AGO),
        ("91", "repeat clinical diagnostic laboratory test", _LONG_AGO),
        ("93", "audio-only telemedicine", date(2022, 1, 1)),
        ("95", "synchronous telemedicine", date(2017, 1, 1)),
        ("99", "multiple modifiers", _LONG_AGO),
        ("AI", "principal physician of record", date(2010, 1, 1)),
        ("AQ", "service in a health professional shortage area (unlisted)", _LONG_AGO),
        ("AS", "assistant at surgery by a PA, NP or CNS", _LONG_AGO),
        ("CR", "catastrophe/disaster related", _LONG_AGO),
        ("CS", "cost sharing waived (public health emergency testing services)", date(2020, 3, 18)),
        ("FQ", "audio-only (RHC/FQHC)", date(2022, 1, 1)),
        ("FS", "split/shared visit", date(2022, 1, 1)),
        ("FT", "unrelated E/M the same day as another E/M or in a postoperative period", date(2022, 1, 1)),
        ("GA", "waiver of liability (ABN) on file", _LONG_AGO),
        ("GC", "service performed in part by a resident under a teaching physician", _LONG_AGO),
        ("GE", "service performed by a resident without a teaching physician (primary care exception)", _LONG_AGO),
        ("GT", "telehealth (institutional)", _LONG_AGO),
        ("GV", "hospice patient, attending not employed by the hospice", _LONG_AGO),
        ("GW", "hospice patient, service unrelated to the terminal condition", _LONG_AGO),
        ("GX", "voluntary notice of liability (ABN) for a statutorily excluded service", _LONG_AGO),
        ("GY", "statutorily excluded or not a Medicare benefit", _LONG_AGO),
        ("GZ", "expected to be denied as not reasonable and necessary, no ABN", _LONG_AGO),
        ("JW", "drug amount discarded", _LONG_AGO),
        ("JZ", "zero drug amount discarded", date(2023, 1, 1)),
        ("KX", "requirements in the medical policy have been met", _LONG_AGO),
        ("LT", "left side", _LONG_AGO),
        ("Q5", "reciprocal billing arrangement", _LONG_AGO),
        ("Q6", "fee-for-time compensation (locum tenens)", _LONG_AGO),
        ("QW", "CLIA-waived test", _LONG_AGO),
        ("RT", "right side", _LONG_AGO),
        ("SA", "NP rendering service in collaboration with a physician", _LONG_AGO),
        ("TC", "technical component", _LONG_AGO),
        ("XE", "separate encounter", date(2015, 1, 1)),
        ("XP", "separate practitioner", date(2015, 1, 1)),
        ("XS", "separate structure", date(2015, 1, 1)),
        ("XU", "unusual non-overlapping service", date(2015, 1, 1)),
    )
]
KNOWN_MODIFIERS = {row.code: row.meaning for row in MODIFIERS}


def modifier_in_force(code: str, on: date) -> bool:
    return any(row.code == code and row.in_force(on) for row in MODIFIERS)


def procedure_titles() -> dict[str, str]:
    """The CPT/HCPCS codes this practice's tables know, in words, for the code look-up.

    Source: the E/M table (palliative/rules.py EM_CODES, CPT 2023/2024), ACP (CPT 99497/99498),
    AWV (HCPCS G0438/G0439), critical care (CPT 99291/99292), prolonged services and add-ons
    (PROLONGED, ADD_ONS above); the fee schedule adds the practice's own descriptions.
    """
    titles = {code: f"{core.EM_FAMILY_LABELS[row.family]}: {row.label}" for code, row in core.EM_CODES.items()}
    titles.update(
        {
            core.ACP_FIRST_CODE: "Advance care planning, first 30 minutes",
            core.ACP_ADDON_CODE: "Advance care planning, each additional 30 minutes (add-on)",
            "G0438": "Annual wellness visit, initial",
            "G0439": "Annual wellness visit, subsequent",
            "99291": "Critical care, first 30-74 minutes",
            "99292": "Critical care, each additional 30 minutes (add-on)",
        }
    )
    for row in PROLONGED:
        scheme = "Medicare" if row.scheme == "medicare" else "CPT"
        titles.setdefault(row.code, f"Prolonged service, each 15 minutes ({scheme})")
    for code in ADD_ONS:
        titles.setdefault(code, f"Add-on to {', '.join(sorted(ADD_ONS[code].primaries))}")
    return titles


# How close to the timely-filing limit a claim is flagged (a working margin, not a rule).
TIMELY_FILING_WARNING_DAYS = 30
# The to-bill worklist marks what must go out within a week (a working margin, not a rule).
FILING_DUE_SOON_DAYS = 7


def filing_urgency(deadline: date | None, today: date) -> str | None:
    """ "overdue" once the deadline has passed, "due_soon" within FILING_DUE_SOON_DAYS, else None."""
    if deadline is None:
        return None
    if today > deadline:
        return "overdue"
    if (deadline - today).days <= FILING_DUE_SOON_DAYS:
        return "due_soon"
    return None


def _line_label(line: LineFacts) -> str:
    return f"Line {line.number} ({line.code})"


# --- ACP ------------------------------------------------------------------------------------


def acp_time_below_threshold(claim: ClaimFacts) -> list[Finding]:
    """ACP units must be earned by face-to-face time: 99497 from 16 minutes, each 99498 from
    46, 76, ... minutes (midpoint rule). Source: CMS ACP FAQ Q1, via
    palliative.rules.acp_billing_units (shared/domain.md §1)."""
    findings = []
    for line in claim.lines:
        if line.code not in ACP_CODES or line.acp is None:
            continue
        allowed = core.acp_billing_units(line.acp.minutes).get(line.code, 0)
        if line.units > allowed:
            if allowed == 0:
                message = (
                    f"{_line_label(line)}: {line.acp.minutes} minutes of ACP do not earn {line.code}"
                    f" ({'16' if line.code == core.ACP_FIRST_CODE else '46'} minutes needed)."
                )
            else:
                message = f"{_line_label(line)}: {line.acp.minutes} minutes earn {allowed} unit(s) of {line.code}, not {line.units}."
            findings.append(
                Finding(
                    "acp_time_below_threshold",
                    ERROR,
                    message,
                    "Bill the units the time supports, or bill an E/M instead if ACP was under 16 minutes.",
                    line.number,
                )
            )
    return findings


def acp_documentation_incomplete(claim: ClaimFacts) -> list[Finding]:
    """An ACP note must show voluntary consent, who was present, the time and a summary.
    Source: CMS ACP FAQ via AAPC; CMS Q&A March 2016 (palliative.rules.acp_documentation_missing)."""
    findings = []
    for line in claim.lines:
        if line.acp is None or line.code not in ACP_CODES:
            continue
        missing = core.acp_documentation_missing(
            consent_documented=line.acp.consent_documented,
            participants=line.acp.participants,
            summary=line.acp.summary,
            minutes=line.acp.minutes,
            patient_present=line.acp.patient_present,
            incapacity_note=line.acp.incapacity_note,
        )
        if missing:
            findings.append(
                Finding(
                    "acp_documentation_incomplete",
                    ERROR,
                    f"{_line_label(line)}: the ACP note does not document {', '.join(missing)}.",
                    "Ask the provider to complete the ACP note, then scrub again.",
                    line.number,
                )
            )
    return findings


def acp_performer_not_qualified(claim: ClaimFacts) -> list[Finding]:
    """Only physicians and the NPPs Medicare recognises for E/M (NP, PA, CNS) bill ACP; clinical
    staff's ACP is billed incident-to under the supervising one, in the office or home only
    (palliative.rules.acp_incident_to_problem). Source: CMS PFS CY2016 final rule; shared/domain.md
    §1 "Who may bill"."""
    findings = []
    for line in claim.lines:
        if line.code not in ACP_CODES:
            continue
        credentials = line.acp.provider_credentials if line.acp else claim.rendering_credentials
        if line.acp is not None and line.acp.incident_to:
            problem = core.acp_incident_to_problem(
                setting=line.acp.setting, performed_by=line.acp.performed_by, supervisor_credentials=credentials
            )
            if problem:
                findings.append(
                    Finding(
                        "acp_performer_not_qualified",
                        ERROR,
                        f"{_line_label(line)}: {problem}",
                        "Correct the ACP record, or bill only what the provider gave personally.",
                        line.number,
                    )
                )
            continue
        if credentials not in ACP_BILLING_CREDENTIALS:
            findings.append(
                Finding(
                    "acp_performer_not_qualified",
                    ERROR,
                    f"{_line_label(line)}: ACP was given by a {credentials}, who cannot bill it"
                    " (physician, NP, PA or CNS only).",
                    "Bill ACP only under the physician or NPP who held the conversation.",
                    line.number,
                )
            )
    return findings


def acp_same_day_as_critical_care(claim: ClaimFacts) -> list[Finding]:
    """CPT bars ACP on the same date as critical care 99291/99292.
    Source: CPT ACP guidelines via ACP Hospitalist (shared/domain.md §1)."""
    findings = []
    for line in claim.lines:
        if line.code not in ACP_CODES:
            continue
        here = claim.codes_on(line.date_of_service) & CRITICAL_CARE_CODES
        elsewhere = {
            s.code
            for s in claim.other_services
            if s.code in CRITICAL_CARE_CODES and s.date_of_service == line.date_of_service
        }
        if here or elsewhere:
            findings.append(
                Finding(
                    "acp_same_day_as_critical_care",
                    ERROR,
                    f"{_line_label(line)}: ACP cannot be reported on the same date as critical care"
                    f" ({', '.join(sorted(here | elsewhere))}).",
                    "Remove the ACP line; its time belongs to the critical care service.",
                    line.number,
                )
            )
    return findings


def acp_modifier_33_without_awv(claim: ClaimFacts) -> list[Finding]:
    """Modifier 33 on ACP waives cost sharing only with an AWV (G0438/G0439) on the same day
    and claim; for payers without that waiver, 33 does not belong on ACP. An ACP given at an AWV
    without 33 loses the waiver. Source: CMS PFS CY2016 final rule (shared/domain.md §1)."""
    findings = []
    for line in claim.lines:
        if line.code not in ACP_CODES:
            continue
        profile = payer_profile(claim.payer_type, line.date_of_service)
        has_awv = bool(claim.codes_on(line.date_of_service) & AWV_CODES)
        has_33 = "33" in line.modifiers
        if has_33 and not has_awv:
            findings.append(
                Finding(
                    "acp_modifier_33_without_awv",
                    ERROR,
                    f"{_line_label(line)}: modifier 33 needs an annual wellness visit (G0438/G0439) on the same"
                    " claim and date.",
                    "Add the AWV line if one was given, or remove modifier 33.",
                    line.number,
                )
            )
        elif has_33 and profile is not None and not profile.acp_awv_modifier_33:
            findings.append(
                Finding(
                    "acp_modifier_33_without_awv",
                    WARNING,
                    f"{_line_label(line)}: {profile.label} payers do not apply Medicare's ACP cost-sharing waiver.",
                    "Check the payer's policy before sending modifier 33.",
                    line.number,
                )
            )
        elif has_awv and not has_33 and profile is not None and profile.acp_awv_modifier_33:
            findings.append(
                Finding(
                    "acp_modifier_33_without_awv",
                    WARNING,
                    f"{_line_label(line)}: ACP with an annual wellness visit should carry modifier 33 so the"
                    " patient pays no deductible or coinsurance.",
                    "Add modifier 33 if the ACP was voluntary and given by the AWV provider.",
                    line.number,
                )
            )
    return findings


def acp_repeated_without_change(claim: ClaimFacts) -> list[Finding]:
    """No frequency limit, but repeat ACP must show a change in health or wishes.
    Source: CMS ACP FAQ Q2 (shared/domain.md §1 "Frequency")."""
    return [
        Finding(
            "acp_repeated_without_change",
            WARNING,
            f"{_line_label(line)}: ACP was billed for this patient before and the note records no change in"
            " health status or wishes since.",
            "Ask the provider to document what changed, or expect a medical-necessity denial.",
            line.number,
        )
        for line in claim.lines
        if line.code == core.ACP_FIRST_CODE
        and line.acp is not None
        and line.acp.billed_before
        and not line.acp.change_since_last.strip()
    ]


# --- Codes ----------------------------------------------------------------------------------


def procedure_code_malformed(claim: ClaimFacts) -> list[Finding]:
    """Codes must have the CPT/HCPCS shape and modifiers be CPT/HCPCS modifiers in force on the
    date of service (MODIFIERS); units at least one, charges not negative. Source: AMA CPT / CMS HCPCS code structure
    (shared/domain.md §7.3); 837P SV1 (units and charge)."""
    findings = []
    for line in claim.lines:
        if not core.procedure_code_format_ok(line.code):
            findings.append(
                Finding(
                    "procedure_code_malformed",
                    ERROR,
                    f"Line {line.number}: “{line.code}” is not a CPT or HCPCS code (five digits, or a letter and"
                    " four digits).",
                    "Correct the code on the line.",
                    line.number,
                )
            )
        for modifier in line.modifiers:
            if modifier not in KNOWN_MODIFIERS:
                findings.append(
                    Finding(
                        "procedure_code_malformed",
                        ERROR,
                        f"{_line_label(line)}: modifier “{modifier}” is not a CPT or HCPCS modifier.",
                        "Check the modifier against the CPT/HCPCS modifier list (e.g. 25, 33, 95, GV, GW).",
                        line.number,
                    )
                )
            elif not modifier_in_force(modifier, line.date_of_service):
                findings.append(
                    Finding(
                        "procedure_code_malformed",
                        ERROR,
                        f"{_line_label(line)}: modifier {modifier} ({KNOWN_MODIFIERS[modifier]}) did not exist yet on"
                        f" {line.date_of_service:%m/%d/%Y}.",
                        "Use the modifier in force on the date of service.",
                        line.number,
                    )
                )
        if len(line.modifiers) > 4:
            findings.append(
                Finding(
                    "procedure_code_malformed",
                    ERROR,
                    f"{_line_label(line)}: a line carries at most four modifiers.",
                    "Remove the extra modifiers.",
                    line.number,
                )
            )
        if line.units < 1 or line.charge < 0:
            findings.append(
                Finding(
                    "procedure_code_malformed",
                    ERROR,
                    f"{_line_label(line)}: units must be at least 1 and the charge cannot be negative.",
                    "Correct the units or charge.",
                    line.number,
                )
            )
        elif line.charge == 0 and not core.is_category_ii(line.code):
            findings.append(
                Finding(
                    "procedure_code_malformed",
                    ERROR,
                    f"{_line_label(line)}: the charge is $0.00 (no fee schedule entry for {line.code}?).",
                    "Add the code to the fee schedule or type the charge.",
                    line.number,
                )
            )
    return findings


def deleted_code(claim: ClaimFacts) -> list[Finding]:
    """A code deleted from CPT before the date of service is denied.
    Source: CPT 2021/2023 E/M revisions (palliative.rules.DELETED_EM_CODES)."""
    findings = []
    for line in claim.lines:
        deleted = core.DELETED_EM_CODES.get(line.code)
        if deleted and line.date_of_service >= deleted[0]:
            findings.append(
                Finding(
                    "deleted_code",
                    ERROR,
                    f"{_line_label(line)}: {line.code} was deleted on {deleted[0]:%m/%d/%Y}.",
                    f"Recode the service: {deleted[1]}.",
                    line.number,
                )
            )
    return findings


def addon_without_primary(claim: ClaimFacts) -> list[Finding]:
    """Add-on codes are never billed without their primary code on the same date.
    Source: CPT add-on conventions; shared/domain.md §4 (add-on list)."""
    findings = []
    for line in claim.lines:
        if line.code not in ADD_ONS:
            continue
        primaries = add_on_primaries(line.code, line.date_of_service)
        if not primaries:
            message = f"{_line_label(line)}: {line.code} was not a billable add-on on {line.date_of_service:%m/%d/%Y}."
        elif not claim.codes_on(line.date_of_service) & primaries:
            message = (
                f"{_line_label(line)}: {line.code} is an add-on code and needs one of"
                f" {', '.join(sorted(primaries))} on the same date."
            )
        else:
            continue
        findings.append(
            Finding(
                "addon_without_primary",
                ERROR,
                message,
                "Add the primary service, or remove the add-on line.",
                line.number,
            )
        )
    return findings


def em_code_not_in_setting(claim: ClaimFacts) -> list[Finding]:
    """The E/M code must belong to the family of the place it was given (office, home,
    hospital, nursing facility). Source: CPT E/M families (palliative.rules.em_code_problem)."""
    findings = []
    for line in claim.lines:
        if line.encounter is None or line.code != line.encounter.em_code or line.code in core.DELETED_EM_CODES:
            continue
        problem = core.em_code_problem(line.code, line.encounter.setting, line.date_of_service)
        if problem:
            findings.append(
                Finding(
                    "em_code_not_in_setting",
                    ERROR,
                    f"{_line_label(line)}: {problem}",
                    "Correct the visit code on the encounter and rebuild.",
                    line.number,
                )
            )
    return findings


def em_level_not_supported_by_time(claim: ClaimFacts) -> list[Finding]:
    """When the level is chosen by time, documented total time must meet the code's minimum on
    the date of service. Source: CPT 2024 E/M guidelines; CPT 2022 typical times before 2023
    (palliative.rules.em_time_supports_level)."""
    findings = []
    for line in claim.lines:
        enc = line.encounter
        if enc is None or line.code != enc.em_code or enc.level_basis != "time" or enc.total_minutes is None:
            continue
        if core.em_time_supports_level(line.code, enc.total_minutes, line.date_of_service) is False:
            needed = core.em_code_on(line.code, line.date_of_service).min_minutes
            findings.append(
                Finding(
                    "em_level_not_supported_by_time",
                    ERROR,
                    f"{_line_label(line)}: {enc.total_minutes} minutes do not support {line.code}"
                    f" ({needed} minutes needed).",
                    "Bill the level the time supports, or have the provider document the level by MDM.",
                    line.number,
                )
            )
    return findings


def time_not_documented(claim: ClaimFacts) -> list[Finding]:
    """A time-based code needs the time in the record: an E/M chosen by time, a prolonged
    service (always time-based) and ACP. Source: CPT 2024 E/M guidelines; CMS ACP FAQ
    (shared/domain.md §1, §2.1-2.2)."""
    findings = []
    for line in claim.lines:
        enc = line.encounter
        timed_em = enc is not None and line.code == enc.em_code and enc.level_basis == "time"
        prolonged = line.code in PROLONGED_CODES
        if (timed_em or prolonged) and (enc is None or not enc.total_minutes):
            findings.append(
                Finding(
                    "time_not_documented",
                    ERROR,
                    f"{_line_label(line)}: this code is chosen by time but the visit has no total time documented.",
                    "Ask the provider to document total time on the date of service.",
                    line.number,
                )
            )
        if line.code in ACP_CODES and line.acp is not None and not line.acp.minutes:
            findings.append(
                Finding(
                    "time_not_documented",
                    ERROR,
                    f"{_line_label(line)}: ACP has no face-to-face minutes documented.",
                    "Ask the provider to document the ACP minutes.",
                    line.number,
                )
            )
    return findings


def prolonged_code_for_wrong_payer(claim: ClaimFacts) -> list[Finding]:
    """Medicare pays prolonged E/M only as G2212/G0316-G0318 and refuses 99417/99418; other
    payers follow CPT. Source: CMS PFS CY2021 and CY2023 final rules (shared/domain.md §2.2)."""
    findings = []
    for line in claim.lines:
        scheme = PROLONGED_SCHEME_OF.get(line.code)
        profile = payer_profile(claim.payer_type, line.date_of_service)
        if scheme is None or profile is None or scheme == profile.prolonged_scheme:
            continue
        wanted = sorted({row.code for row in PROLONGED if row.scheme == profile.prolonged_scheme})
        findings.append(
            Finding(
                "prolonged_code_for_wrong_payer",
                ERROR,
                f"{_line_label(line)}: {profile.label} payers do not accept {line.code} for prolonged services.",
                f"Use the {profile.label} prolonged-service code ({', '.join(wanted)}) with its own time threshold.",
                line.number,
            )
        )
    return findings


def prolonged_below_threshold(claim: ClaimFacts) -> list[Finding]:
    """Each prolonged-service unit needs a full 15 minutes beyond its threshold (no midpoint
    rounding), and the primary visit must be chosen by time. Source: shared/domain.md §2.2."""
    findings = []
    for line in claim.lines:
        if line.code not in PROLONGED_CODES:
            continue
        primaries = claim.codes_on(line.date_of_service)
        row = next(
            (
                r
                for r in PROLONGED
                if r.code == line.code and r.primary in primaries and r.in_force(line.date_of_service)
            ),
            None,
        )
        enc = line.encounter
        if row is None or enc is None or not enc.total_minutes:
            continue  # addon_without_primary and time_not_documented say why
        if enc.level_basis != "time":
            findings.append(
                Finding(
                    "prolonged_below_threshold",
                    ERROR,
                    f"{_line_label(line)}: prolonged services need the visit level chosen by time.",
                    "Have the provider select the level by total time, or remove the prolonged line.",
                    line.number,
                )
            )
            continue
        earned = (
            0
            if enc.total_minutes < row.first_unit_minutes
            else (enc.total_minutes - row.first_unit_minutes) // row.unit_minutes + 1
        )
        if line.units > earned:
            findings.append(
                Finding(
                    "prolonged_below_threshold",
                    ERROR,
                    f"{_line_label(line)}: {enc.total_minutes} minutes earn {earned} unit(s) of {line.code} with"
                    f" {row.primary} (first unit at {row.first_unit_minutes} minutes), not {line.units}.",
                    "Reduce the units or remove the prolonged-service line.",
                    line.number,
                )
            )
    return findings


def awv_code_for_wrong_payer(claim: ClaimFacts) -> list[Finding]:
    """G0438/G0439 are Medicare's annual wellness visit; other payers use preventive
    E/M codes. Source: 42 CFR 410.15; shared/domain.md §1 (AWV + modifier 33)."""
    findings = []
    for line in claim.lines:
        profile = payer_profile(claim.payer_type, line.date_of_service)
        if line.code in AWV_CODES and profile is not None and not profile.accepts_awv_g_codes:
            findings.append(
                Finding(
                    "awv_code_for_wrong_payer",
                    ERROR,
                    f"{_line_label(line)}: {line.code} is a Medicare annual wellness visit; {profile.label} payers"
                    " do not pay it.",
                    "Bill the payer's preventive visit code (e.g. 99387/99397) instead.",
                    line.number,
                )
            )
    return findings


# Source: CR 6740 (Transmittal 1875, MM6740) and IOM 100-04 ch.12 §30.6.10: from 2010-01-01
# Medicare pays no consultation code; bill the E/M for the place of service instead (initial
# hospital or nursing-facility care, or a new/established office or home visit).
CONSULTATION_CODES = frozenset({*(f"9924{n}" for n in range(1, 6)), *(f"9925{n}" for n in range(1, 6))})
CONSULTATION_INSTEAD = {
    "office": "a new-patient office visit 99202-99205, or 99212-99215 when the patient is established",
    "home": "a home visit 99341-99345 (new) or 99347-99350 (established)",
    "hospital": "initial hospital care 99221-99223 (subsequent care 99231-99233 after the first visit)",
    "nursing_facility": "initial nursing-facility care 99304-99306",
    "emergency": "an emergency department visit 99281-99285",
}


def consultation_code_for_payer(claim: ClaimFacts) -> list[Finding]:
    """Medicare and Medicare Advantage do not pay consultation codes 99241-99255; other payers
    keep them. Source: CR 6740; IOM 100-04 ch.12 §30.6.10 (see CONSULTATION_INSTEAD)."""
    findings = []
    for line in claim.lines:
        profile = payer_profile(claim.payer_type, line.date_of_service)
        if line.code not in CONSULTATION_CODES or profile is None or profile.pays_consultation_codes:
            continue
        if line.encounter is not None:
            family = core.setting_family(line.encounter.setting)
        else:
            family = "office" if line.code.startswith("9924") else "hospital"
        findings.append(
            Finding(
                "consultation_code_for_payer",
                ERROR,
                f"{_line_label(line)}: {profile.label} has not paid consultation codes (99241-99255) since 2010.",
                f"Bill {CONSULTATION_INSTEAD[family]} instead.",
                line.number,
            )
        )
    return findings


# --- Payer and member -----------------------------------------------------------------------


def member_id_not_mbi(claim: ClaimFacts) -> list[Finding]:
    """A Medicare claim names the beneficiary by the MBI; any other id is rejected at the front
    end. Source: CMS New Medicare Card / MBI format (palliative.rules.mbi_problem); CR 10913."""
    problem = core.member_id_problem(claim.payer_type, claim.member_id)
    if problem is None:
        return []
    return [
        Finding(
            "member_id_not_mbi",
            ERROR,
            f"The Medicare member ID: {problem}",
            "Correct the member ID on the patient's Medicare coverage from the Medicare card.",
        )
    ]


def hospice_member_billed_to_plan(claim: ClaimFacts) -> list[Finding]:
    """While a Medicare Advantage member has elected hospice, Original Medicare (the MAC), not the
    plan, pays Part B services, with GV/GW. Source: 42 CFR 422.320(c); IOM 100-04 ch.11 §30.4."""
    findings = []
    for line in claim.lines:
        profile = payer_profile(claim.payer_type, line.date_of_service)
        if profile is None or not profile.hospice_bills_original_medicare:
            continue
        if line.hospice is not None and line.hospice.active:
            findings.append(
                Finding(
                    "hospice_member_billed_to_plan",
                    ERROR,
                    f"{_line_label(line)}: the patient had elected hospice on {line.date_of_service:%m/%d/%Y};"
                    f" {profile.label} plans do not pay for services during a hospice election: Original"
                    " Medicare does.",
                    "Rebuild the claim to the patient's Original Medicare coverage (MBI), with GV or GW.",
                    line.number,
                )
            )
    return findings


# --- Telehealth -----------------------------------------------------------------------------

TELEHEALTH_MODIFIERS = frozenset({"95", "93"})


def telehealth_modifier(payer_type: str | None, setting: str, on: date) -> str | None:
    """The modifier the payer wants on a line given in `setting` on `on`: its video or audio-only
    telehealth modifier (PayerProfile), or None for an in-person setting or a payer that needs
    none (Medicare video: POS 02/10 says it). Source: see PAYER_PROFILES; palliative.rules.SETTINGS."""
    modality = core.TELEHEALTH_MODALITY.get(setting)
    profile = payer_profile(payer_type, on)
    if modality is None or profile is None:
        return None
    wanted = profile.telehealth_audio_modifier if modality == "audio" else profile.telehealth_video_modifier
    return wanted or None


def _line_setting(line: LineFacts) -> str | None:
    if line.encounter is not None:
        return line.encounter.setting
    return line.acp.setting if line.acp is not None else None


def telehealth_modifier_problem(claim: ClaimFacts) -> list[Finding]:
    """A telehealth line carries the modifier the payer wants for its modality (95 video, 93
    audio-only; none for Medicare video, where POS 02/10 says it), never the other one; an
    in-person line carries neither. Source: CPT Appendix A (95, 93); CMS POS code set (02, 10);
    see PAYER_PROFILES for each payer's telehealth rules."""
    findings = []
    for line in claim.lines:
        setting = _line_setting(line)
        if setting is None or setting not in core.SETTINGS:
            continue
        label, pos, _family = core.SETTINGS[setting]
        modality = core.TELEHEALTH_MODALITY.get(setting)
        present = TELEHEALTH_MODIFIERS & set(line.modifiers)
        if modality is None:
            if present:
                findings.append(
                    Finding(
                        "telehealth_modifier_problem",
                        ERROR,
                        f"{_line_label(line)}: modifier {', '.join(sorted(present))} marks a telehealth service but"
                        f" the visit is recorded as {label.lower()} (POS {pos}).",
                        "Set the encounter's setting to telehealth (POS 02 or 10) if it was, or remove the modifier.",
                        line.number,
                    )
                )
            continue
        wanted = telehealth_modifier(claim.payer_type, setting, line.date_of_service)
        spoken = "audio-only" if modality == "audio" else "video"
        wrong = present & ({"95"} if modality == "audio" else {"93"})
        profile = payer_profile(claim.payer_type, line.date_of_service)
        payer = profile.label if profile else "This payer"
        if wanted and wanted not in line.modifiers:
            findings.append(
                Finding(
                    "telehealth_modifier_problem",
                    ERROR,
                    f"{_line_label(line)}: {payer} wants modifier {wanted} on {spoken} telehealth (POS {pos}).",
                    f"Add modifier {wanted} to the line.",
                    line.number,
                )
            )
        if wrong:
            findings.append(
                Finding(
                    "telehealth_modifier_problem",
                    ERROR,
                    f"{_line_label(line)}: modifier {', '.join(sorted(wrong))} does not match the visit, given by"
                    f" {spoken} telehealth.",
                    "Remove the modifier, or correct the encounter's setting (video or audio only).",
                    line.number,
                )
            )
    return findings


# --- Patient history: new or established, one NF visit a day, AWV frequency ------------------


def three_years_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 3)
    except ValueError:  # February 29
        return date(day.year - 3, 2, 28)


NEW_TO_ESTABLISHED = core.NEW_TO_ESTABLISHED


def new_patient_code_for_established(claim: ClaimFacts) -> list[Finding]:
    """A new-patient visit for a patient billed by the same provider, or a same-specialty
    colleague of the group, in the three years before is denied (CARC B16).
    Source: IOM 100-04 ch.12 §30.6.7(A); the app's own claims."""
    findings = []
    for line in claim.lines:
        established = NEW_TO_ESTABLISHED.get(line.code)
        if established is None:
            continue
        since = three_years_before(line.date_of_service)
        earlier = sorted(
            (
                s
                for s in claim.other_services
                if since <= s.date_of_service < line.date_of_service and (s.same_provider or s.same_specialty)
            ),
            key=lambda s: s.date_of_service,
        )
        if earlier:
            last = earlier[-1]
            who = "this provider" if last.same_provider else "a colleague of the same specialty"
            findings.append(
                Finding(
                    "new_patient_code_for_established",
                    ERROR,
                    f"{_line_label(line)}: the patient is established: {who} billed {last.code} on"
                    f" {last.date_of_service:%m/%d/%Y} (claim {last.claim_label}), within three years.",
                    f"Bill the established-patient code {established} instead.",
                    line.number,
                )
            )
    return findings


NURSING_FACILITY_EM = frozenset(f"993{n:02d}" for n in range(4, 11))


def nursing_facility_visit_twice(claim: ClaimFacts) -> list[Finding]:
    """One nursing-facility E/M (99304-99310) per patient per day: a second by the same
    provider is an error; by a same-specialty colleague of the group it is paid only when
    medically necessary and unrelated, so a warning. Source: IOM 100-04 ch.12 §30.6.13 and
    §30.6.5 (same group and specialty billed as one physician); CARC B14."""
    findings = []
    nf_lines = [line for line in claim.lines if line.code in NURSING_FACILITY_EM]
    for line in nf_lines:
        same_claim = [o for o in nf_lines if o.date_of_service == line.date_of_service and o.number < line.number]
        others = [
            s
            for s in claim.other_services
            if s.code in NURSING_FACILITY_EM and s.date_of_service == line.date_of_service
        ]
        mine = [s for s in others if s.same_provider]
        colleagues = [s for s in others if not s.same_provider and s.same_specialty]
        if same_claim or mine:
            where = f"line {same_claim[0].number}" if same_claim else f"claim {mine[0].claim_label}"
            findings.append(
                Finding(
                    "nursing_facility_visit_twice",
                    ERROR,
                    f"{_line_label(line)}: this provider already billed a nursing-facility visit on"
                    f" {line.date_of_service:%m/%d/%Y} ({where}); only one is paid per day.",
                    "Combine the visits into one, at the level the day's total work supports.",
                    line.number,
                )
            )
        elif colleagues:
            findings.append(
                Finding(
                    "nursing_facility_visit_twice",
                    WARNING,
                    f"{_line_label(line)}: a colleague of the same specialty billed a nursing-facility visit the same"
                    f" day (claim {colleagues[0].claim_label}); Medicare treats them as one physician.",
                    "Bill one visit for the group unless this one was for a separate, unrelated problem.",
                    line.number,
                )
            )
    return findings


def _one_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # February 29
        return date(day.year + 1, 3, 1)


def _months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def awv_too_soon(claim: ClaimFacts) -> list[Finding]:
    """AWV frequency: G0438 once per lifetime; G0439 only after 11 full months have passed
    following the month of the last AWV or IPPE; no AWV within the first 12 months of Part B
    (the IPPE, G0402, then). Source: 42 CFR 410.15(a)-(b); IOM 100-04 ch.18 §140.
    The Medicare coverage's start date stands in for the Part B effective date."""
    findings = []
    for line in claim.lines:
        if line.code not in AWV_CODES:
            continue
        past = [
            s
            for s in claim.other_services
            if s.code in AWV_CODES | IPPE_CODES and s.date_of_service < line.date_of_service
        ]
        problem = None
        if line.code == "G0438" and any(s.code in AWV_CODES for s in past):
            problem = "G0438 (the first AWV) is paid once in a lifetime and the patient already had an AWV; bill G0439."
        elif past:
            last = max(past, key=lambda s: s.date_of_service)
            if _months_between(last.date_of_service, line.date_of_service) < 12:
                problem = (
                    f"the last AWV/IPPE was on {last.date_of_service:%m/%d/%Y}; the next is paid from"
                    f" {date(last.date_of_service.year + 1, last.date_of_service.month, 1):%m/%d/%Y}"
                    " (11 full months after that month)."
                )
        part_b_start = claim.coverage_from if claim.payer_type == MEDICARE else None
        if problem is None and part_b_start and line.date_of_service < _one_year_after(part_b_start):
            problem = "the patient is in the first 12 months of Part B: bill the IPPE (G0402), not an AWV."
        if problem:
            findings.append(
                Finding(
                    "awv_too_soon",
                    ERROR,
                    f"{_line_label(line)}: {problem}",
                    "Bill the visit as a problem-oriented E/M, or schedule the AWV when it is due.",
                    line.number,
                )
            )
    return findings


# --- Who may bill what --------------------------------------------------------------------


# Source: SSA §1861(hh)(2) and 42 CFR 410.73 (clinical social workers: diagnosis and treatment of
# mental illness; no E/M, no ACP); CMS PFS CY2023-CY2024 (CSWs bill health behaviour assessment
# and intervention 96156-96171 and general BHI G0323/99484); RNs and chaplains have no Medicare
# benefit category: their work is billed incident-to a physician/NPP (42 CFR 410.26) or not at
# all. Physicians and the NPPs of 42 CFR 410.74-410.76 bill every code family.
CSW_CODES = frozenset(
    {
        "90785",
        "90791",
        "90832",
        "90834",
        "90837",
        "90839",
        "90840",
        "90845",
        "90846",
        "90847",
        "90853",
        "96156",
        "96158",
        "96159",
        "96164",
        "96165",
        "96167",
        "96168",
        "96170",
        "96171",
        "99484",
        "G0323",
    }
)
CREDENTIAL_CODES: dict[str, frozenset[str] | None] = {
    "MD": None,
    "DO": None,
    "NP": None,
    "PA": None,
    "CNS": None,
    "LCSW": CSW_CODES,
    "RN": frozenset(),
    "CHAP": frozenset(),
}


def credential_may_bill(credentials: str, code: str) -> bool:
    allowed = CREDENTIAL_CODES.get(credentials, frozenset())
    return allowed is None or code in allowed or core.is_category_ii(code)


def rendering_credential_cannot_bill(claim: ClaimFacts) -> list[Finding]:
    """The rendering provider's credential must allow the code (see CREDENTIAL_CODES); ACP
    has its own rule (acp_performer_not_qualified)."""
    return [
        Finding(
            "rendering_credential_cannot_bill",
            ERROR,
            f"{_line_label(line)}: a {claim.rendering_credentials} cannot bill {line.code} under their own NPI"
            + (
                " (a clinical social worker bills only mental-health services)."
                if claim.rendering_credentials == "LCSW"
                else "."
            ),
            "Bill it under the physician or NPP who gave or supervised it, or do not bill it.",
            line.number,
        )
        for line in claim.lines
        if line.code not in ACP_CODES and not credential_may_bill(claim.rendering_credentials, line.code)
    ]


# --- Modifier 25 ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BundlesEM(Dated):
    """A same-day service that bundles a problem-oriented E/M unless the E/M carries modifier 25."""

    code: str = ""
    why: str = ""


_PREVENTIVE = "preventive service (NCCI Policy Manual ch.11 §D; CPT preventive medicine guidelines)"
_GLOBAL_0 = "minor procedure, 0-day global (IOM 100-04 ch.12 §30.6.6(B); PFS RVU file global days 000)"
_NCCI_PTP = "NCCI procedure-to-procedure edit with the E/M, modifier indicator 1 (CMS NCCI PTP practitioner edits)"

# Source: IOM 100-04 ch.12 §30.6.6(B) — an E/M the same day as a minor procedure (0 or 10-day
# global) is paid only when significant and separately identifiable, with modifier 25; NCCI Policy
# Manual ch.11 §D and ch.1 §D; CMS AWV MLN6775421 (an E/M with an AWV needs 25). The codes a
# palliative practice bills; dated where the code began: G0402 2009, G0438/G0439 2011, 20611
# (CPT 2015), thoracentesis 32554/32555 and paracentesis 49082/49083 (CPT 2013). Advance care
# planning 99497/99498 is not here: CMS pays it with an E/M the same day without modifier 25
# (CMS ACP FAQ, 2016). A new NCCI quarter is new rows.
MODIFIER_25_ROWS = [
    *(BundlesEM(date(2011, 1, 1), code=code, why="annual wellness visit (CMS MLN6775421)") for code in AWV_CODES),
    BundlesEM(date(2009, 1, 1), code="G0402", why="initial preventive physical examination (IOM 100-04 ch.12 §80)"),
    *(BundlesEM(_LONG_AGO, code=f"9938{n}", why=_PREVENTIVE) for n in range(1, 8)),
    *(BundlesEM(_LONG_AGO, code=f"9939{n}", why=_PREVENTIVE) for n in range(1, 8)),
    BundlesEM(_LONG_AGO, code="20610", why=_GLOBAL_0),
    BundlesEM(date(2015, 1, 1), code="20611", why=_GLOBAL_0),
    BundlesEM(_LONG_AGO, code="20552", why=_GLOBAL_0),
    BundlesEM(_LONG_AGO, code="20553", why=_GLOBAL_0),
    BundlesEM(_LONG_AGO, code="11042", why=_GLOBAL_0),
    BundlesEM(date(2013, 1, 1), code="32554", why=_GLOBAL_0),
    BundlesEM(date(2013, 1, 1), code="32555", why=_GLOBAL_0),
    BundlesEM(date(2013, 1, 1), code="49082", why=_GLOBAL_0),
    BundlesEM(date(2013, 1, 1), code="49083", why=_GLOBAL_0),
    BundlesEM(_LONG_AGO, code="51702", why=_GLOBAL_0),
    BundlesEM(_LONG_AGO, code="64450", why=_GLOBAL_0),
    BundlesEM(_LONG_AGO, code="96372", why=_NCCI_PTP),
]


def bundles_em(code: str, on: date) -> bool:
    """Whether `code` on `on` bundles a same-day E/M billed without modifier 25 (MODIFIER_25_ROWS)."""
    return any(row.code == code and row.in_force(on) for row in MODIFIER_25_ROWS)


def em_without_modifier_25(claim: ClaimFacts) -> list[Finding]:
    """A problem-oriented E/M the same day as an AWV, IPPE, preventive visit or minor procedure
    needs modifier 25, or it is bundled (CARC 97). Source: see MODIFIER_25_ROWS."""
    findings = []
    for line in claim.lines:
        if line.code not in core.EM_CODES or "25" in line.modifiers:
            continue
        day = line.date_of_service
        same_day = {
            code
            for code in claim.codes_on(day)
            | {s.code for s in claim.other_services if s.date_of_service == day and s.same_provider}
            if bundles_em(code, day)
        }
        if same_day:
            findings.append(
                Finding(
                    "em_without_modifier_25",
                    ERROR,
                    f"{_line_label(line)}: the visit is billed the same day as {', '.join(sorted(same_day))}; without"
                    " modifier 25 it is bundled into it.",
                    "Add modifier 25 if the visit was significant and separately documented; otherwise remove it.",
                    line.number,
                )
            )
    return findings


# --- G2211 ------------------------------------------------------------------------------------

G2211 = "G2211"
# Source: CMS PFS CY2024 final rule (88 FR 78970): G2211 is not payable with an E/M reported with
# modifier 25; CMS PFS CY2025 final rule (89 FR 97710): payable with modifier 25 when the other
# same-day service is an annual wellness visit, a vaccine administration or a Medicare Part B
# preventive service. The E/M codes it goes with, by date, are its ADD_ON_ROWS.
G2211_25_EXCEPTIONS_FROM = date(2025, 1, 1)
G2211_25_EXCEPTIONS = frozenset({*AWV_CODES, *IPPE_CODES, "G0008", "G0009", "G0010", "90471", "90472", "90480"})


def g2211_with_25_allowed(*, same_day_codes: set[str], on: date) -> bool:
    """Whether G2211 may go with an E/M that carries modifier 25: from 2025 only beside an AWV,
    vaccine administration or Part B preventive service (see G2211_25_EXCEPTIONS)."""
    return on >= G2211_25_EXCEPTIONS_FROM and bool(same_day_codes & G2211_25_EXCEPTIONS)


def g2211_due(
    *,
    payer_type: str | None,
    em_code: str,
    em_modifiers: Sequence[str],
    same_day_codes: set[str],
    longitudinal_care: bool,
    on: date,
) -> bool:
    """Whether the visit earns G2211: a payer that pays it (PayerProfile.visit_complexity_addon),
    an E/M it goes with on that date (office from 2024, home or residence from 2026), longitudinal
    care of a serious condition, and no modifier 25 unless the rule allows it.
    Source: CMS PFS CY2024, CY2025 and CY2026 final rules (see ADD_ON_ROWS, G2211_25_EXCEPTIONS)."""
    profile = payer_profile(payer_type, on)
    if profile is None or not profile.visit_complexity_addon or not longitudinal_care:
        return False
    if em_code not in add_on_primaries(G2211, on):
        return False
    return "25" not in em_modifiers or g2211_with_25_allowed(same_day_codes=same_day_codes, on=on)


def g2211_with_modifier_25(claim: ClaimFacts) -> list[Finding]:
    """G2211 is denied when its E/M carries modifier 25, except (from 2025) beside an AWV,
    vaccine administration or Part B preventive service. Source: see G2211_25_EXCEPTIONS."""
    findings = []
    for line in claim.lines:
        if line.code != G2211:
            continue
        same_day = claim.codes_on(line.date_of_service)
        with_25 = [
            other
            for other in claim.lines
            if other.date_of_service == line.date_of_service and other.code in core.EM_CODES and "25" in other.modifiers
        ]
        if with_25 and not g2211_with_25_allowed(same_day_codes=same_day, on=line.date_of_service):
            findings.append(
                Finding(
                    "g2211_with_modifier_25",
                    ERROR,
                    f"{_line_label(line)}: G2211 is not paid when the visit carries modifier 25"
                    + (
                        " unless the other service that day is an AWV, a vaccine or a preventive service."
                        if line.date_of_service >= G2211_25_EXCEPTIONS_FROM
                        else " (2024 rule)."
                    ),
                    "Remove G2211 from this claim.",
                    line.number,
                )
            )
    return findings


def g2211_missing(claim: ClaimFacts) -> list[Finding]:
    """A visit for the longitudinal care of a serious condition that earns G2211 (g2211_due)
    but is billed without it leaves the add-on unpaid: a warning, since the biller may know the
    visit was episodic. Source: CMS PFS CY2024 final rule (88 FR 78970); see g2211_due."""
    findings = []
    for line in claim.lines:
        enc = line.encounter
        if enc is None or line.code != enc.em_code:
            continue
        same_day = claim.codes_on(line.date_of_service)
        if G2211 in same_day:
            continue
        if g2211_due(
            payer_type=claim.payer_type,
            em_code=line.code,
            em_modifiers=line.modifiers,
            same_day_codes=same_day,
            longitudinal_care=enc.longitudinal_care,
            on=line.date_of_service,
        ):
            findings.append(
                Finding(
                    "g2211_missing",
                    WARNING,
                    f"{_line_label(line)}: the visit is part of the patient's continuing care for a serious"
                    " condition; G2211 (visit complexity add-on) is not billed.",
                    "Add a G2211 line for this date, or untick “continuing care” on the encounter if the visit was"
                    " a one-time one.",
                    line.number,
                )
            )
    return findings


# --- Diagnoses ------------------------------------------------------------------------------


def diagnosis_invalid(claim: ClaimFacts) -> list[Finding]:
    """Each diagnosis must be a valid, billable ICD-10-CM code in the set of the fiscal year of
    the date of service (a year with no loaded set is a warning, not a pass or a refusal); lines
    point at 1-4 of them. Source: ICD-10-CM Official Guidelines I.A-I.B
    (palliative.rules.icd10_problem); HIPAA code set dates, 45 CFR 162.1002; 837P HI (up to
    12 codes) and SV107 (up to four pointers)."""
    findings = []
    if not claim.diagnosis_codes:
        findings.append(
            Finding(
                "diagnosis_invalid",
                ERROR,
                "The claim has no diagnosis.",
                "Add the diagnoses from the encounter, the reason for care first.",
            )
        )
    if len(claim.diagnosis_codes) > 12:
        findings.append(
            Finding(
                "diagnosis_invalid", ERROR, "An 837P claim carries at most 12 diagnoses.", "Keep the 12 that matter."
            )
        )
    if claim.diagnosis_problems is None:
        problems = [
            f"Diagnosis {position}: {problem}"
            for position, code in enumerate(claim.diagnosis_codes, start=1)
            if (problem := core.icd10_problem(code))
        ]
    else:
        problems = list(claim.diagnosis_problems)
    findings += [Finding("diagnosis_invalid", ERROR, problem, "Correct the code.") for problem in problems]
    findings += [
        Finding(
            "diagnosis_code_set_missing",
            WARNING,
            warning,
            "Ask the administrator to load CMS's ICD-10-CM order file for that fiscal year, then scrub again.",
        )
        for warning in claim.code_set_warnings
    ]
    for line in claim.lines:
        if not line.pointers:
            findings.append(
                Finding(
                    "diagnosis_invalid",
                    ERROR,
                    f"{_line_label(line)}: no diagnosis pointer.",
                    "Point the line at the diagnosis it treats.",
                    line.number,
                )
            )
        bad = [p for p in line.pointers if not 1 <= p <= len(claim.diagnosis_codes)]
        if bad or len(line.pointers) > 4:
            findings.append(
                Finding(
                    "diagnosis_invalid",
                    ERROR,
                    f"{_line_label(line)}: diagnosis pointers must be 1 to {len(claim.diagnosis_codes)}, at most four.",
                    "Correct the pointers.",
                    line.number,
                )
            )
    return findings


def palliative_sequencing(claim: ClaimFacts) -> list[Finding]:
    """Z51.5 never stands alone ("code also condition requiring care") and is usually not
    principal in hospital care. Source: ICD-10-CM tabular Z51; AHA Coding Clinic 1Q 2017
    (palliative.rules.palliative_sequencing_problems)."""
    setting = next((line.encounter.setting for line in claim.lines if line.encounter), core.OFFICE)
    errors, warnings = core.palliative_sequencing_problems(list(claim.diagnosis_codes), setting)
    fix = "Reorder or add the diagnoses on the claim."
    return [Finding("palliative_sequencing", ERROR, m, fix) for m in errors] + [
        Finding("palliative_sequencing", WARNING, m, fix) for m in warnings
    ]


# --- Hospice --------------------------------------------------------------------------------


def hospice_modifier(claim: ClaimFacts) -> list[Finding]:
    """During a hospice election, Part B pays the designated attending not employed by the
    hospice for related care with GV, and anyone for unrelated care with GW; a related
    service by anyone else is billed by the hospice (Part A). GV/GW outside hospice are wrong.
    Source: Noridian and Novitas modifier GV/GW pages; CGS hospice (shared/domain.md §3)."""
    findings = []
    for line in claim.lines:
        profile = payer_profile(claim.payer_type, line.date_of_service)
        if line.hospice is None or profile is None or not profile.hospice_modifiers:
            continue
        present = set(line.modifiers) & HOSPICE_MODIFIERS
        if not line.hospice.active:
            if present:
                findings.append(
                    Finding(
                        "hospice_modifier",
                        ERROR,
                        f"{_line_label(line)}: {'/'.join(sorted(present))} is for hospice patients; the patient was"
                        " not on hospice on this date.",
                        "Remove the modifier.",
                        line.number,
                    )
                )
            continue
        expected = expected_hospice_modifier(
            related=line.encounter.related_to_hospice if line.encounter else True,
            rendering_is_attending=line.hospice.rendering_is_attending,
            attending_employed=line.hospice.attending_employed_by_hospice,
        )
        if expected is None:
            findings.append(
                Finding(
                    "hospice_modifier",
                    ERROR,
                    f"{_line_label(line)}: the patient is on hospice and this service is related to the terminal"
                    " condition, but the provider is not an attending who bills Part B for it.",
                    "The hospice bills related care under Part A; do not send this line to Medicare Part B.",
                    line.number,
                )
            )
            continue
        if present != {expected}:
            what = "has no GV or GW" if not present else f"has {'/'.join(sorted(present))}"
            findings.append(
                Finding(
                    "hospice_modifier",
                    ERROR,
                    f"{_line_label(line)}: the patient is on hospice and the line {what}; it needs {expected}"
                    f" ({KNOWN_MODIFIERS[expected]}).",
                    f"Set modifier {expected} (and only that one of GV/GW).",
                    line.number,
                )
            )
    return findings


# --- Duplicates -----------------------------------------------------------------------------


def duplicate_service(claim: ClaimFacts) -> list[Finding]:
    """The same patient, date and code billed twice is denied (CARC 18), also when two members
    of the interdisciplinary team bill it; a second E/M the same day by a same-group colleague
    is paid only for an unrelated problem. Source: Palmetto GBA citing IOM 100-04 ch.12
    §30.6.5; CARC 18 (shared/domain.md §4)."""
    findings = []
    seen: dict[tuple[str, date], int] = {}
    for line in claim.lines:
        key = (line.code, line.date_of_service)
        if key in seen and line.code not in ADD_ONS:
            findings.append(
                Finding(
                    "duplicate_service",
                    ERROR,
                    f"{_line_label(line)}: the same code and date are already on line {seen[key]}.",
                    "Combine the lines into one with more units, or remove one.",
                    line.number,
                )
            )
        seen.setdefault(key, line.number)
        for other in claim.other_services:
            if other.date_of_service != line.date_of_service:
                continue
            if other.code == line.code:
                who = "the same provider" if other.same_provider else "another member of the team"
                findings.append(
                    Finding(
                        "duplicate_service",
                        ERROR,
                        f"{_line_label(line)}: {line.code} on {line.date_of_service:%m/%d/%Y} is already billed on"
                        f" claim {other.claim_label} by {who}.",
                        "Bill one service for the day (combine the time), or void the other claim.",
                        line.number,
                    )
                )
            elif (
                line.encounter is not None
                and line.code == line.encounter.em_code
                and other.code in core.EM_CODES
                and line.code in core.EM_CODES
                and not line.encounter.unrelated_problem
            ):
                findings.append(
                    Finding(
                        "duplicate_service",
                        WARNING,
                        f"{_line_label(line)}: another visit ({other.code}, claim {other.claim_label}) is billed for"
                        " the patient on the same date; a same-group colleague's second visit is paid only for an"
                        " unrelated problem.",
                        "Combine the visits into one level, or mark the encounter as a separate unrelated problem.",
                        line.number,
                    )
                )
    return findings


# --- Documentation, dates and identifiers ------------------------------------------------------


def necessity_documentation_missing(claim: ClaimFacts) -> list[Finding]:
    """A palliative visit needs documented medical necessity and goals of care.
    Source: SSA §1862(a)(1)(A) (reasonable and necessary); shared/domain.md §1-3."""
    findings = []
    for line in claim.lines:
        enc = line.encounter
        if enc is None or line.code != enc.em_code:
            continue
        missing = [
            name
            for name, present in (
                ("medical necessity", enc.medical_necessity_documented),
                ("goals of care", enc.goals_of_care_documented),
            )
            if not present
        ]
        if missing:
            findings.append(
                Finding(
                    "necessity_documentation_missing",
                    ERROR,
                    f"{_line_label(line)}: the encounter has no {' or '.join(missing)} note.",
                    "Ask the provider to document it on the encounter.",
                    line.number,
                )
            )
    return findings


def timely_filing(claim: ClaimFacts, today: date) -> list[Finding]:
    """A claim received after the payer's filing limit is denied (CO-29) and cannot be appealed.
    Source: 42 CFR 424.44 (Medicare: one calendar year after the line's date of service, rolled to
    the next workday; see medicare_filing_deadline); commercial limits per contract
    (shared/domain.md §6.4)."""
    if claim.frequency_code == "8":
        return []
    findings = []
    for line in claim.lines:
        deadline = filing_deadline(
            payer_type=claim.payer_type,
            timely_filing_days=claim.timely_filing_days,
            date_of_service=line.date_of_service,
        )
        if deadline is None:
            continue
        profile = payer_profile(claim.payer_type, line.date_of_service)
        limit = "one-calendar-year" if profile and profile.calendar_year_filing else f"{claim.timely_filing_days}-day"
        if today > deadline:
            findings.append(
                Finding(
                    "timely_filing",
                    ERROR,
                    f"{_line_label(line)}: the payer's {limit} filing limit passed on {deadline:%m/%d/%Y}.",
                    "Do not send it; write it off unless an exception of 42 CFR 424.44(b) applies."
                    if claim.payer_type == MEDICARE
                    else "Do not send it; write it off unless the payer's contract accepts a late claim.",
                    line.number,
                )
            )
        elif (deadline - today).days <= TIMELY_FILING_WARNING_DAYS:
            findings.append(
                Finding(
                    "timely_filing",
                    WARNING,
                    f"{_line_label(line)}: the filing limit is {deadline:%m/%d/%Y}, {(deadline - today).days} day(s) away.",
                    "Send this claim first.",
                    line.number,
                )
            )
    return findings


def npi_invalid(claim: ClaimFacts) -> list[Finding]:
    """Billing and rendering NPIs must pass the check digit. Source: 45 CFR 162.406; CMS NPI
    check-digit standard (palliative.rules.npi_is_valid)."""
    findings = []
    for label, npi in (("rendering provider", claim.rendering_npi), ("billing practice", claim.billing_npi)):
        if not core.npi_is_valid(npi):
            findings.append(
                Finding(
                    "npi_invalid",
                    ERROR,
                    f"The {label}'s NPI “{npi}” is not a valid NPI (ten digits with a check digit).",
                    "Correct the NPI in the provider or practice settings.",
                )
            )
    return findings


def coverage_not_effective(claim: ClaimFacts) -> list[Finding]:
    """Services after coverage ended (CARC 27) or before it began are denied.
    Source: X12 CARC 26/27 (shared/domain.md §6.1)."""
    if claim.payer_type is None:
        return [
            Finding(
                "coverage_not_effective",
                ERROR,
                "The claim has no insurance coverage to bill.",
                "Add the patient's coverage on the patient page, then rebuild the claim.",
            )
        ]
    findings = []
    for line in claim.lines:
        day = line.date_of_service
        if day < claim.coverage_from or (claim.coverage_to is not None and day > claim.coverage_to):
            findings.append(
                Finding(
                    "coverage_not_effective",
                    ERROR,
                    f"{_line_label(line)}: the coverage was not in force on {day:%m/%d/%Y}.",
                    "Check the patient's insurance for that date and bill the coverage then in force.",
                    line.number,
                )
            )
    return findings


def patient_address_missing(claim: ClaimFacts) -> list[Finding]:
    """The 837P needs the subscriber's address when the patient is the subscriber.
    Source: ASC X12 005010X222A1 loop 2010BA N3/N4."""
    if claim.patient_address_complete:
        return []
    return [
        Finding(
            "patient_address_missing",
            ERROR,
            "The patient's street, city, state or ZIP code is missing.",
            "Complete the address on the patient page.",
        )
    ]


def correction_by_reopening(claim: ClaimFacts) -> list[Finding]:
    """Medicare Part B does not take replacement claims for an adjudicated claim: a clerical
    error is fixed by a reopening, so a replacement (7) is an error naming that route; a void (8)
    is likely rejected too (a warning: cancelling is sometimes asked by the contractor). A claim
    rejected as unprocessable (MA130) was never adjudicated and goes again as a new claim (1).
    Source: 42 CFR 405.980; IOM 100-04 ch.34 §10 and §10.11 (clerical error reopenings)."""
    if claim.frequency_code not in ("7", "8") or not claim.lines:
        return []
    profile = payer_profile(claim.payer_type, claim.lines[0].date_of_service)
    if profile is None or not profile.corrections_by_reopening:
        return []
    replacement = claim.frequency_code == "7"
    return [
        Finding(
            "correction_by_reopening",
            ERROR if replacement else WARNING,
            f"{profile.label} Part B corrects an adjudicated claim by a reopening, not by a"
            f" {'replacement' if replacement else 'void'} claim"
            + ("." if replacement else "; this one is likely to be rejected."),
            "Void this draft and record a reopening on the original claim (Reopenings: telephone, portal or in"
            " writing, IOM 100-04 ch.34 §10); a claim rejected as unprocessable (MA130) is sent again as a new"
            " claim.",
        )
    ]


def reopening_problem(
    *, payer_type: str | None, adjudicated: bool, on: date, unprocessable: bool = False
) -> str | None:
    """Why a reopening cannot be asked for this claim, or None.
    Source: 42 CFR 405.980(a) (reopening revises an initial determination: the claim must have
    been adjudicated); IOM 100-04 ch.34 §10 (Medicare fee-for-service contractors); IOM 100-04
    ch.1 §80.3.2 (a claim returned as unprocessable, MA130, was never adjudicated: it has no
    appeal rights and is sent again as a new claim)."""
    profile = payer_profile(payer_type, on)
    if profile is None or not profile.corrections_by_reopening:
        label = profile.label if profile else "This"
        return f"{label} payers correct claims with a replacement (7) or void (8) claim, not a reopening."
    if unprocessable:
        return "Medicare returned this claim as unprocessable (MA130): it is not reopened; fix it and send it again as a new claim."
    if not adjudicated:
        return "Only a claim Medicare has paid or denied can be reopened; a claim not yet decided is corrected by sending it right."
    return None


def correction_without_payer_number(claim: ClaimFacts) -> list[Finding]:
    """A replacement (7) or void (8) must quote the payer's claim control number: 837P loop
    2300 REF*F8 is required when CLM05-3 is 7 or 8 (ASC X12 005010X222A1 2300 REF "Payer
    Claim Control Number"; NUCC 1500 item 22), and payers reject the correction without it."""
    if claim.frequency_code == "1" or claim.payer_claim_number:
        return []
    return [
        Finding(
            "correction_without_payer_number",
            ERROR,
            "This correction has no payer claim control number; the payer will reject it without one.",
            "Copy the payer's claim number from the remittance onto the claim.",
        )
    ]


def policyholder_relationship_unclear(claim: ClaimFacts) -> list[Finding]:
    """The 837P says who the policyholder is: SBR02 = 18 when it is the patient, otherwise the
    patient loop 2000C with PAT01 (the relationship) and the policyholder's own name in 2010BA
    (ASC X12 005010X222A1 2000B SBR02, 2000C PAT01, X12 code list 1069)."""
    if claim.payer_type is None:
        return []
    is_self = claim.relationship == "18"
    if is_self and claim.subscriber_named:
        message = "The coverage names a policyholder but says the patient is the policyholder."
    elif not is_self and not claim.subscriber_named:
        message = "The coverage says the patient is not the policyholder but does not name the policyholder."
    else:
        return []
    return [
        Finding(
            "policyholder_relationship_unclear",
            ERROR,
            message,
            "On the patient's coverage, set the relationship and the policyholder's name as on the card.",
        )
    ]


def rendering_taxonomy_missing(claim: ClaimFacts) -> list[Finding]:
    """Payers match the rendering provider's taxonomy (837P 2310B PRV*PE*PXC) against the NPI's
    NPPES record; many deny or pay at the wrong rate without it (ASC X12 005010X222A1 2310B
    PRV; NUCC Health Care Provider Taxonomy code set)."""
    if claim.rendering_taxonomy:
        return []
    return [
        Finding(
            "rendering_taxonomy_missing",
            WARNING,
            "The rendering provider has no taxonomy code; the claim is sent without PRV*PE.",
            "Enter the provider's NUCC taxonomy code (as in NPPES) on the provider page.",
        )
    ]


# SBR09 claim filing indicator (X12 code list 1032, as used by ASC X12 005010X222A1 2000B
# SBR09): Medicare Part B MB, Medicaid MC, Medicare Advantage HMO 16 ("HMO Medicare Risk"),
# PPO 12, POS 13, EPO 14, indemnity 15, HMO HM, Blue Cross Blue Shield BL, else CI.
PLAN_FILING_INDICATOR = {"hmo": "HM", "ppo": "12", "pos": "13", "epo": "14", "indemnity": "15", "bcbs": "BL"}


def claim_filing_indicator(payer_type: str | None, plan_type: str = "", *, on: date = date.max) -> str:
    """837P SBR09 for the payer: the payer profile's indicator in force on `on` (MB, MC, 16 for a
    Medicare Advantage HMO), told apart by plan type where the code list does (an MA PPO or POS
    plan, and every commercial plan); CI when nothing is known."""
    if payer_type == MEDICARE_ADVANTAGE and plan_type in {"ppo", "pos"}:
        return PLAN_FILING_INDICATOR[plan_type]
    if payer_type in {MEDICARE, MEDICAID, MEDICARE_ADVANTAGE}:
        profile = payer_profile(payer_type, on)
        if profile is not None:
            return profile.claim_filing_indicator
    return PLAN_FILING_INDICATOR.get(plan_type, "CI")


CLAIM_RULES = [
    acp_time_below_threshold,
    acp_documentation_incomplete,
    acp_performer_not_qualified,
    acp_same_day_as_critical_care,
    acp_modifier_33_without_awv,
    acp_repeated_without_change,
    procedure_code_malformed,
    deleted_code,
    addon_without_primary,
    em_code_not_in_setting,
    em_level_not_supported_by_time,
    time_not_documented,
    prolonged_code_for_wrong_payer,
    prolonged_below_threshold,
    awv_code_for_wrong_payer,
    consultation_code_for_payer,
    new_patient_code_for_established,
    nursing_facility_visit_twice,
    awv_too_soon,
    rendering_credential_cannot_bill,
    em_without_modifier_25,
    g2211_with_modifier_25,
    g2211_missing,
    telehealth_modifier_problem,
    member_id_not_mbi,
    hospice_member_billed_to_plan,
    diagnosis_invalid,
    palliative_sequencing,
    hospice_modifier,
    duplicate_service,
    necessity_documentation_missing,
    npi_invalid,
    coverage_not_effective,
    patient_address_missing,
    correction_by_reopening,
    correction_without_payer_number,
    policyholder_relationship_unclear,
    rendering_taxonomy_missing,
]
DATED_RULES = [timely_filing]
# A void only cancels what the payer has: it needs identifiers, not clinical checks.
VOID_RULES = [
    npi_invalid,
    member_id_not_mbi,
    coverage_not_effective,
    patient_address_missing,
    correction_by_reopening,
    correction_without_payer_number,
    policyholder_relationship_unclear,
]


def run_all(claim: ClaimFacts, *, today: date) -> list[Finding]:
    if claim.frequency_code == "8":
        return [f for rule in VOID_RULES for f in rule(claim)]
    findings = [f for rule in CLAIM_RULES for f in rule(claim)]
    findings += [f for rule in DATED_RULES for f in rule(claim, today)]
    return sorted(findings, key=lambda f: (f.severity != ERROR, f.line or 0))


# --- What the claim builder applies (the same tables the rules check) --------------------------


def claim_diagnosis_order(codes: list[str], setting: str) -> list[str]:
    """The claim's diagnoses: normalised, each once, at most 12, in the documented order
    except that Z51.5 moves behind the underlying condition in hospital care.

    Source: ICD-10-CM tabular Z51 "code also condition requiring care"; AHA Coding Clinic 1Q
    2017 pp. 48-49 (Z51.5 usually not principal inpatient); Palmetto GBA (a Z code may be
    first-listed on professional outpatient claims); 837P HI holds 12 codes.
    """
    ordered: list[str] = []
    for code in codes:
        normalized = core.icd10_normalize(code)
        if normalized and normalized not in ordered:
            ordered.append(normalized)
    if len(ordered) > 1 and ordered[0] == core.PALLIATIVE_ENCOUNTER and core.setting_family(setting) == "hospital":
        ordered[0], ordered[1] = ordered[1], ordered[0]
    return ordered[:12]


def expected_hospice_modifier(*, related: bool, rendering_is_attending: bool, attending_employed: bool) -> str | None:
    """GW for care unrelated to the terminal condition; GV for related care by the designated
    attending who is not employed by the hospice; None when the hospice bills it (Part A).
    Source: Noridian/Novitas GV and GW modifier pages (shared/domain.md §3)."""
    if not related:
        return "GW"
    if rendering_is_attending and not attending_employed:
        return "GV"
    return None


def prolonged_units(*, primary: str, total_minutes: int | None, scheme: str, on: date) -> tuple[str, int] | None:
    """(add-on code, units) earned by `total_minutes` for `primary` under the payer's scheme,
    or None. Source: shared/domain.md §2.2 (full 15-minute units beyond the threshold)."""
    if not total_minutes:
        return None
    for row in PROLONGED:
        if (
            row.primary == primary
            and row.scheme == scheme
            and row.in_force(on)
            and total_minutes >= row.first_unit_minutes
        ):
            return row.code, (total_minutes - row.first_unit_minutes) // row.unit_minutes + 1
    return None


# --- Claim status after the payer's answer -------------------------------------------------------

# Claim statuses as billing.models.Claim.Status names them.
SUBMITTED, PAID, PARTIALLY_PAID, DENIED, APPEALED = "submitted", "paid", "partially_paid", "denied", "appealed"
# Sent to the payer: waiting for its answer or answered. Only these follow the money; a draft,
# ready, replaced or void claim is moved by its own action (mark ready, export, replace, void).
SENT_STATUSES = frozenset({SUBMITTED, PAID, PARTIALLY_PAID, DENIED, APPEALED})

# Where a denial of the claim stands (appeals.models.Denial, seen from billing):
DENIAL_OPEN = "open"  # not worked yet
DENIAL_APPEALING = "appealing"  # an appeal is being drafted or waits for the payer's decision
DENIAL_WON = "won"  # overturned in full (or a timely-filing exception granted): the money is due
DENIAL_WON_IN_PART = "won_in_part"  # partly overturned: some money is due, the rest stays denied
DENIAL_LOST = "lost"  # upheld, not (yet) taken further
DENIAL_CLOSED = "closed"  # resolved outside the claim's money: corrected claim sent, written off
DENIAL_STATES = frozenset({DENIAL_OPEN, DENIAL_APPEALING, DENIAL_WON, DENIAL_WON_IN_PART, DENIAL_LOST, DENIAL_CLOSED})
# These leave money denied on the claim.
_STANDING_AGAINST = frozenset({DENIAL_OPEN, DENIAL_LOST, DENIAL_WON_IN_PART})


@dataclass(frozen=True)
class LineMoney:
    """What has been posted on one claim line, net of reversals."""

    key: int  # the claim line's id
    paid: Decimal
    adjusted: Decimal  # every CAS amount (contractual, patient share, denial)


@dataclass(frozen=True)
class DenialFacts:
    state: str  # one of DENIAL_STATES
    line: int | None  # the claim line's id; None for a denial of the whole claim


def claim_status(
    *,
    status: str,
    lines: Sequence[LineMoney],
    claim_paid: Decimal,
    claim_adjusted: Decimal,
    denials: Sequence[DenialFacts],
) -> str:
    """Where a sent claim stands, from what is posted on it and the state of its denials.

    - A claim that is not sent keeps its status (its own actions move it).
    - Appealed: any denial is under appeal (CMS IOM 100-04 ch. 29 §310: the redetermination
      is pending; the claim's money is not settled until the decision).
    - Submitted: nothing stands from the payer: no payment or adjustment is posted, or every
      one was reversed (X12 835 005010X221A1 CLP02 = 22 negates the original posting) and no
      denial remains open, under appeal, won or lost: the claim waits for the payer's answer.
      A closed denial carries no money of its own; its payment's adjustments do.
    - Paid: adjudicated with nothing denied left: every denial won, corrected or written off.
      Contractual write-downs and the patient's share (CAS groups CO-45, PR-1/2/3) are
      adjustments, not denials, so a claim the deductible absorbed whole is paid.
    - Denied: nothing was paid and denials stand on the whole claim or on every line.
    - Partially paid: denials stand and something was paid, won in part, or left to
      adjustments on a line no denial touches.

    The 835 balances (CLP03 charge = CLP04 paid + every CAS amount, TR3 §1.10.2.1), so the
    payments and adjustments say all the charges would; the charge itself is not needed.
    """
    unknown = {d.state for d in denials} - DENIAL_STATES
    if unknown:
        raise ValueError(f"Unknown denial state(s): {', '.join(sorted(unknown))}")
    if status not in SENT_STATUSES:
        return status
    if any(d.state == DENIAL_APPEALING for d in denials):
        return APPEALED
    standing = [d for d in denials if d.state != DENIAL_CLOSED]
    posted = claim_paid or claim_adjusted or any(line.paid or line.adjusted for line in lines)
    if not posted and not standing:
        return SUBMITTED
    against = [d for d in standing if d.state in _STANDING_AGAINST]
    if not against:
        return PAID
    denied_in_full = {d.line for d in against if d.state != DENIAL_WON_IN_PART}
    every_line_denied = None in denied_in_full or all(line.key in denied_in_full for line in lines)
    won_something = any(d.state == DENIAL_WON_IN_PART for d in against)
    if claim_paid <= 0 and every_line_denied and not won_something:
        return DENIED
    return PARTIALLY_PAID
