"""The demo practice: fictional staff, providers, payers, ~50 patients and their care.

Every name, number and note here is made up. The NPIs are valid check-digit numbers.
"""

import random
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import Group
from django.db import models
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.crypto import get_random_string
from simple_history.utils import bulk_create_with_history

from . import rules
from .models import ACPSession, Coverage, Encounter, HospiceElection, Patient, Payer, Provider, Role, User, role_group

DEMO_PASSWORD = "palliative-demo"

STAFF = [
    ("frontdesk", "Fran", "Desmond", Role.FRONT_DESK),
    ("billing", "Bill", "Ortega", Role.BILLING),
    ("admin", "Ada", "Minter", Role.ADMIN),
]

PROVIDERS = [
    ("dr.reyes", "Elena", "Reyes", "MD", "17"),
    ("dr.okafor", "Samuel", "Okafor", "DO", "17"),
    ("np.lindqvist", "Maria", "Lindqvist", "NP", "50"),
    ("pa.chen", "David", "Chen", "PA", "97"),
    ("sw.patel", "Anita", "Patel", "LCSW", "80"),
]
# NUCC taxonomy by credential: 207RH0002X internal medicine, hospice and palliative medicine;
# 363L00000X nurse practitioner; 363A00000X physician assistant; 1041C0700X clinical social worker.
DEMO_TAXONOMY = {"MD": "207RH0002X", "DO": "207RH0002X", "NP": "363L00000X", "PA": "363A00000X", "LCSW": "1041C0700X"}

PAYERS = [
    ("Medicare Part B", "medicare", "12502", 365, 14),
    ("Illinois Medicaid", "medicaid", "77046", 180, 14),
    ("Blue Cross Blue Shield of Illinois", "commercial", "00621", 180, 14),
    ("Aetna", "commercial", "60054", 120, 10),
    ("UnitedHealthcare", "commercial", "87726", 90, 21),
]

FIRST = {
    "F": [
        "Margaret",
        "Dolores",
        "Evelyn",
        "Ruth",
        "Irene",
        "Mabel",
        "Gladys",
        "Bernice",
        "Lorraine",
        "Beatrice",
        "Yolanda",
        "Mei",
        "Priya",
        "Sofia",
        "Aiyana",
        "Rosa",
    ],
    "M": [
        "Harold",
        "Walter",
        "Frank",
        "George",
        "Louis",
        "Arthur",
        "Eugene",
        "Ralph",
        "Clarence",
        "Howard",
        "Tomas",
        "Ahmed",
        "Kwame",
        "Dmitri",
    ],
}
LAST = [
    "Whitfield",
    "Abernathy",
    "Castellano",
    "Nakamura",
    "Oyelaran",
    "Pemberton",
    "Quintero",
    "Rasmussen",
    "Szabo",
    "Thibodeaux",
    "Underwood",
    "Vasquez",
    "Wojcik",
    "Yamamoto",
    "Zielinski",
    "Ferreira",
    "Galloway",
    "Haddad",
    "Ivanova",
    "Jablonski",
    "Kowalczyk",
    "Lindgren",
    "Moreau",
    "Novak",
    "Okonkwo",
]
CITIES = [("Springfield", "62701"), ("Chatham", "62629"), ("Rochester", "62563"), ("Sherman", "62684")]

# (underlying condition, symptoms) — codes checked against the ICD-10-CM table by the tests.
CONDITIONS = [
    ("C34.90", ["R06.00", "R52"]),
    ("C25.9", ["R63.0", "R11.0"]),
    ("I50.9", ["R06.00"]),
    ("J44.9", ["R06.00"]),
    ("G30.9", ["R63.0"]),
    ("N18.6", ["R53.83"]),
    ("G12.21", ["R13.10"]),
    ("C50.919", ["R52"]),
    ("C61", ["R52"]),
    ("K74.60", ["R18.8"]),
    ("C18.9", ["R63.4"]),
    ("C71.9", ["R51.9"]),
]

