"""Front-desk domain rules: identifiers, code sets, E/M families and ACP time.

Pure functions over plain values (no ORM). Each rule cites its source; the facts are gathered
in shared/domain.md. Tables carry effective dates so next year's figures are a data change.
"""

import re
from dataclasses import dataclass
from datetime import date

from anyascii import anyascii

# --- NPI ---------------------------------------------------------------------------------


def npi_is_valid(value: str) -> bool:
    """True when `value` is a well-formed NPI with a correct check digit.

    Source: CMS NPI standard (45 CFR 162.406; 69 FR 3434): 10 digits, the first 1 or 2, the
    last a Luhn mod-10 check digit computed as if the card-issuer prefix 80840 stood in front,
    which adds the constant 24 to the sum.
    """
    if not isinstance(value, str) or not re.fullmatch(r"[12]\d{9}", value):
        return False
    return npi_check_digit(value[:9]) == value[9]


def npi_check_digit(first_nine: str) -> str:
    """The check digit for the first nine digits of an NPI (same source as npi_is_valid)."""
    total = 24
    for position, char in enumerate(reversed(first_nine)):
        digit = int(char)
        if position % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return str((10 - total % 10) % 10)


# --- Medicare beneficiary identifier ----------------------------------------------------------

# Source: CMS "Understanding the Medicare Beneficiary Identifier (MBI) Format" (New Medicare
# Card, MLN; CR 9958): 11 characters; positions 1, 4, 7, 10, 11 numeric (1 is 1-9); 2, 5, 8, 9
# alphabetic; 3 and 6 alphanumeric; letters never S, L, O, I, B or Z. Dashes are printed on the
# card only and are not part of the identifier.
_MBI_ALPHA = "ACDEFGHJKMNPQRTUVWXY"
_MBI = re.compile(
    rf"^[1-9][{_MBI_ALPHA}][{_MBI_ALPHA}0-9][0-9][{_MBI_ALPHA}][{_MBI_ALPHA}0-9][0-9][{_MBI_ALPHA}]{{2}}[0-9]{{2}}$"
)


def mbi_normalize(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "").upper()


def mbi_problem(value: str) -> str | None:
    """Why `value` is not a Medicare beneficiary identifier (MBI), or None when it is one."""
    mbi = mbi_normalize(value)
    if _MBI.match(mbi):
        return None
    if len(mbi) != 11:
        return (
            f"“{value}” is not a Medicare number (MBI): an MBI has 11 letters and digits, like 1EG4-TE5-MK73,"
            " from the patient's red, white and blue Medicare card."
        )
    if set(mbi) & set("SLOIBZ"):
        return f"“{value}” is not a valid MBI: an MBI never contains the letters S, L, O, I, B or Z."
    return (
        f"“{value}” is not a valid MBI: positions 1, 4, 7, 10 and 11 are digits (the first 1-9) and"
        " positions 2, 5, 8 and 9 are letters, like 1EG4-TE5-MK73."
    )


# Payer types whose member id is the MBI: Original Medicare (CR 10913: MBI only on claims from
# 2020-01-01). A Medicare Advantage plan issues its own member ids; an MA member's claims that
# cross to Original Medicare (hospice, 42 CFR 422.320) go on the Medicare coverage, with the MBI.
MBI_PAYER_TYPES = frozenset({"medicare"})


def member_id_problem(payer_type: str | None, member_id: str) -> str | None:
    """Why `member_id` cannot identify a member of a `payer_type` payer, or None."""
    if payer_type in MBI_PAYER_TYPES:
        return mbi_problem(member_id)
    return None


# --- Who may bill what -------------------------------------------------------------------

# Medicare enrolls each credential under its own specialty (CMS-855I specialty codes; 42 CFR
# 410.74-410.76 for NP, CNS, PA; 410.73 for clinical social workers): physicians under a
# physician specialty, each NPP under its own code. RNs and chaplains do not enroll: their work
# is billed incident-to or not at all (billing.rules.CREDENTIAL_CODES says which codes each bills).
PHYSICIAN_SPECIALTIES = frozenset({"17", "11", "08", "38"})
CREDENTIAL_SPECIALTIES = {
    "MD": PHYSICIAN_SPECIALTIES,
    "DO": PHYSICIAN_SPECIALTIES,
    "NP": frozenset({"50"}),
    "PA": frozenset({"97"}),
    "CNS": frozenset({"89"}),
    "LCSW": frozenset({"80"}),
}


def credential_specialty_problem(credentials: str, specialty: str) -> str | None:
    """Why a provider with `credentials` cannot be enrolled (and bill) under `specialty`, or None.
    None for RN and chaplain: they never bill under their own NPI, whatever the specialty."""
    allowed = CREDENTIAL_SPECIALTIES.get(credentials)
    if allowed is None or not specialty or specialty in allowed:
        return None
    return (
        f"A {credentials} bills Medicare under specialty {', '.join(sorted(allowed))}, not {specialty}: choose the"
        " specialty of their Medicare enrollment."
    )


# --- CPT / HCPCS --------------------------------------------------------------------------

# Source: AMA CPT code structure (Category I five digits, II four digits + F, III four digits
# + T); CMS HCPCS Level II (one letter A-V + four digits); modifiers two characters.
_PROCEDURE_CODE = re.compile(r"^(\d{5}|\d{4}[FT]|[A-V]\d{4})$")
_MODIFIER = re.compile(r"^[0-9A-Z]{2}$")


def procedure_code_format_ok(code: str) -> bool:
    """True when `code` has the shape of a CPT (I, II, III) or HCPCS Level II code."""
    return bool(_PROCEDURE_CODE.match(code or ""))


def is_category_ii(code: str) -> bool:
    """CPT Category II (performance measurement) codes, four digits and F, e.g. 1123F/1124F
    (ACP documented, MIPS measure 047). They are reported at $0.00 (or $0.01): CMS Quality
    Payment Program, claims-based reporting ("QDCs ... submitted with a $0.00 charge"); the
    payer answers with CARC 246 / RARC N620, not a denial."""
    return bool(re.fullmatch(r"\d{4}F", code or ""))


def modifier_format_ok(modifier: str) -> bool:
    """True when `modifier` has the shape of a CPT/HCPCS modifier (two letters or digits)."""
    return bool(_MODIFIER.match(modifier or ""))


# --- E/M families by setting --------------------------------------------------------------

