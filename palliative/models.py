"""The practice core: staff users and roles, providers, payers, patients and their coverage,
hospice elections, encounters, ACP sessions and in-app notifications."""

from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse

from . import rules
from .history import HistoricalRecords


class Role(models.TextChoices):
    """Each role is a Django group created by a data migration."""

    FRONT_DESK = "front_desk", "Front desk"
    PROVIDER = "provider", "Provider"
    BILLING = "billing", "Billing"
    ADMIN = "admin", "Admin"


def role_group(role: str):
    """The group for a role (made by a migration; recreated if a test flushed it)."""
    from django.contrib.auth.models import Group

    return Group.objects.get_or_create(name=role)[0]


class User(AbstractUser):
    """A member of the practice's staff. Roles are groups named after Role values."""

    def has_role(self, *roles: str) -> bool:
        """Whether the user holds one of `roles`. A superuser counts as an admin, never as a
        provider, biller or front desk they are not: signing as a provider needs the provider."""
        if not self.is_active:
            return False
        if self.is_superuser and Role.ADMIN in roles:
            return True
        return bool(set(self.role_names) & set(roles))

    @property
    def role_names(self) -> list[str]:
        if not hasattr(self, "_role_names"):
            self._role_names = list(self.groups.values_list("name", flat=True))
        return self._role_names

    @property
    def primary_role(self) -> str | None:
        if self.is_superuser:
            return Role.ADMIN
        for role in (Role.ADMIN, Role.BILLING, Role.PROVIDER, Role.FRONT_DESK):
            if role in self.role_names:
                return role
        return None

    def __str__(self):
        return self.get_full_name() or self.username


class Provider(models.Model):
    """A clinician who sees patients and signs letters; linked to a staff user to sign."""

    class Credential(models.TextChoices):
        MD = "MD", "MD (physician)"
        DO = "DO", "DO (physician)"
        NP = "NP", "NP (nurse practitioner)"
        PA = "PA", "PA (physician assistant)"
        CNS = "CNS", "CNS (clinical nurse specialist)"
        LCSW = "LCSW", "LCSW (clinical social worker)"
        RN = "RN", "RN (registered nurse)"
        CHAPLAIN = "CHAP", "Chaplain"

    # Source: Medicare ACP and E/M billing by physicians and the qualified health
    # professionals Medicare recognises (shared/domain.md §1 "Who may bill").
    BILLING_CREDENTIALS = {"MD", "DO", "NP", "PA", "CNS"}

    class Specialty(models.TextChoices):
        HOSPICE_PALLIATIVE = "17", "Hospice and palliative care"
        INTERNAL_MEDICINE = "11", "Internal medicine"
        FAMILY_PRACTICE = "08", "Family practice"
        GERIATRIC = "38", "Geriatric medicine"
        NURSE_PRACTITIONER = "50", "Nurse practitioner"
        PHYSICIAN_ASSISTANT = "97", "Physician assistant"
        CLINICAL_NURSE_SPECIALIST = "89", "Clinical nurse specialist"
        SOCIAL_WORK = "80", "Clinical social worker"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="provider")
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    credentials = models.CharField(max_length=4, choices=Credential.choices)
    specialty = models.CharField(max_length=2, choices=Specialty.choices, default=Specialty.HOSPICE_PALLIATIVE)
    npi = models.CharField("NPI", max_length=10, unique=True)
    # NUCC Health Care Provider Taxonomy code, sent as the rendering provider's PRV*PE on the
    # 837P (005010X222A1 loop 2310B); payers match it against the NPI's NPPES record.
    taxonomy_code = models.CharField(
        max_length=10, blank=True, help_text="NUCC taxonomy, e.g. 207RH0002X (hospice and palliative medicine)."
    )
    license_number = models.CharField(max_length=30)
    license_state = models.CharField(max_length=2)
    phone = models.CharField(max_length=20, blank=True)
    active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return f"{self.first_name} {self.last_name}, {self.credentials}"

    @property
    def can_bill_em(self) -> bool:
        return self.credentials in self.BILLING_CREDENTIALS