CODES_BY_SETTING = {
    rules.OFFICE: ["99204", "99205", "99213", "99214", "99215"],
    rules.HOME: ["99344", "99345", "99348", "99349", "99350"],
    rules.INPATIENT: ["99223", "99232", "99233", "99254"],
    rules.NURSING_FACILITY: ["99306", "99309", "99310"],
}

GOALS = [
    "Patient wishes to remain at home with family; focus on comfort. Full code discussed, patient chose DNR.",
    "Goals are to control pain and breathlessness and attend granddaughter's wedding in spring.",
    "Family hopes for more time; patient prioritises staying out of hospital. Revisit after next scan.",
    "Comfort-focused care; continue dialysis for now, reassess if hospitalised again.",
]
NECESSITY = [
    "Uncontrolled pain despite opioid titration; requires palliative medication management and symptom review.",
    "Progressive dyspnoea at rest, frequent ED visits; palliative visit needed for symptom control and care planning.",
    "Advanced illness with weight loss and fatigue; complex symptom burden requires specialist palliative input.",
]
ACP_SUMMARIES = [
    "Discussed prognosis, values and what matters most. Explained health-care power of attorney and POLST; patient named daughter as agent.",
    "Reviewed code status and hospitalisation preferences; patient prefers no intubation. POLST completed and signed.",
    "Explained advance directives and options for life-sustaining treatment; patient undecided, will discuss with family.",
]