OFFICE = "office"
HOME = "home"
ASSISTED_LIVING = "assisted_living"
INPATIENT = "inpatient"
OBSERVATION = "observation"
NURSING_FACILITY = "nursing_facility"
SKILLED_NURSING = "skilled_nursing"
GROUP_HOME = "group_home"
CUSTODIAL_CARE = "custodial_care"
OFF_CAMPUS_OUTPATIENT = "off_campus_hospital"
HOSPICE_FACILITY = "hospice_facility"
EMERGENCY = "emergency"
TELEHEALTH_HOME = "telehealth_home"
TELEHEALTH_ELSEWHERE = "telehealth"
TELEHEALTH_AUDIO = "telehealth_audio"

# Setting -> (label, CMS place-of-service code, E/M family).
# Source: CMS Place of Service code set (02 telehealth provided other than in the patient's
# home, 10 telehealth provided in the patient's home, 11 office, 12 home, 13 assisted living,
# 14 group home, 19 off-campus outpatient hospital, 21 inpatient, 22 on-campus outpatient
# hospital for observation, 23 emergency room - hospital, 31 SNF, 32 nursing facility,
# 33 custodial care facility, 34 hospice: "a facility, other than a patient's home, in which
# palliative and supportive care for terminally ill patients ... are provided").
SETTINGS = {
    OFFICE: ("Outpatient office", "11", "office"),
    HOME: ("Home", "12", "home"),
    ASSISTED_LIVING: ("Assisted living", "13", "home"),
    INPATIENT: ("Hospital inpatient", "21", "hospital"),
    OBSERVATION: ("Hospital observation", "22", "hospital"),
    NURSING_FACILITY: ("Nursing facility", "32", "nursing_facility"),
    SKILLED_NURSING: ("Skilled nursing facility", "31", "nursing_facility"),
    # CPT 2023 "home or residence" visits (99341-99350) cover group homes (14) and custodial care
    # facilities (33); an off-campus provider-based department (19) bills office/outpatient codes.
    GROUP_HOME: ("Group home", "14", "home"),
    CUSTODIAL_CARE: ("Custodial care facility", "33", "home"),
    OFF_CAMPUS_OUTPATIENT: ("Off-campus outpatient hospital", "19", "office"),
    # An inpatient hospice unit is an inpatient stay: the hospital inpatient family (CPT 2023
    # hospital inpatient and observation care guidelines; AAHPM coding FAQ) [secondary source].
    HOSPICE_FACILITY: ("Inpatient hospice facility", "34", "hospital"),
    EMERGENCY: ("Emergency department", "23", "emergency"),
    # Medicare telehealth is billed with the code of the in-person service (office/outpatient
    # E/M) and POS 10 (patient at home) or 02 (elsewhere): CMS PFS CY2024 final rule (88 FR
    # 78874-78876); audio-only only to a patient at home (CMS PFS CY2025 final rule, 42 CFR
    # 410.78(a)(3)). The modifier each payer wants is payer data (billing.rules.PayerProfile).
    TELEHEALTH_HOME: ("Telehealth (video), patient at home", "10", "office"),
    TELEHEALTH_ELSEWHERE: ("Telehealth (video), patient not at home", "02", "office"),
    TELEHEALTH_AUDIO: ("Telehealth (audio only), patient at home", "10", "office"),
}
# How a telehealth setting reaches the patient: "video" (audio and video) or "audio" (audio only).
TELEHEALTH_MODALITY = {TELEHEALTH_HOME: "video", TELEHEALTH_ELSEWHERE: "video", TELEHEALTH_AUDIO: "audio"}

SETTING_CHOICES = [(key, label) for key, (label, _pos, _family) in SETTINGS.items()]


@dataclass(frozen=True)
class EMCode:
    code: str
    family: str
    label: str
    min_minutes: int | None  # None: the code cannot be selected on time
    effective_from: date
    effective_to: date | None = None


_CPT_2021 = date(2021, 1, 1)
_CPT_2023 = date(2023, 1, 1)