class Payer(models.Model):
    """An insurer, with the figures that differ by payer kept as data."""

    class PayerType(models.TextChoices):
        MEDICARE = "medicare", "Medicare"
        # Part C: a private plan paid by CMS, with its own appeal path (42 CFR 422 subpart M).
        MEDICARE_ADVANTAGE = "medicare_adv", "Medicare Advantage"
        MEDICAID = "medicaid", "Medicaid"
        COMMERCIAL = "commercial", "Commercial"

    class PlanType(models.TextChoices):
        # Only what changes the 837P claim filing indicator (SBR09, X12 code list 1032).
        UNSPECIFIED = "", "Not specified"
        HMO = "hmo", "HMO"
        PPO = "ppo", "PPO"
        POS = "pos", "Point of service"
        EPO = "epo", "Exclusive provider organization"
        INDEMNITY = "indemnity", "Indemnity"
        BCBS = "bcbs", "Blue Cross Blue Shield plan"

    name = models.CharField(max_length=120, unique=True)
    payer_type = models.CharField(max_length=12, choices=PayerType.choices)
    plan_type = models.CharField(max_length=10, choices=PlanType.choices, blank=True)
    payer_id = models.CharField("electronic payer ID", max_length=20)
    # Source: Medicare FFS 12 months from the date of service (42 CFR 424.44); commercial
    # limits come from each contract (shared/domain.md §6.4).
    timely_filing_days = models.PositiveIntegerField(default=365)
    letter_follow_up_days = models.PositiveIntegerField(
        default=14, help_text="Days after a letter is submitted before staff are reminded to follow up."
    )
    phone = models.CharField(max_length=20, blank=True)
    fax = models.CharField(max_length=20, blank=True)
    address = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Patient(models.Model):
    class Sex(models.TextChoices):
        FEMALE = "F", "Female"
        MALE = "M", "Male"
        UNKNOWN = "U", "Unknown"

    first_name = models.CharField(max_length=80)
    middle_name = models.CharField(max_length=80, blank=True)
    last_name = models.CharField(max_length=80)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices)
    mrn = models.CharField("MRN", max_length=20, unique=True)
    phone = models.CharField(max_length=20, blank=True)
    email = models.EmailField(blank=True)
    address_line1 = models.CharField("address", max_length=120, blank=True)
    address_line2 = models.CharField("address line 2", max_length=120, blank=True)
    city = models.CharField(max_length=60, blank=True)
    state = models.CharField(max_length=2, blank=True)
    zip_code = models.CharField("ZIP code", max_length=10, blank=True)
    proxy_name = models.CharField("health-care proxy / surrogate", max_length=120, blank=True)
    proxy_relationship = models.CharField("relationship", max_length=60, blank=True)
    proxy_phone = models.CharField("proxy phone", max_length=20, blank=True)
    date_of_death = models.DateField(null=True, blank=True)
    needs_review = models.BooleanField(
        default=False, help_text="Set when the patient dies with open work; cleared once reviewed."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Derived on every save (rules.patient_search_name / search_mrn) so search compares folded
    # text through an index; PostgreSQL also gets a trigram index on search_name (migration 0005).
    search_name = models.CharField(max_length=400, editable=False, default="")
    search_mrn = models.CharField(max_length=20, editable=False, default="", db_index=True)
    history = HistoricalRecords(excluded_fields=["search_name", "search_mrn"])

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        indexes = [
            models.Index(fields=["last_name", "first_name"]),
            models.Index(fields=["date_of_birth"]),
            # the billing and admin home panel "Deceased patients with open work to review"
            models.Index(
                models.F("date_of_death").desc(), name="patient_needs_review_idx", condition=Q(needs_review=True)
            ),
        ]

    def __str__(self):
        return f"{self.last_name}, {self.first_name}"

    SEARCH_SOURCES = {"first_name", "last_name", "mrn"}

    def save(self, *args, **kwargs):
        self.search_name = rules.patient_search_name(self.first_name, self.last_name)
        self.search_mrn = rules.search_mrn(self.mrn)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and self.SEARCH_SOURCES & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_name", "search_mrn"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("palliative:patient_detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def coverage_on(self, day: date, priority: str | None = "primary", payer_type: str | None = None):
        """The coverage in force on `day` (of any priority when None; of `payer_type` when
        given), read from the prefetched coverages when a batch loaded them."""
        if "coverages" in getattr(self, "_prefetched_objects_cache", {}):
            return next(
                (
                    c
                    for c in self.coverages.all()
                    if priority in (None, c.priority)
                    and c.is_effective_on(day)
                    and (payer_type is None or c.payer.payer_type == payer_type)
                ),
                None,
            )
        coverages = self.coverages.filter(effective_from__lte=day)
        if priority is not None:
            coverages = coverages.filter(priority=priority)
        if payer_type is not None:
            coverages = coverages.filter(payer__payer_type=payer_type)
        return coverages.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day)).select_related("payer").first()

    def hospice_election_on(self, day: date):
        """The hospice election in force on `day`, read from the prefetched elections when a
        batch loaded them."""
        if "hospice_elections" in getattr(self, "_prefetched_objects_cache", {}):
            return next((e for e in self.hospice_elections.all() if e.is_active_on(day)), None)
        return (
            self.hospice_elections.filter(start_date__lte=day)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
            .select_related("attending")
            .first()
        )