def seed(*, rng: random.Random, today: date) -> dict:
    groups = {role: role_group(role) for role in Role.values}
    logins = {}
    for username, first, last, role in STAFF:
        user = _user(username, first, last, groups[role], superuser=(role == Role.ADMIN))
        logins[username] = role
    providers = []
    for index, (username, first, last, credentials, specialty) in enumerate(PROVIDERS):
        user = _user(username, first, last, groups[Role.PROVIDER])
        logins[username] = Role.PROVIDER
        npi = _npi(100000001 + index * 7919)
        provider, _ = Provider.objects.get_or_create(
            user=user,
            defaults=dict(
                first_name=first,
                last_name=last,
                credentials=credentials,
                specialty=specialty,
                npi=npi,
                taxonomy_code=DEMO_TAXONOMY.get(credentials, ""),
                license_number=f"0{36 + index}-{100200 + index * 37}",
                license_state="IL",
                phone="2175550110",
            ),
        )
        providers.append(provider)
    payers = [
        Payer.objects.get_or_create(
            name=name, defaults=dict(payer_type=kind, payer_id=pid, timely_filing_days=tf, letter_follow_up_days=fu)
        )[0]
        for name, kind, pid, tf, fu in PAYERS
    ]
    clinicians = [p for p in providers if p.can_bill_em]
    frontdesk = User.objects.get(username="frontdesk")

    patients, coverages = [], []
    for index in range(50):
        sex = rng.choice("FM")
        first, last = rng.choice(FIRST[sex]), LAST[index % len(LAST)]
        city, zip_code = rng.choice(CITIES)
        age = rng.randint(45, 96) if index % 10 else rng.randint(8, 17)
        dob = today - timedelta(days=age * 365 + rng.randint(0, 364))
        patient = Patient(
            first_name=first,
            last_name=last,
            date_of_birth=dob,
            sex=sex,
            mrn=f"RB{10001 + index}",
            phone=f"217555{1000 + index:04d}",
            email=f"{first.lower()}.{last.lower()}@example.org",
            address_line1=f"{rng.randint(10, 999)} {rng.choice(['Oak', 'Maple', 'Elm', 'Walnut'])} Street",
            city=city,
            state="IL",
            zip_code=zip_code,
            proxy_name=f"{rng.choice(FIRST['F'] + FIRST['M'])} {last}" if rng.random() < 0.7 else "",
            proxy_relationship=rng.choice(["daughter", "son", "spouse", "niece"]),
        )
        payer = payers[0] if age >= 65 else rng.choice(payers[1:])
        coverages.append(
            Coverage(
                patient=patient,
                payer=payer,
                member_id=_demo_member_id(rng.randint(1, 9), rng.randint(1000, 9999), rng.randint(10, 99)),
                group_number="" if payer.payer_type != "commercial" else f"GRP{rng.randint(100, 999)}",
                effective_from=today - timedelta(days=900),
                priority=Coverage.Priority.PRIMARY,
            )
        )
        if payer.payer_type == "medicare" and rng.random() < 0.3:
            coverages.append(
                Coverage(
                    patient=patient,
                    payer=payers[2],
                    member_id=f"XYZ{rng.randint(100000, 999999)}",
                    effective_from=today - timedelta(days=900),
                    priority=Coverage.Priority.SECONDARY,
                )
            )
        patients.append(patient)
    # One INSERT per table (and one for its history) instead of one per row: seeding is what
    # `bin/start` spends its first minute on. History rows are still written, as save() would.
    _bulk(Patient, patients)
    _bulk(Coverage, coverages)

    hospice_patients = patients[:8]
    elections = []
    for index, patient in enumerate(hospice_patients):
        elections.append(
            HospiceElection(
                patient=patient,
                start_date=today - timedelta(days=rng.randint(30, 150)),
                agency_name=rng.choice(["Prairie Hospice", "Lincoln Land Hospice"]),
                attending=clinicians[index % len(clinicians)] if index % 3 else None,
                attending_employed_by_hospice=index == 4,
                terminal_diagnosis=CONDITIONS[index % len(CONDITIONS)][0],
            )
        )
    _bulk(HospiceElection, elections)

    encounters = []
    for patient in patients:
        condition, symptoms = rng.choice(CONDITIONS)
        for _visit in range(rng.randint(3, 8)):
            setting = rng.choice(list(CODES_BY_SETTING))
            code = rng.choice(CODES_BY_SETTING[setting])
            minimum = rules.EM_CODES[code].min_minutes
            day = today - timedelta(days=rng.randint(1, 330))
            undocumented = rng.random() < 0.06
            encounter = Encounter(
                patient=patient,
                provider=rng.choice(clinicians),
                date_of_service=day,
                setting=setting,
                em_code=code,
                level_basis=Encounter.LevelBasis.TIME,
                diagnosis_codes=["Z51.5", condition, *symptoms[: rng.randint(0, len(symptoms))]]
                if setting != rules.INPATIENT
                else [condition, "Z51.5"],
                total_minutes=minimum + rng.randint(0, 20),
                medical_necessity_note="" if undocumented else rng.choice(NECESSITY),
                goals_of_care_note=rng.choice(GOALS),
                related_to_hospice=rng.random() < 0.8,
                # The practice follows its patients' serious illness over time in clinic and at
                # home: those visits earn the G2211 add-on where the payer pays it.
                longitudinal_care=setting in (rules.OFFICE, rules.HOME),
                created_by=frontdesk,
            )
            encounters.append(encounter)
    _established_after_first_visit(encounters)
    _bulk(Encounter, encounters)

    sessions = []
    for encounter in rng.sample(encounters, 110):
        minutes = rng.choice([12, 18, 25, 30, 40, 46, 50, 60, 76, 80])
        absent = rng.random() < 0.1
        session = ACPSession(
            patient=encounter.patient,
            provider=encounter.provider,
            encounter=encounter,
            date_of_service=encounter.date_of_service,
            minutes=minutes,
            participants="daughter (health-care agent), son"
            if absent
            else rng.choice(["Patient", "Patient, spouse", "Patient, daughter"]),
            patient_present=not absent,
            incapacity_note="Patient obtunded, unable to participate; discussion held with surrogate."
            if absent
            else "",
            consent_documented=rng.random() < 0.92,
            summary=rng.choice(ACP_SUMMARIES),
            advance_directive_completed=rng.random() < 0.4,
            with_annual_wellness_visit=encounter.setting == rules.OFFICE and rng.random() < 0.1,
            created_by=frontdesk,
        )
        sessions.append(session)
    _bulk(ACPSession, sessions)
    # Logged on the day of the visit, like real notes, not all "today" when the demo was loaded.
    for model, rows in ((Encounter, encounters), (ACPSession, sessions)):
        for row in rows:
            row.created_at = timezone.make_aware(datetime.combine(row.date_of_service, time(17, 30)))
        model.objects.bulk_update(rows, ["created_at"], batch_size=500)
    return {"logins": logins, "patients": patients, "providers": providers, "payers": payers}