# Source: CPT 2021 office E/M revision (AMA, effective 2021-01-01): 99202-99215 chosen by MDM or
# total time on the date, as ranges (99202 15-29 ... 99215 40-54) whose lower bounds are the
# minimums CPT 2024 kept when it dropped the upper bounds ("must be met or exceeded"), so one
# row serves 2021 onward; via shared/domain.md §2.1. Hospital inpatient/observation, nursing facility and home
# families revised 2023. Consultation times: CPT 2023 (99242-99245, 99252-99255).
_EM_ROWS = [
    ("99202", "office", "New patient, straightforward", 15, _CPT_2021),
    ("99203", "office", "New patient, low", 30, _CPT_2021),
    ("99204", "office", "New patient, moderate", 45, _CPT_2021),
    ("99205", "office", "New patient, high", 60, _CPT_2021),
    ("99211", "office", "Established patient, minimal (not time-based)", None, _CPT_2021),
    ("99212", "office", "Established patient, straightforward", 10, _CPT_2021),
    ("99213", "office", "Established patient, low", 20, _CPT_2021),
    ("99214", "office", "Established patient, moderate", 30, _CPT_2021),
    ("99215", "office", "Established patient, high", 40, _CPT_2021),
    ("99242", "office", "Office consultation, straightforward", 20, _CPT_2023),
    ("99243", "office", "Office consultation, low", 30, _CPT_2023),
    ("99244", "office", "Office consultation, moderate", 40, _CPT_2023),
    ("99245", "office", "Office consultation, high", 55, _CPT_2023),
    ("99221", "hospital", "Initial hospital care, low/straightforward", 40, _CPT_2023),
    ("99222", "hospital", "Initial hospital care, moderate", 55, _CPT_2023),
    ("99223", "hospital", "Initial hospital care, high", 75, _CPT_2023),
    ("99231", "hospital", "Subsequent hospital care, low/straightforward", 25, _CPT_2023),
    ("99232", "hospital", "Subsequent hospital care, moderate", 35, _CPT_2023),
    ("99233", "hospital", "Subsequent hospital care, high", 50, _CPT_2023),
    ("99234", "hospital", "Same-day admit/discharge, low", 45, _CPT_2023),
    ("99235", "hospital", "Same-day admit/discharge, moderate", 70, _CPT_2023),
    ("99236", "hospital", "Same-day admit/discharge, high", 85, _CPT_2023),
    ("99238", "hospital", "Discharge day, 30 minutes or less", None, _CPT_2023),
    ("99239", "hospital", "Discharge day, more than 30 minutes", 31, _CPT_2023),
    ("99252", "hospital", "Inpatient consultation, straightforward", 35, _CPT_2023),
    ("99253", "hospital", "Inpatient consultation, low", 45, _CPT_2023),
    ("99254", "hospital", "Inpatient consultation, moderate", 60, _CPT_2023),
    ("99255", "hospital", "Inpatient consultation, high", 80, _CPT_2023),
    ("99304", "nursing_facility", "Initial NF care, low/straightforward", 25, _CPT_2023),
    ("99305", "nursing_facility", "Initial NF care, moderate", 35, _CPT_2023),
    ("99306", "nursing_facility", "Initial NF care, high", 45, _CPT_2023),
    ("99307", "nursing_facility", "Subsequent NF care, straightforward", 10, _CPT_2023),
    ("99308", "nursing_facility", "Subsequent NF care, low", 15, _CPT_2023),
    ("99309", "nursing_facility", "Subsequent NF care, moderate", 30, _CPT_2023),
    ("99310", "nursing_facility", "Subsequent NF care, high", 45, _CPT_2023),
    ("99315", "nursing_facility", "NF discharge, 30 minutes or less", None, _CPT_2023),
    ("99316", "nursing_facility", "NF discharge, more than 30 minutes", 31, _CPT_2023),
    # Emergency department visits are chosen by MDM only (CPT 2023 ED revision removed the
    # time descriptors); the codes predate 2021, where the app's tables begin.
    ("99281", "emergency", "ED visit, may not need a physician (not time-based)", None, _CPT_2021),
    ("99282", "emergency", "ED visit, straightforward (not time-based)", None, _CPT_2021),
    ("99283", "emergency", "ED visit, low (not time-based)", None, _CPT_2021),
    ("99284", "emergency", "ED visit, moderate (not time-based)", None, _CPT_2021),
    ("99285", "emergency", "ED visit, high (not time-based)", None, _CPT_2021),
    ("99341", "home", "Home visit, new patient, straightforward", 15, _CPT_2023),
    ("99342", "home", "Home visit, new patient, low", 30, _CPT_2023),
    ("99344", "home", "Home visit, new patient, moderate", 60, _CPT_2023),
    ("99345", "home", "Home visit, new patient, high", 75, _CPT_2023),
    ("99347", "home", "Home visit, established, straightforward", 20, _CPT_2023),
    ("99348", "home", "Home visit, established, low", 30, _CPT_2023),
    ("99349", "home", "Home visit, established, moderate", 40, _CPT_2023),
    ("99350", "home", "Home visit, established, high", 60, _CPT_2023),
]
# The hospital, observation, nursing-facility, domiciliary, home and consultation codes as they
# stood in 2021-2022, before the CPT 2023 revision deleted some (observation 99217-99220 and
# 99224-99226, 99241/99251, NF 99318, domiciliary 99324-99337, home 99343) and changed the
# others' descriptors (CMS PFS CY2023 final rule, CMS-1770-F, 87 FR 69404, §II.F). Levels were
# chosen by history, examination and MDM, or by time when counselling dominated, against the
# typical time of the descriptor (CPT 2022 E/M guidelines); that typical time is the minimum
# here, so corrections and appeals of 2021-2022 claims are checked by the rules then in force.
_PRE_2023_ROWS = [
    ("99217", "hospital", "Observation discharge (2022 and before)", None),
    ("99218", "hospital", "Initial observation care, low (2022 and before)", 30),
    ("99219", "hospital", "Initial observation care, moderate (2022 and before)", 50),
    ("99220", "hospital", "Initial observation care, high (2022 and before)", 70),
    ("99224", "hospital", "Subsequent observation care, low (2022 and before)", 15),
    ("99225", "hospital", "Subsequent observation care, moderate (2022 and before)", 25),
    ("99226", "hospital", "Subsequent observation care, high (2022 and before)", 35),
    ("99221", "hospital", "Initial hospital care, low (2022 and before)", 30),
    ("99222", "hospital", "Initial hospital care, moderate (2022 and before)", 50),
    ("99223", "hospital", "Initial hospital care, high (2022 and before)", 70),
    ("99231", "hospital", "Subsequent hospital care, low (2022 and before)", 15),
    ("99232", "hospital", "Subsequent hospital care, moderate (2022 and before)", 25),
    ("99233", "hospital", "Subsequent hospital care, high (2022 and before)", 35),
    ("99234", "hospital", "Same-day admit/discharge, low (2022 and before)", 40),
    ("99235", "hospital", "Same-day admit/discharge, moderate (2022 and before)", 50),
    ("99236", "hospital", "Same-day admit/discharge, high (2022 and before)", 55),
    ("99238", "hospital", "Discharge day, 30 minutes or less", None),
    ("99239", "hospital", "Discharge day, more than 30 minutes", 31),
    ("99241", "office", "Office consultation, problem focused (2022 and before)", 15),
    ("99242", "office", "Office consultation, expanded (2022 and before)", 30),
    ("99243", "office", "Office consultation, detailed (2022 and before)", 40),
    ("99244", "office", "Office consultation, comprehensive/moderate (2022 and before)", 60),
    ("99245", "office", "Office consultation, comprehensive/high (2022 and before)", 80),
    ("99251", "hospital", "Inpatient consultation, problem focused (2022 and before)", 20),
    ("99252", "hospital", "Inpatient consultation, expanded (2022 and before)", 40),
    ("99253", "hospital", "Inpatient consultation, detailed (2022 and before)", 55),
    ("99254", "hospital", "Inpatient consultation, comprehensive/moderate (2022 and before)", 80),
    ("99255", "hospital", "Inpatient consultation, comprehensive/high (2022 and before)", 110),
    ("99304", "nursing_facility", "Initial NF care, low (2022 and before)", 25),
    ("99305", "nursing_facility", "Initial NF care, moderate (2022 and before)", 35),
    ("99306", "nursing_facility", "Initial NF care, high (2022 and before)", 45),
    ("99307", "nursing_facility", "Subsequent NF care, straightforward (2022 and before)", 10),
    ("99308", "nursing_facility", "Subsequent NF care, low (2022 and before)", 15),
    ("99309", "nursing_facility", "Subsequent NF care, moderate (2022 and before)", 25),
    ("99310", "nursing_facility", "Subsequent NF care, high (2022 and before)", 35),
    ("99315", "nursing_facility", "NF discharge, 30 minutes or less", None),
    ("99316", "nursing_facility", "NF discharge, more than 30 minutes", 31),
    ("99318", "nursing_facility", "Annual NF assessment (2022 and before)", 30),
    ("99324", "home", "Domiciliary/rest home, new patient, low (2022 and before)", 20),
    ("99325", "home", "Domiciliary/rest home, new patient, low-moderate (2022 and before)", 30),
    ("99326", "home", "Domiciliary/rest home, new patient, moderate (2022 and before)", 45),
    ("99327", "home", "Domiciliary/rest home, new patient, high (2022 and before)", 60),
    ("99328", "home", "Domiciliary/rest home, new patient, unstable (2022 and before)", 75),
    ("99334", "home", "Domiciliary/rest home, established, low (2022 and before)", 15),
    ("99335", "home", "Domiciliary/rest home, established, moderate (2022 and before)", 25),
    ("99336", "home", "Domiciliary/rest home, established, high (2022 and before)", 40),
    ("99337", "home", "Domiciliary/rest home, established, unstable (2022 and before)", 60),
    ("99341", "home", "Home visit, new patient, low (2022 and before)", 20),
    ("99342", "home", "Home visit, new patient, low-moderate (2022 and before)", 30),
    ("99343", "home", "Home visit, new patient, moderate (2022 and before)", 45),
    ("99344", "home", "Home visit, new patient, high (2022 and before)", 60),
    ("99345", "home", "Home visit, new patient, unstable (2022 and before)", 75),
    ("99347", "home", "Home visit, established, low (2022 and before)", 15),
    ("99348", "home", "Home visit, established, low-moderate (2022 and before)", 25),
    ("99349", "home", "Home visit, established, moderate (2022 and before)", 40),
    ("99350", "home", "Home visit, established, high (2022 and before)", 60),
]
EM_CODE_ROWS = [
    *(EMCode(code, fam, label, mins, _CPT_2021, _CPT_2023) for code, fam, label, mins in _PRE_2023_ROWS),
    *(EMCode(code, fam, label, mins, since) for code, fam, label, mins, since in _EM_ROWS),
]
# Each E/M code by its latest row: which codes are E/M at all, and their current descriptors.
# The row in force on a date of service is em_code_on().
EM_CODES = {row.code: row for row in EM_CODE_ROWS}