class Coverage(models.Model):
    class Priority(models.TextChoices):
        PRIMARY = "primary", "Primary"
        SECONDARY = "secondary", "Secondary"

    class Relationship(models.TextChoices):
        # The patient's relationship to the subscriber: X12 code list 1069 as the 837P allows it
        # (005010X222A1 SBR02 = 18 for self; PAT01 otherwise).
        SELF = "18", "Self (the patient is the policyholder)"
        SPOUSE = "01", "Spouse"
        CHILD = "19", "Child"
        EMPLOYEE = "20", "Employee"
        LIFE_PARTNER = "53", "Life partner"
        OTHER = "G8", "Other relationship"
        UNKNOWN = "21", "Unknown"

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="coverages")
    payer = models.ForeignKey(Payer, on_delete=models.PROTECT, related_name="coverages")
    member_id = models.CharField("member ID", max_length=40)
    group_number = models.CharField(max_length=40, blank=True)
    subscriber_name = models.CharField(
        max_length=120, blank=True, help_text="Leave blank when the patient is the policyholder."
    )
    relationship = models.CharField(
        "patient's relationship to the policyholder",
        max_length=2,
        choices=Relationship.choices,
        default=Relationship.SELF,
    )
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.PRIMARY)
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["priority", "-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                name="coverage_dates_in_order",
            )
        ]

    def __str__(self):
        return f"{self.payer} ({self.get_priority_display().lower()})"

    @property
    def patient_is_subscriber(self) -> bool:
        return self.relationship == self.Relationship.SELF

    def is_effective_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