def _user(username: str, first: str, last: str, group: Group, superuser: bool = False) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults=dict(
            first_name=first,
            last_name=last,
            email=f"{username}@riverbend.example",
            is_staff=superuser,
            is_superuser=superuser,
        ),
    )
    if created:
        user.password = _demo_password_hash()
        user.save()
    user.groups.add(group)
    return user


def _bulk(model: type[models.Model], rows: list[models.Model]) -> None:
    """Insert the rows in one statement, with their history rows when the model keeps history."""
    if hasattr(model, "history"):
        bulk_create_with_history(rows, model, batch_size=500)
    else:
        model.objects.bulk_create(rows, batch_size=500)


class DemoPasswordHasher(PBKDF2PasswordHasher):
    """PBKDF2 with few rounds, preferred only while the demo is seeded (see light_demo_hashing)."""

    iterations = 1000


@contextmanager
def light_demo_hashing():
    """While seeding, the demo's (public) password stays hashed with few PBKDF2 rounds.

    Full-strength hashing costs about a second per hash here, and every demo signature
    (letters and appeal letters, through the real letter_sign) checks the password: with the
    production hasher preferred, each check would also re-hash it at full strength
    (check_password's upgrade). Preferring DemoPasswordHasher for the seed only skips those
    upgrades; afterwards Django re-hashes each demo user's password at full strength the first
    time they sign in (PBKDF2PasswordHasher.must_update), as it does for any old hash.
    """
    hashers = ["palliative.demo.DemoPasswordHasher", *settings.PASSWORD_HASHERS]
    with override_settings(PASSWORD_HASHERS=hashers):
        yield


def _demo_password_hash() -> str:
    """The published demo password, hashed with few PBKDF2 rounds (see light_demo_hashing)."""
    return DemoPasswordHasher().encode(DEMO_PASSWORD, get_random_string(12))


def _npi(base: int) -> str:
    """A valid NPI from a nine-digit base."""
    stem = f"1{base % 10**8:08d}"
    return stem + rules.npi_check_digit(stem)


def _demo_member_id(first: int, middle: int, last: int) -> str:
    """A made-up id in the MBI format (digit, letter, letter, digit, letter, letter, digit,
    letter, letter, digit, digit), so demo Medicare claims pass the MBI check."""
    return f"{first}EG{middle % 10}TE{middle // 1000}MK{last}"


def _established_after_first_visit(encounters: list[Encounter]) -> None:
    """Only a patient's first visit with the group is billed as new (all demo clinicians are
    one palliative group, 3-year rule of IOM 100-04 ch.12 §30.6.7): later ones use the
    established code of the same level."""
    seen: set[int] = set()
    order = sorted(range(len(encounters)), key=lambda i: (encounters[i].date_of_service, i))
    for encounter in (encounters[i] for i in order):
        if encounter.patient_id in seen and encounter.em_code in rules.NEW_TO_ESTABLISHED:
            encounter.em_code = rules.NEW_TO_ESTABLISHED[encounter.em_code]
        seen.add(encounter.patient_id)