def _in_force(row: EMCode, on: date) -> bool:
    return row.effective_from <= on and (row.effective_to is None or on < row.effective_to)


def em_code_on(code: str, on: date | None) -> EMCode | None:
    """The E/M row of `code` in force on `on` (the latest row when `on` is None), or None."""
    if on is None:
        return EM_CODES.get(code)
    return next((row for row in EM_CODE_ROWS if row.code == code and _in_force(row, on)), None)


# Source: shared/domain.md rule 13 (CPT 2021 office and CPT 2023 E/M revisions; prolonged
# 99354-99357 deleted 2023 per CBIZ KA Consulting). Code -> (deleted on, what replaced it).
DELETED_EM_CODES = {
    "99201": (date(2021, 1, 1), "use 99202"),
    **{c: (_CPT_2023, "use 99221-99223 or 99231-99236") for c in ("99217", "99218", "99219", "99220")},
    **{c: (_CPT_2023, "use 99231-99233") for c in ("99224", "99225", "99226")},
    "99318": (_CPT_2023, "use 99307-99310"),
    "99343": (_CPT_2023, "use 99341, 99342, 99344 or 99345"),
    **{c: (_CPT_2023, "use the home codes 99341-99345") for c in ("99324", "99325", "99326", "99327", "99328")},
    **{c: (_CPT_2023, "use the home codes 99347-99350") for c in ("99334", "99335", "99336", "99337")},
    "99339": (_CPT_2023, "use 99491 or care-plan oversight rules"),
    "99340": (_CPT_2023, "use 99491 or care-plan oversight rules"),
    **{c: (_CPT_2023, "use 99417/99418 or G2212/G0316-G0318") for c in ("99354", "99355", "99356", "99357")},
}


# Source: IOM 100-04 ch.12 §30.6.7(A); CPT E/M guidelines: a new patient has received no
# professional services from the physician/NPP, or another of the same specialty in the same
# group, within the past three years. New-patient code -> the established code of that level.
NEW_TO_ESTABLISHED = {
    "99202": "99212",
    "99203": "99213",
    "99204": "99214",
    "99205": "99215",
    "99341": "99347",
    "99342": "99348",
    "99344": "99349",
    "99345": "99350",
}


def setting_place_of_service(setting: str) -> str:
    """The CMS place-of-service code for a setting."""
    return SETTINGS[setting][1]


def setting_family(setting: str) -> str:
    return SETTINGS[setting][2]


EM_FAMILY_LABELS = {
    "office": "Office and outpatient",
    "hospital": "Hospital inpatient or observation",
    "nursing_facility": "Nursing facility",
    "home": "Home or residence",
    "emergency": "Emergency department",
}


def em_code_title(code: EMCode) -> str:
    """ "99215 · Established patient, high · 40 min or more" as the E/M list shows it."""
    time = f"{code.min_minutes} min or more" if code.min_minutes else "not chosen by time"
    return f"{code.code} · {code.label} · {time}"


def em_code_choices(on: date) -> list[tuple[str, list[tuple[str, str]]]]:
    """The E/M codes in force on `on`, grouped by setting family (the select's option groups)."""
    groups = []
    for family, label in EM_FAMILY_LABELS.items():
        codes = [(c.code, em_code_title(c)) for c in EM_CODE_ROWS if c.family == family and _in_force(c, on)]
        groups.append((label, codes))
    return groups


def em_codes_for_setting(setting: str, on: date) -> list[EMCode]:
    """E/M codes in the setting's family that are in force on `on`."""
    family = setting_family(setting)
    return [c for c in EM_CODE_ROWS if c.family == family and _in_force(c, on)]


def em_code_problem(code: str, setting: str, on: date) -> str | None:
    """Why `code` cannot be billed for a visit in `setting` on `on`, or None when it can."""
    code = (code or "").strip().upper()
    if not re.fullmatch(r"\d{5}", code):
        return f"“{code}” is not a CPT visit code: E/M codes are five digits, like 99214."
    if code in DELETED_EM_CODES and on >= DELETED_EM_CODES[code][0]:
        deleted_on, instead = DELETED_EM_CODES[code]
        return f"{code} was deleted from CPT on {deleted_on:%m/%d/%Y}; {instead}."
    allowed = {c.code for c in em_codes_for_setting(setting, on)}
    if code not in allowed:
        label = SETTINGS[setting][0].lower()
        if code in EM_CODES:
            return f"{code} is not a visit code for the {label} setting; choose one of {', '.join(sorted(allowed))}."
        return f"{code} is not an E/M visit code; for the {label} setting choose one of {', '.join(sorted(allowed))}."
    return None


def em_time_supports_level(code: str, total_minutes: int | None, on: date | None = None) -> bool | None:
    """True when the documented total time meets the code's minimum on `on` (the current
    descriptor when None; before 2023 the typical time of the 2021-2022 descriptor).

    Source: CPT 2024 E/M guidelines (shared/domain.md §2.1): when the level is selected by
    time, total time on the date must meet or exceed the code's minimum; no midpoint rounding.
    None when the code has no time threshold (it cannot be selected by time).
    """
    info = em_code_on(code, on)
    if info is None or info.min_minutes is None:
        return None
    return total_minutes is not None and total_minutes >= info.min_minutes