class HospiceElection(models.Model):
    """A Medicare hospice election: during it, Part B pays only the designated attending's
    related services (modifier GV) and unrelated care (GW)."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="hospice_elections")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True, help_text="Revocation, discharge or death; blank while active.")
    agency_name = models.CharField("hospice agency", max_length=120)
    attending = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hospice_attending_for",
        help_text="The attending physician the patient designated at election, if one of ours.",
    )
    attending_employed_by_hospice = models.BooleanField(
        default=False,
        help_text="Tick when the attending is employed by or paid under arrangement with the hospice (the hospice bills then).",
    )
    terminal_diagnosis = models.CharField(max_length=8, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="hospice_dates_in_order",
            )
        ]

    def __str__(self):
        return f"Hospice with {self.agency_name} from {self.start_date:%m/%d/%Y}"

    def is_active_on(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)


_BLANK = r"^\s*$"
# An encounter the provider still has to document (rules.encounter_documentation_missing, in SQL).
# The partial indexes on Encounter carry this same condition, so the home panels and the daily
# nudge read only the few undocumented visits, never the years of finished ones.
MISSING_DOCUMENTATION = (
    Q(em_code="")
    | Q(diagnosis_codes=[])
    | Q(medical_necessity_note__regex=_BLANK)
    | Q(goals_of_care_note__regex=_BLANK)
    | Q(level_basis="time", total_minutes__isnull=True)
    | Q(level_basis="time", total_minutes=0)
)


class EncounterQuerySet(models.QuerySet):
    def missing_documentation(self):
        """The rows Encounter.missing_documentation is not empty for (rules.encounter_documentation_missing)."""
        return self.filter(MISSING_DOCUMENTATION)


class ACPSessionQuerySet(models.QuerySet):
    def billable_time(self):
        """Long enough for 99497 (rules.ACP_FIRST_UNIT_MINUTES)."""
        return self.filter(minutes__gte=rules.ACP_FIRST_UNIT_MINUTES)

    def not_billable(self):
        """The rows ACPSession.is_billable is False for (rules.acp_billable)."""
        return self.filter(
            Q(minutes__lt=rules.ACP_FIRST_UNIT_MINUTES)
            | Q(consent_documented=False)
            | Q(participants__regex=_BLANK)
            | Q(summary__regex=_BLANK)
            | Q(patient_present=False, incapacity_note__regex=_BLANK)
        )


class Encounter(models.Model):
    class LevelBasis(models.TextChoices):
        TIME = "time", "Total time"
        MDM = "mdm", "Medical decision making"

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="encounters")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="encounters")
    date_of_service = models.DateField()
    setting = models.CharField(max_length=20, choices=rules.SETTING_CHOICES)
    em_code = models.CharField("E/M code", max_length=5)
    level_basis = models.CharField("level chosen by", max_length=4, choices=LevelBasis.choices, default=LevelBasis.TIME)
    # Ordered: the first is the principal (first-listed) diagnosis.
    diagnosis_codes = models.JSONField(default=list)
    total_minutes = models.PositiveIntegerField(null=True, blank=True)
    medical_necessity_note = models.TextField(blank=True)
    goals_of_care_note = models.TextField(blank=True)
    related_to_hospice = models.BooleanField(
        "related to the terminal (hospice) diagnosis",
        default=True,
        help_text="Only matters while the patient is on hospice: decides modifier GV or GW.",
    )
    unrelated_problem = models.BooleanField(
        "separate, unrelated problem",
        default=False,
        help_text="A second visit the same day for a problem that could not be handled at the first.",
    )
    longitudinal_care = models.BooleanField(
        "continuing care of a serious condition",
        default=False,
        help_text="This provider follows the patient over time for a serious or complex condition (not a"
        " one-time visit): Medicare pays the visit-complexity add-on G2211 for it.",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # The to-bill list's order, stored so the list is one walk of its index: the date of service
    # plus the primary payer's filing window (selectors.file_by_key). Derived, not typed: kept
    # current by services.encounters_file_by_refresh, and left out of the audited history.
    file_by_key = models.DateField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["file_by_key"])

    objects = EncounterQuerySet.as_manager()

    class Meta:
        ordering = ["-date_of_service", "-id"]
        indexes = [
            models.Index(fields=["patient", "date_of_service"]),
            # "Logged today" on the front desk's home page
            models.Index(fields=["created_at"], name="encounter_logged_idx"),
            # the to-bill list, oldest first
            models.Index(fields=["date_of_service", "id"], name="encounter_service_idx"),
            # the to-bill list, soonest filing deadline first
            models.Index(fields=["file_by_key", "id"], name="encounter_file_by_idx"),
            models.Index(
                fields=["date_of_service", "id"], condition=MISSING_DOCUMENTATION, name="encounter_undocumented_idx"
            ),
            models.Index(
                fields=["provider", "date_of_service"],
                condition=MISSING_DOCUMENTATION,
                name="encounter_undoc_by_prov_idx",
            ),
        ]

    def __str__(self):
        return f"{self.em_code} on {self.date_of_service:%m/%d/%Y}"

    def get_absolute_url(self):
        return reverse("palliative:encounter_detail", args=[self.pk])

    @property
    def place_of_service(self) -> str:
        return rules.setting_place_of_service(self.setting)

    @property
    def missing_documentation(self) -> list[str]:
        """What the provider still has to document before the visit can be billed."""
        return rules.encounter_documentation_missing(
            em_code=self.em_code,
            diagnosis_codes=self.diagnosis_codes,
            medical_necessity_note=self.medical_necessity_note,
            goals_of_care_note=self.goals_of_care_note,
            level_by_time=self.level_basis == self.LevelBasis.TIME,
            total_minutes=self.total_minutes,
        )


class ACPSession(models.Model):
    """An advance care planning conversation (CPT 99497/99498)."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="acp_sessions")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="acp_sessions")
    encounter = models.ForeignKey(
        Encounter, on_delete=models.SET_NULL, null=True, blank=True, related_name="acp_sessions"
    )
    date_of_service = models.DateField()
    minutes = models.PositiveIntegerField(help_text="Face-to-face time only, separate from the visit's own time.")
    participants = models.CharField(max_length=300, help_text="Who was present, e.g. patient, daughter (proxy).")
    patient_present = models.BooleanField(default=True)
    incapacity_note = models.TextField(
        "why the patient could not take part", blank=True, help_text="Required when the patient was not present."
    )
    consent_documented = models.BooleanField(
        "patient or surrogate agreed to the discussion",
        default=False,
        help_text="ACP is voluntary: the note must say the patient or surrogate agreed.",
    )
    summary = models.TextField("discussion summary")
    change_since_last = models.TextField(
        "change in health or wishes since the last ACP", blank=True, help_text="Needed when ACP is billed again."
    )
    advance_directive_completed = models.BooleanField(default=False)
    with_annual_wellness_visit = models.BooleanField("given with an annual wellness visit", default=False)
    # ACP led by clinical staff under the direct supervision of the physician/NPP (`provider`,
    # who bills it) in the office or home: incident-to (CMS PFS CY2016; 42 CFR 410.26).
    incident_to = models.BooleanField(
        "given by clinical staff, incident-to", default=False, help_text="The provider above supervised and bills it."
    )
    performed_by = models.CharField(
        "performed by (staff name and role)", max_length=120, blank=True, help_text="e.g. Ana Ruiz, RN"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = ACPSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-date_of_service", "-id"]
        verbose_name = "ACP session"
        # ACP sessions to bill, oldest first
        indexes = [models.Index(fields=["date_of_service", "id"], name="acp_service_idx")]

    def __str__(self):
        return f"ACP {self.minutes} min on {self.date_of_service:%m/%d/%Y}"

    def get_absolute_url(self):
        return reverse("palliative:acp_detail", args=[self.pk])

    @property
    def billing_units(self) -> dict[str, int]:
        return rules.acp_billing_units(self.minutes)

    @property
    def missing_documentation(self) -> list[str]:
        return rules.acp_documentation_missing(
            consent_documented=self.consent_documented,
            participants=self.participants,
            summary=self.summary,
            minutes=self.minutes,
            patient_present=self.patient_present,
            incapacity_note=self.incapacity_note,
        )

    @property
    def is_billable(self) -> bool:
        return rules.acp_billable(minutes=self.minutes, documentation_missing=self.missing_documentation)


class ClinicalAddendum(models.Model):
    """A late entry to a visit's or an ACP session's documentation, written after its claim was
    sent: dated, signed by its author, with its reason and what it changed. The record it
    amends shows the new values and its history the old; the addendum is never edited.

    Source: CMS IOM 100-08 ch. 3 §3.3.2.5 (amendments, corrections and delayed entries: clearly
    identified as such, dated when written, signed by the author, the original not obscured).
    """

    encounter = models.ForeignKey(Encounter, on_delete=models.PROTECT, null=True, blank=True, related_name="addenda")
    acp_session = models.ForeignKey(ACPSession, on_delete=models.PROTECT, null=True, blank=True, related_name="addenda")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_as = models.CharField(max_length=160, help_text="The author's name and credentials when they signed.")
    written_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField()
    text = models.TextField("addendum", blank=True)
    # {field: {"from": value, "to": value}} in the record's own terms (JSON values).
    changes = models.JSONField(default=dict, blank=True)
    claims_flagged = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["written_at", "id"]
        verbose_name = "clinical addendum"
        verbose_name_plural = "clinical addenda"
        constraints = [
            models.CheckConstraint(
                condition=Q(encounter__isnull=False, acp_session__isnull=True)
                | Q(encounter__isnull=True, acp_session__isnull=False),
                name="addendum_amends_one_record",
            )
        ]

    def __str__(self):
        return f"Addendum by {self.signed_as} on {self.written_at:%m/%d/%Y %H:%M}"


class ICD10Code(models.Model):
    """One code of one ICD-10-CM set, loaded from CMS's order file by `manage.py load_icd10cm`
    (palliative/icd10.py decides which set applies to a date). A fiscal year's set takes effect
    on October 1; CMS may publish an update within the year (an April 1 addendum), a set of
    its own with a later `effective_from`."""

    fiscal_year = models.PositiveSmallIntegerField()
    effective_from = models.DateField()
    code = models.CharField(max_length=8)  # with the dot, e.g. C34.90
    billable = models.BooleanField()
    short_description = models.CharField(max_length=60)
    long_description = models.CharField(max_length=400)

    class Meta:
        ordering = ["fiscal_year", "effective_from", "code"]
        verbose_name = "ICD-10-CM code"
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "effective_from", "code"], name="icd10_code_once_per_set")
        ]

    def __str__(self):
        return f"FY{self.fiscal_year} ({self.effective_from:%m/%d/%Y}) {self.code}"


class Notification(models.Model):
    """One reminder to one user about one due event; `key` makes it happen once.

    Keys name the record, the event and the day it fell due, e.g.
    ``letter:42:unsigned:2026-11-23``. The email goes out once per key, a second time only
    if a crash falls between the mail server's acceptance and the commit (palliative.services.notification_send).
    """

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=200, unique=True)
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=200, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            # "already reminded about this record?" for the daily jobs
            models.Index(fields=["content_type", "object_id", "kind"], name="notification_about_idx"),
        ]

    def __str__(self):
        return self.subject


from .workflow import StatusChange  # noqa: E402  (registered with this app's models)

__all__ = [
    "ACPSession",
    "ClinicalAddendum",
    "Coverage",
    "Encounter",
    "HospiceElection",
    "ICD10Code",
    "Notification",
    "Patient",
    "Payer",
    "Provider",
    "Role",
    "StatusChange",
    "User",
    "role_group",
]


class FormSubmission(models.Model):
    """A create form's one-time token, used once: a second post of the same form (a double
    click, a resubmitted page) finds it and goes to what the first one made
    (palliative/idempotency.py)."""

    token = models.UUIDField(unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    result_url = models.CharField(max_length=300, blank=True)

    def __str__(self):
        return f"Form {self.token}"