# --- Minutes ------------------------------------------------------------------------------

# No single visit, however complex, is documented as more than a working day; anything above
# is a typing slip (e.g. 450 for 45).
MAX_VISIT_MINUTES = 600


def minutes_problem(minutes: int | None) -> str | None:
    if minutes is None:
        return None
    if minutes <= 0:
        return "Minutes must be a positive number."
    if minutes > MAX_VISIT_MINUTES:
        return f"{minutes} minutes is more than ten hours; check the number (was it {minutes // 10}?)."
    return None


# --- Visit documentation ------------------------------------------------------------------


def encounter_documentation_missing(
    *,
    em_code: str,
    diagnosis_codes: list[str],
    medical_necessity_note: str,
    goals_of_care_note: str,
    level_by_time: bool,
    total_minutes: int | None,
) -> list[str]:
    """What the provider still has to document before a visit can be billed.

    Sources: CMS IOM Pub. 100-04, ch. 12, §30.6.1 (medical necessity is the overarching
    criterion for payment, so the note must state it; the claim's diagnoses come from the
    record); CPT 2023 E/M guidelines and IOM 100-04 ch. 12 §30.6.1.B-C (a level chosen by time
    needs the total time on the date documented). The goals-of-care note is the practice's own
    requirement for a palliative visit (shared/domain.md §1). A visit the front desk scheduled
    has no E/M code until its provider chooses the level.
    """
    missing = []
    if not (em_code or "").strip():
        missing.append("E/M code")
    if not diagnosis_codes:
        missing.append("diagnoses")
    if not (medical_necessity_note or "").strip():
        missing.append("medical-necessity note")
    if not (goals_of_care_note or "").strip():
        missing.append("goals-of-care note")
    if level_by_time and not total_minutes:
        missing.append("total time (the level is chosen by time)")
    return missing


# --- Who writes clinical documentation -------------------------------------------------------

# What a visit is made of. "Scheduling" is who sees the patient, on which day, where: what the
# front desk knows before the visit and books. Everything the clinician decides or observes is
# clinical: the level billed, the diagnoses, the time, the notes, whether the visit relates to
# the hospice diagnosis or is a second visit for an unrelated problem.
ENCOUNTER_SCHEDULING_FIELDS = frozenset({"provider", "date_of_service", "setting"})
ENCOUNTER_CLINICAL_FIELDS = frozenset(
    {
        "em_code",
        "level_basis",
        "diagnosis_codes",
        "total_minutes",
        "medical_necessity_note",
        "goals_of_care_note",
        "related_to_hospice",
        "unrelated_problem",
    }
)
# An ACP conversation is clinical through and through except who held it, when, at which visit.
ACP_SCHEDULING_FIELDS = frozenset({"provider", "encounter", "date_of_service"})
ACP_CLINICAL_FIELDS = frozenset(
    {
        "minutes",
        "participants",
        "patient_present",
        "incapacity_note",
        "consent_documented",
        "summary",
        "change_since_last",
        "advance_directive_completed",
        "with_annual_wellness_visit",
        "incident_to",
        "performed_by",
    }
)


def clinical_fields_writable_by(
    *,
    roles: frozenset[str] | set[str],
    is_rendering_provider: bool,
    scheduling: frozenset[str],
    clinical: frozenset[str],
    documented: bool,
) -> frozenset[str]:
    """The fields of a visit or an ACP session a user may write.

    - The rendering provider writes everything of their own record: the documentation is theirs.
    - An admin may write everything, but a clinical change by anyone other than the rendering
      provider needs a reason that is kept with the change (`clinical_change_needs_reason`).
    - The front desk writes the scheduling fields (who, when, where) while the record holds no
      clinical documentation yet; once the clinician has documented it, the date, place and
      clinician are part of what the clinician attested and billed.
    - Anyone else (billing, another provider) writes nothing.

    Sources: HIPAA Security Rule, 45 CFR 164.312(a)(1) (access control: each workforce member
    reaches only what their role needs) and 164.312(c)(1) (integrity: protect ePHI from
    improper alteration); CMS IOM 100-08 ch. 3 §3.3.2.5 (amendments, corrections and delayed
    entries are made by the author, clearly identified, dated and signed; the original is not
    obscured). Plain role names in, field names out.
    """
    if is_rendering_provider or "admin" in roles:
        return scheduling | clinical
    if "front_desk" in roles and not documented:
        return scheduling
    return frozenset()


def clinical_change_needs_reason(*, is_rendering_provider: bool) -> bool:
    """Whether a clinical change must carry a reason: when someone other than the rendering
    provider (an admin) changes it, the record must say who and why (IOM 100-08 ch. 3
    §3.3.2.5: a correction states its reason and its author; 45 CFR 164.312(b) audit)."""
    return not is_rendering_provider


# django-simple-history keeps a change reason in a 100-character column.
CHANGE_REASON_MAX_LENGTH = 100


def clinical_fields_refused_message(fields: list[str], *, provider_name: str) -> str:
    """What a clerk reads when a change touches fields that are not theirs to write."""
    labels = ", ".join(CLINICAL_FIELD_LABELS.get(field, field.replace("_", " ")) for field in sorted(fields))
    return (
        f"Only the visit's provider ({provider_name}) can change {labels}; "
        "ask them to document it, or an admin with a reason."
    )


CLINICAL_FIELD_LABELS = {
    "provider": "the provider",
    "date_of_service": "the date of service",
    "setting": "the setting",
    "encounter": "the visit",
    "em_code": "the E/M code",
    "level_basis": "how the level is chosen",
    "diagnosis_codes": "the diagnoses",
    "total_minutes": "the total time",
    "medical_necessity_note": "the medical-necessity note",
    "goals_of_care_note": "the goals-of-care note",
    "related_to_hospice": "the hospice relation",
    "unrelated_problem": "the unrelated-problem mark",
    "minutes": "the ACP minutes",
    "participants": "who was present",
    "patient_present": "whether the patient was present",
    "incapacity_note": "why the patient could not take part",
    "consent_documented": "the consent",
    "summary": "the discussion summary",
    "change_since_last": "the change since the last ACP",
    "advance_directive_completed": "the advance directive mark",
    "with_annual_wellness_visit": "the wellness-visit mark",
    "incident_to": "the incident-to mark",
    "performed_by": "who performed it",
}


# --- Advance care planning ------------------------------------------------------------------

ACP_FIRST_CODE = "99497"
ACP_ADDON_CODE = "99498"
ACP_FIRST_UNIT_MINUTES = 16
ACP_ADDON_FIRST_MINUTES = 46
ACP_UNIT_MINUTES = 30


def acp_billing_units(minutes: int) -> dict[str, int]:
    """Billable ACP units for `minutes` of face-to-face time.

    Source: CMS ACP FAQ Q1 (CMS applies CPT's time rules; a unit counts once its midpoint is
    passed): 99497 from 16 minutes; +99498 x1 from 46, x2 from 76, one more every 30 minutes
    after (shared/domain.md §1 and validator rules 1-2). Negative minutes are a programming or
    data error, never "not billable": ValueError.
    """
    if minutes < 0:
        raise ValueError(f"ACP minutes cannot be negative ({minutes}).")
    if minutes < ACP_FIRST_UNIT_MINUTES:
        return {}
    units = {ACP_FIRST_CODE: 1}
    if minutes >= ACP_ADDON_FIRST_MINUTES:
        units[ACP_ADDON_CODE] = (minutes - ACP_ADDON_FIRST_MINUTES) // ACP_UNIT_MINUTES + 1
    return units


# Source: CMS PFS CY2016 final rule (80 FR 70955-70959): ACP may be furnished by clinical staff
# incident-to under the billing physician's/NPP's direct supervision; 42 CFR 410.26(a)-(b) and
# IOM 100-02 ch.15 §60.1-60.2: incident-to exists only in the office or the patient's home, never
# in a hospital or SNF/NF (facility) setting.
INCIDENT_TO_FAMILIES = frozenset({"office", "home"})


def acp_incident_to_problem(*, setting: str, performed_by: str, supervisor_credentials: str) -> str | None:
    """Why an ACP given by clinical staff cannot be billed incident-to, or None."""
    if setting_family(setting) not in INCIDENT_TO_FAMILIES:
        return (
            f"ACP by clinical staff cannot be billed incident-to in a {SETTINGS[setting][0].lower()}: only in the"
            " office or the patient's home."
        )
    if not (performed_by or "").strip():
        return "Record which staff member held the ACP conversation (incident-to)."
    if supervisor_credentials not in {"MD", "DO", "NP", "PA", "CNS"}:
        return f"A {supervisor_credentials} cannot supervise incident-to ACP: a physician or NPP must supervise and bill it."
    return None


def acp_documentation_missing(
    *,
    consent_documented: bool,
    participants: str,
    summary: str,
    minutes: int | None,
    patient_present: bool,
    incapacity_note: str,
) -> list[str]:
    """Elements an ACP note lacks before it can be billed.

    Source: CMS ACP FAQ (via AAPC) and CMS Q&A March 2016 (shared/domain.md §1 and validator
    rule 4): voluntary consent, who was present, face-to-face time and what was discussed;
    when the patient is absent, a statement that the patient cannot take part.
    """
    missing = []
    if not consent_documented:
        missing.append("the patient's or surrogate's agreement to the discussion (it is voluntary)")
    if not (participants or "").strip():
        missing.append("who was present")
    if not minutes:
        missing.append("face-to-face minutes")
    if not (summary or "").strip():
        missing.append("a summary of what was discussed")
    if not patient_present and not (incapacity_note or "").strip():
        missing.append("why the patient could not take part (required when the patient is absent)")
    return missing


def acp_billable(*, minutes: int | None, documentation_missing: list[str]) -> bool:
    """An ACP session can go on a claim: a complete note and time for at least 99497.

    Source: as acp_billing_units (16 minutes, CMS ACP FAQ Q1) and acp_documentation_missing.
    """
    return bool(minutes and minutes >= ACP_FIRST_UNIT_MINUTES) and not documentation_missing


# --- ICD-10-CM ----------------------------------------------------------------------------

# Code sets by fiscal year live in palliative/icd10.py (database rows loaded from CMS's order
# files, and the FY2026 set bundled with simple-icd-10-cm as the default).
_ICD10_FORMAT = re.compile(r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")
PALLIATIVE_ENCOUNTER = "Z51.5"


def icd10_normalize(code: str) -> str:
    """Upper case, no spaces, a dot after the third character when there are more."""
    from . import icd10

    return icd10.normalize(code)


def icd10_problem(code: str, on: date | None = None) -> str | None:
    """Why `code` cannot go on a claim for a service on `on`, or None when it is billable then.

    Source: ICD-10-CM Official Guidelines I.A and I.B (3-7 characters, letter first; report
    the most specific code: a category with subcodes is not billable); the code set of the
    fiscal year of `on` (palliative.icd10; the default set when `on` is None). When no set is
    loaded for that year only a heading of the default set is refused (it cannot have become
    billable); anything else is left to the warnings of icd10_code_set_warnings.
    """
    from . import icd10

    normalized = icd10_normalize(code)
    if not _ICD10_FORMAT.match(normalized):
        return f"“{code}” is not an ICD-10-CM code: it starts with a letter and a digit, like C34.90 or Z51.5."
    try:
        entry = icd10.lookup(normalized, on)
    except icd10.NoCodeSet:
        # A heading stays a heading in later years (subcodes are added, not taken away), so that
        # verdict of the default set holds; "not in the set" may be a new code: a warning only.
        entry = icd10.lookup(normalized)
        if entry is None or entry.billable:
            return None
    if entry is None:
        return f"{normalized} is not in the {icd10.code_set_label(on)} code set."
    if not entry.billable:
        return f"{normalized} ({entry.description}) is a heading, not billable: choose a more specific code under it."
    return None


def icd10_code_set_missing(on: date) -> str | None:
    """A warning when no ICD-10-CM set is loaded for the fiscal year of `on`, or None."""
    from . import icd10

    if icd10.code_set_label(on) is not None:
        return None
    year = icd10.fiscal_year(on)
    return (
        f"No ICD-10-CM code set is loaded for FY{year} (dates {date(year - 1, 10, 1):%m/%d/%Y}-{date(year, 9, 30):%m/%d/%Y}):"
        f" the diagnoses could not be checked. Load CMS's FY{year} order file (manage.py load_icd10cm"
        f" icd10cm_order_{year}.txt --fiscal-year {year})."
    )


def icd10_code_set_warnings(codes: list[str], on: date) -> list[str]:
    """Warnings for diagnoses on a date whose fiscal year has no loaded set: that no set is
    loaded, and each code the default (bundled) set does not know (it may be new that year)."""
    missing = icd10_code_set_missing(on)
    if missing is None or not codes:
        return []
    from . import icd10

    unknown = [
        f"{icd10_normalize(code)} is not in the {icd10.BUNDLED_LABEL} set; FY{icd10.fiscal_year(on)} is not loaded,"
        " so check it is valid for that year."
        for code in codes
        if _ICD10_FORMAT.match(icd10_normalize(code)) and icd10.lookup(code) is None
    ]
    return [missing, *unknown]


def icd10_description(code: str, on: date | None = None) -> str:
    from . import icd10

    return icd10.description(code, on)


# Status and history Z codes describe the patient, not a condition that needs care, so they do
# not satisfy Z51's "code also condition requiring care". Source: ICD-10-CM Official Guidelines
# I.C.21.c.3 (status: Z14-Z15, Z16, Z17, Z18, Z21, Z22, Z28.3, Z33.1, Z66, Z67, Z68, Z74.0-,
# Z78, Z79, Z88, Z89, Z90, Z91.0-, Z91.1-, Z91.81, Z91.85, Z93, Z94, Z95, Z96, Z97, Z98, Z99)
# and I.C.21.c.4 (history: Z80-Z87, Z91.4-, Z91.5-, Z91.8-, Z92). Category prefixes suffice:
# the few categories split between status and risk (Z91) are all non-conditions here.
NON_CONDITION_PREFIXES = (
    tuple(f"Z{n:02d}" for n in (14, 15, 16, 17, 18, 21, 22, 66, 67, 68, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89))
    + tuple(f"Z{n}" for n in range(90, 100))
    + ("Z28.3", "Z33.1", "Z74.0")
)


def icd10_is_condition(code: str) -> bool:
    """False for encounter (Z51.x), status and history codes; True for a diagnosis or symptom."""
    normalized = icd10_normalize(code)
    return not (normalized.startswith("Z51") or normalized.startswith(NON_CONDITION_PREFIXES))


def palliative_sequencing_problems(codes: list[str], setting: str) -> tuple[list[str], list[str]]:
    """(errors, warnings) for the place of Z51.5 among the diagnoses.

    Source: ICD-10-CM tabular, category Z51 "Code also condition requiring care" — Z51.5 never
    stands alone; AHA Coding Clinic 1Q 2017 pp. 48-49 — in inpatient care Z51.5 is usually not
    the principal diagnosis (shared/domain.md §3, validator rules 22-23).
    """
    errors, warnings = [], []
    if PALLIATIVE_ENCOUNTER not in codes:
        return errors, warnings
    if len(codes) == 1:
        errors.append(
            "Z51.5 (palliative care) cannot be the only diagnosis: add the condition that needs palliative care, e.g. C34.90."
        )
    elif not any(icd10_is_condition(code) for code in codes if code != PALLIATIVE_ENCOUNTER):
        others = ", ".join(code for code in codes if code != PALLIATIVE_ENCOUNTER)
        errors.append(
            f"Z51.5 (palliative care) needs the condition that requires the care; {others} only describe a status or"
            " history (DNR, dependence on a machine, risk factors...). Add the illness, e.g. C34.90 or I50.9."
        )
    elif codes[0] == PALLIATIVE_ENCOUNTER and setting_family(setting) == "hospital":
        warnings.append(
            "In hospital inpatient care Z51.5 is usually not the principal diagnosis: list the condition that led to admission first unless palliative care was the documented reason for admission."
        )
    return errors, warnings


# --- Finding patients ---------------------------------------------------------------------
# Clerks type names as they hear them: without accents, in any case, with or without the
# apostrophe or hyphen, surname first or last. Names are compared in one folded form:
# transliterated to ASCII (anyascii: "Nguyễn" → "nguyen", "Søren" → "soren"), case-folded,
# apostrophes dropped ("O’Brien" → "obrien") and every other mark a word break.

_APOSTROPHES = re.compile(r"['`´ʼ‘’]")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def search_fold(text: str) -> str:
    """`text` as lower-case ASCII words separated by single spaces."""

    ascii_text = anyascii(_APOSTROPHES.sub("", text or "")).casefold()
    return _NOT_WORD.sub(" ", _APOSTROPHES.sub("", ascii_text)).strip()


def patient_search_name(first_name: str, last_name: str) -> str:
    """The folded words a patient is found by, each between spaces: " zoe obrien nguyen obriennguyen ".

    A compound surname is also kept joined, so "obriennguyen" and "vanderberg" find it too.
    """
    words = search_fold(f"{first_name} {last_name}").split()
    surname = search_fold(last_name).split()
    if len(surname) > 1:
        words.append("".join(surname))
    return f" {' '.join(dict.fromkeys(words))} "


def search_mrn(mrn: str) -> str:
    """An MRN as it is compared: letters and digits only, lower case ("RB-10001" → "rb10001")."""
    return search_fold(mrn).replace(" ", "")


_DATE_SHAPES = [
    # month/day/year as US clerks write it, with any separator: 11/02/1948, 11-2-48, 11.02.1948
    (re.compile(r"^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4}|\d{2})$"), ("m", "d", "y")),
    # ISO 8601: 1948-11-02
    (re.compile(r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})$"), ("y", "m", "d")),
    # digits only: 19481102 (year first) or 11021948, 110248 (month first)
    (re.compile(r"^((?:18|19|20)\d{2})(\d{2})(\d{2})$"), ("y", "m", "d")),
    (re.compile(r"^(\d{2})(\d{2})(\d{4}|\d{2})$"), ("m", "d", "y")),
]
OLDEST_BIRTH_YEAR = 1880


def parse_date_of_birth(text: str, *, today: date) -> date | None:
    """The date of birth `text` spells, or None when it is not one.

    US order (month first) unless the year leads. A two-digit year is the latest one not
    after `today` ("48" → 1948, "05" → 2005). A birth date is never in the future.
    """
    text = (text or "").strip()
    for pattern, order in _DATE_SHAPES:
        match = pattern.match(text)
        if not match:
            continue
        parts = dict(zip(order, (int(group) for group in match.groups()), strict=True))
        year = parts["y"]
        if len(match.group(order.index("y") + 1)) == 2:
            year += 2000 if 2000 + year <= today.year else 1900
        try:
            born = date(year, parts["m"], parts["d"])
        except ValueError:
            continue
        if born.year >= OLDEST_BIRTH_YEAR and born <= today:
            return born
    return None


@dataclass(frozen=True)
class PatientQuery:
    """What a search box's text asks for: name words, birth dates and a possible MRN."""

    words: tuple[str, ...]
    dates_of_birth: tuple[date, ...]
    mrn: str

    @property
    def joined(self) -> str:
        """The name words typed apart that belong together ("o brien" → "obrien")."""
        return "".join(self.words) if len(self.words) > 1 else ""


def patient_query(text: str, *, today: date) -> PatientQuery:
    """Split a search box's text into name words, dates of birth and an MRN.

    "O'Brien-Nguyen, Zoe", "zoe obrien", "nguyen 11/02/1948", "11021948" and "RB-10001" all
    work: a piece that reads as a date of birth is one, the rest are name words; the whole
    text, squeezed, may also be an MRN.
    """
    text = (text or "").strip()
    whole_date = parse_date_of_birth(text, today=today)
    if whole_date:
        return PatientQuery(words=(), dates_of_birth=(whole_date,), mrn=search_mrn(text))
    words, dates = [], []
    for piece in re.split(r"[\s,;]+", text):
        born = parse_date_of_birth(piece, today=today)
        if born:
            dates.append(born)
        else:
            words.extend(search_fold(piece).split())
    return PatientQuery(words=tuple(words), dates_of_birth=tuple(dates), mrn=search_mrn(text))


def _alike(a: str, b: str) -> bool:
    from difflib import SequenceMatcher

    return bool(a and b) and (a == b or SequenceMatcher(None, a, b).ratio() >= 0.8)


def _surnames_alike(a: str, b: str) -> bool:
    a_words, b_words = search_fold(a).split(), search_fold(b).split()
    return bool(set(a_words) & set(b_words)) or _alike("".join(a_words), "".join(b_words))


def _first_names_alike(a: str, b: str) -> bool:
    a, b = search_fold(a).replace(" ", ""), search_fold(b).replace(" ", "")
    # "Bob" for "Robert" is beyond us, but "Liz"/"Elizabeth" no: same initial and a prefix
    # ("Rob"/"Robert") or a typo ("Jon"/"John") are the usual second registrations.
    return bool(a and b) and (a.startswith(b) or b.startswith(a) or _alike(a, b))


def names_look_alike(first_a: str, last_a: str, first_b: str, last_b: str) -> bool:
    """Whether two patients' names are close enough, with the same date of birth, to be one person.

    Source: The Joint Commission NPSG.01.01.01 (two identifiers, name and date of birth) and
    AHIMA "Fundamentals for building a master patient index" (2010): duplicate candidates are
    the same birth date with a matching or near-matching name, including surname and given name
    entered the wrong way round, accents dropped and one half of a compound surname.
    """
    same_order = _surnames_alike(last_a, last_b) and _first_names_alike(first_a, first_b)
    swapped = _surnames_alike(last_a, first_b) and _first_names_alike(first_a, last_b)
    return same_order or swapped


# Words clinicians type that the code titles spell out. Source: ICD-10-CM Alphabetic Index to
# Diseases ("Cancer — see Neoplasm, by site, malignant"; "Carcinoma — see Neoplasm, by site,
# malignant"; "Metastasis — see Neoplasm, secondary") and the usual abbreviations for the
# conditions palliative practices see most (CHF, COPD, CKD, ESRD, ALS, CVA, HF).
ICD10_SEARCH_SYNONYMS = {
    "ca": ("malignant neoplasm",),
    "cancer": ("malignant neoplasm",),
    "carcinoma": ("malignant neoplasm", "carcinoma"),
    "mets": ("secondary",),
    "metastatic": ("secondary",),
    "chf": ("heart failure",),
    "hf": ("heart failure",),
    "copd": ("chronic obstructive pulmonary",),
    "ckd": ("chronic kidney disease",),
    "esrd": ("end stage renal",),
    "als": ("amyotrophic lateral sclerosis",),
    "cva": ("cerebral infarction",),
    "alzheimers": ("alzheimer",),
    # Adjectives typed for the organ the titles name (ICD-10-CM titles say "of pancreas").
    "pancreatic": ("pancreas",),
    "hepatic": ("liver",),
    "renal": ("kidney",),
    "cardiac": ("heart",),
}


def icd10_search_alternatives(word: str) -> tuple[str, ...]:
    """The folded phrases one typed word may stand for in a code title (itself first)."""
    return (word, *ICD10_SEARCH_SYNONYMS.get(word, ()))


# Words in a code title that turn the words after them into what the patient does not have
# ("Hypertensive heart disease without heart failure").
ICD10_NEGATIONS = ("without", "not", "no", "except")

# Title words that make a different code from the condition typed, unless typed themselves:
# a secondary (metastatic) site, a transplant's failure, a donor, a history or screening
# encounter, a genetic susceptibility, a skin cancer of the site, a reaction to a procedure,
# a manifestation coded "in diseases classified elsewhere" (never first-listed,
# ICD-10-CM Official Guidelines I.A.13), pregnancy and newborn chapters, poisoning.
# fmt: off
ICD10_OTHER_CONDITION_WORDS = frozenset({
    "secondary", "transplant", "donor", "history", "screening", "contact", "exposure", "sequela",
    "sequelae", "elsewhere", "pregnancy", "childbirth", "puerperium", "maternal", "newborn",
    "neonatal", "fetal", "poisoning", "underdosing", "benign", "skin", "melanoma",
    "susceptibility", "reaction",
})
# fmt: on


def icd10_text_rank(words: list[str], title_words: str) -> tuple[int, int, int, int, int] | None:
    """Where a code title (folded, each word between spaces) ranks for the typed words, lower
    first; None when a typed word is missing from the title.

    Best first: every word whole before a word matched only by its start; the condition named
    before the condition negated ("heart failure" before "... without heart failure"); a title
    that opens with the first typed word ("Heart failure, unspecified" before "Rheumatic heart
    failure"); a title without a word that makes it another condition (ICD10_OTHER_CONDITION_WORDS:
    "lung ca" finds the primary lung cancers before the secondary ones); then the shorter, more
    general title. Ties keep code order.
    """
    partial = 0
    negated = 0
    for word in words:
        alternatives = icd10_search_alternatives(word)
        found = [title_words.find(f" {alt} ") for alt in alternatives if f" {alt} " in title_words]
        if not found:
            found = [title_words.find(f" {alt}") for alt in alternatives if f" {alt}" in title_words]
            if not found:
                return None
            partial = 1
        before = title_words[: min(found)].split()
        if before and any(negation in before[-3:] for negation in ICD10_NEGATIONS):
            negated = 1
    title = title_words.split()
    other_condition = int(any(word in ICD10_OTHER_CONDITION_WORDS and word not in words for word in title))
    opens_with_first = any(title_words.startswith(f" {alt}") for alt in icd10_search_alternatives(words[0]))
    return (partial, negated, other_condition, 0 if opens_with_first else 1, len(title))
