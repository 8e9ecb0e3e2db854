"""Forms validate what front desk and providers type, with messages a clerk can act on."""

import json
import re
from datetime import date

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import password_validation
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.text import format_lazy

from . import rules
from .idempotency import OnceFormMixin
from .models import ACPSession, Coverage, Encounter, HospiceElection, Patient, Payer, Provider, Role, User

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def code_lookup_input(url_name: str, *, multiple: bool = False) -> forms.TextInput:
    """A text box with code suggestions as you type (static/js/code-lookup.js)."""
    attrs = {"data-lookup-url": format_lazy("{}?q=", reverse_lazy(url_name)), "spellcheck": "false"}
    if multiple:
        attrs["data-lookup-multiple"] = ""
    return forms.TextInput(attrs=attrs)


ICD10_LIST_INPUT = code_lookup_input("palliative:icd10_lookup", multiple=True)
ICD10_INPUT = code_lookup_input("palliative:icd10_lookup")
PROCEDURE_INPUT = code_lookup_input("billing:procedure_lookup")
OLDEST_AGE_YEARS = 125


class CrispyMixin:
    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


def not_in_future(value: date | None, what: str) -> date | None:
    """Refuse a date after today (a visit, a letter's answer, a payment...) in plain words."""
    if value and value > timezone.localdate():
        raise forms.ValidationError(f"The {what} cannot be in the future ({value:%m/%d/%Y} is after today).")
    return value


class DiagnosesField(forms.CharField):
    """An ordered list of ICD-10-CM codes typed in one box: the one parser for every form.

    Codes are separated by spaces, commas or semicolons and normalized (``c3490`` is C34.90).
    Each must be billable (palliative.rules.icd10_problem); a code typed twice is refused
    rather than dropped, because the order is meaningful (the first is the principal
    diagnosis, and claim lines point at positions); at most 12, the number of diagnosis codes
    an 837P claim carries (ASC X12 005010X222A1, loop 2300 HI segment, HI01-HI12; CMS-1500
    item 21 A-L), since a visit's or a letter's diagnoses end up on a claim.
    """

    MAX_CODES = 12

    def __init__(self, *, max_codes: int = MAX_CODES, **kwargs):
        self.max_codes = max_codes
        # The dates of service, when the form knows them: codes are checked against the ICD-10-CM
        # set of each date's fiscal year (palliative/icd10.py); none checks the default set.
        self.dates: tuple[date, ...] = ()
        kwargs.setdefault("widget", ICD10_LIST_INPUT)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value) -> list[str]:
        if isinstance(value, list | tuple):
            value = " ".join(value)
        return [token for token in re.split(r"[\s,;]+", super().to_python(value)) if token]

    def validate(self, value: list[str]) -> None:
        if not value:
            raise forms.ValidationError("Enter at least one diagnosis code.", code="required")
        dates = sorted(set(self.dates)) or [None]
        problems = [problem for code in value for day in dates if (problem := rules.icd10_problem(code, day))]
        if problems:
            raise forms.ValidationError(list(dict.fromkeys(problems)))

    def clean(self, value) -> list[str]:
        raw = self.to_python(value)
        self.validate(raw)
        codes = [rules.icd10_normalize(code) for code in raw]
        repeated = list(dict.fromkeys(c for c in codes if codes.count(c) > 1))
        if repeated:
            raise forms.ValidationError(
                f"{', '.join(repeated)} {'is' if len(repeated) == 1 else 'are'} listed twice: list each diagnosis once."
            )
        if len(codes) > self.max_codes:
            raise forms.ValidationError(
                f"At most {self.max_codes} diagnoses ({len(codes)} were typed): a claim carries {self.max_codes}."
            )
        return codes


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


class PatientSearchForm(forms.Form):
    q = forms.CharField(label="Name, MRN or date of birth", max_length=80, required=False)


class DuplicateCheckMixin:
    """Stops a save that would make a second chart for a patient we already have, shows the
    likely duplicates (form.duplicates) and saves once the clerk ticks not_a_duplicate."""

    duplicate_message = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicates: list[Patient] = []
        self.fields["not_a_duplicate"] = forms.BooleanField(
            label="I have checked these charts: this is a different person",
            required=False,
            widget=forms.HiddenInput,
        )

    def likely_duplicates(self, data) -> list[Patient]:
        raise NotImplementedError

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        self.duplicates = self.likely_duplicates(data)
        if self.duplicates and not data.get("not_a_duplicate"):
            self.fields["not_a_duplicate"].widget = forms.CheckboxInput()
            raise forms.ValidationError(self.duplicate_message.format(count=len(self.duplicates)))
        return data


class PatientForm(OnceFormMixin, DuplicateCheckMixin, CrispyMixin, forms.ModelForm):
    duplicate_message = (
        "This may be a patient we already have: {count} chart(s) below have the same date of birth and a"
        " similar name. Open them to check. If this is a different person, tick the box and save again."
    )

    class Meta:
        model = Patient
        fields = [
            "first_name",
            "middle_name",
            "last_name",
            "date_of_birth",
            "sex",
            "mrn",
            "phone",
            "email",
            "address_line1",
            "address_line2",
            "city",
            "state",
            "zip_code",
            "proxy_name",
            "proxy_relationship",
            "proxy_phone",
        ]
        widgets = {"date_of_birth": DATE_INPUT}
        error_messages = {
            "mrn": {"unique": "Another patient already has this MRN. Search for them before adding a new one."}
        }

    def likely_duplicates(self, data) -> list[Patient]:
        from .selectors import patient_likely_duplicates

        return patient_likely_duplicates(
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
            date_of_birth=data.get("date_of_birth"),
            exclude_pk=self.instance.pk,
        )

    def clean_date_of_birth(self):
        dob = not_in_future(self.cleaned_data["date_of_birth"], "date of birth")
        if dob.year < timezone.localdate().year - OLDEST_AGE_YEARS:
            raise forms.ValidationError(f"A birth year of {dob.year} is not plausible; check the date.")
        return dob

    def clean_mrn(self):
        mrn = self.cleaned_data["mrn"].strip().upper()
        if not re.fullmatch(r"[A-Z0-9-]{3,20}", mrn):
            raise forms.ValidationError("An MRN is 3 to 20 letters, digits or dashes.")
        return mrn

    def clean_state(self):
        state = self.cleaned_data["state"].strip().upper()
        if state and not re.fullmatch(r"[A-Z]{2}", state):
            raise forms.ValidationError("Use the two-letter state code, e.g. IL.")
        return state

    def clean_zip_code(self):
        zip_code = _digits(self.cleaned_data["zip_code"])
        if zip_code and len(zip_code) not in (5, 9):
            raise forms.ValidationError("A ZIP code has 5 or 9 digits.")
        return zip_code

    def clean_phone(self):
        return _clean_phone(self.cleaned_data["phone"])

    def clean_proxy_phone(self):
        return _clean_phone(self.cleaned_data["proxy_phone"])


def _clean_phone(value: str) -> str:
    digits = _digits(value)
    if digits and len(digits) != 10:
        raise forms.ValidationError("A phone number has 10 digits, e.g. 217-555-0100.")
    return digits


class DeathForm(CrispyMixin, forms.Form):
    submit_label = "Record date of death"
    date_of_death = forms.DateField(widget=DATE_INPUT)

    def __init__(self, *args, patient: Patient, **kwargs):
        self.patient = patient
        super().__init__(*args, **kwargs)

    def clean_date_of_death(self):
        value = not_in_future(self.cleaned_data["date_of_death"], "date of death")
        if value < self.patient.date_of_birth:
            raise forms.ValidationError("The date of death is before the date of birth.")
        return value


class CoverageForm(OnceFormMixin, DuplicateCheckMixin, CrispyMixin, forms.ModelForm):
    duplicate_message = (
        "This member ID is already on the chart of {count} other patient(s), below: the patient may have been"
        " registered twice. Open the chart to check. If the ID is right for both, tick the box and save again."
    )

    class Meta:
        model = Coverage
        fields = [
            "payer",
            "priority",
            "member_id",
            "group_number",
            "relationship",
            "subscriber_name",
            "effective_from",
            "effective_to",
        ]
        widgets = {"effective_from": DATE_INPUT, "effective_to": DATE_INPUT}

    def __init__(self, *args, patient: Patient, **kwargs):
        self.patient = patient
        super().__init__(*args, **kwargs)

    def likely_duplicates(self, data) -> list[Patient]:
        from .selectors import patient_likely_duplicates

        return patient_likely_duplicates(
            first_name="",
            last_name="",
            date_of_birth=None,
            member_id=data.get("member_id", ""),
            exclude_pk=self.patient.pk,
        )

    def clean_member_id(self):
        member_id = self.cleaned_data["member_id"].strip().upper()
        if not re.fullmatch(r"[A-Z0-9-]{2,40}", member_id):
            raise forms.ValidationError("A member ID is letters and digits as printed on the insurance card.")
        return member_id

    def clean(self):
        data = super().clean()
        start, end = data.get("effective_from"), data.get("effective_to")
        if start and end and end < start:
            self.add_error("effective_to", "The coverage cannot end before it starts.")
        relationship, subscriber = data.get("relationship"), (data.get("subscriber_name") or "").strip()
        if relationship and relationship != Coverage.Relationship.SELF and not subscriber:
            self.add_error("subscriber_name", "Name the policyholder, as printed on the insurance card.")
        if relationship == Coverage.Relationship.SELF and subscriber:
            self.add_error("relationship", "A policyholder is named: choose the patient's relationship to them.")
        payer, member_id = data.get("payer"), data.get("member_id")
        if payer and member_id:
            problem = rules.member_id_problem(payer.payer_type, member_id)
            if problem:
                self.add_error("member_id", problem)
            elif payer.payer_type in rules.MBI_PAYER_TYPES:
                data["member_id"] = rules.mbi_normalize(member_id)
        return data


class HospiceElectionForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = HospiceElection
        fields = [
            "agency_name",
            "start_date",
            "end_date",
            "attending",
            "attending_employed_by_hospice",
            "terminal_diagnosis",
        ]
        widgets = {"start_date": DATE_INPUT, "end_date": DATE_INPUT, "terminal_diagnosis": ICD10_INPUT}

    def __init__(self, *args, patient: Patient, **kwargs):
        self.patient = patient
        super().__init__(*args, **kwargs)
        self.fields["attending"].queryset = Provider.objects.filter(active=True)

    def clean_terminal_diagnosis(self):
        code = self.cleaned_data["terminal_diagnosis"]
        if not code:
            return code
        # Checked against the ICD-10-CM set of the election's start date (its fiscal year).
        problem = rules.icd10_problem(code, self.cleaned_data.get("start_date"))
        if problem:
            raise forms.ValidationError(problem)
        return rules.icd10_normalize(code)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start:
            _not_in_future_field(self, "start_date", start, "hospice start date")
        if start and end and end < start:
            self.add_error("end_date", "The election cannot end before it starts.")
        if start:
            overlapping = self.patient.hospice_elections.exclude(pk=self.instance.pk).filter(
                start_date__lte=end or date.max
            )
            if any(e.end_date is None or e.end_date >= start for e in overlapping):
                self.add_error(
                    "start_date", "This overlaps another hospice election for the patient; end that one first."
                )
        return data


def _not_in_future_field(form, field, value, what):
    try:
        not_in_future(value, what)
    except forms.ValidationError as error:
        form.add_error(field, error)


class ChangeReasonMixin:
    """A "reason for the change" box, for an admin writing another provider's documentation
    (palliative.services.encounter_save keeps it in the record's history)."""

    def __init__(self, *args, ask_reason: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if ask_reason:
            self.fields["change_reason"] = forms.CharField(
                label="Reason for the change",
                required=False,
                max_length=rules.CHANGE_REASON_MAX_LENGTH,
                help_text="Needed when you write another provider's clinical documentation; kept in its history.",
            )


class EncounterScheduleForm(OnceFormMixin, CrispyMixin, forms.ModelForm):
    """What the front desk writes of a visit: who sees the patient, when and where
    (rules.ENCOUNTER_SCHEDULING_FIELDS); the provider documents the rest."""

    class Meta:
        model = Encounter
        fields = ["provider", "date_of_service", "setting"]
        widgets = {"date_of_service": DATE_INPUT}

    def __init__(self, *args, patient: Patient, **kwargs):
        self.patient = patient
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Provider.objects.filter(active=True)
        self.warnings: list[str] = []

    def clean_date_of_service(self):
        day = not_in_future(self.cleaned_data["date_of_service"], "date of service")
        if day < self.patient.date_of_birth:
            raise forms.ValidationError("The date of service is before the patient's date of birth.")
        if self.patient.date_of_death and day > self.patient.date_of_death:
            raise forms.ValidationError(
                f"The patient died on {self.patient.date_of_death:%m/%d/%Y}; the visit cannot be after that."
            )
        return day


class EncounterForm(ChangeReasonMixin, EncounterScheduleForm):
    total_minutes = forms.IntegerField(
        label="Total time on the date (minutes)",
        required=False,
        error_messages={"invalid": "Enter the minutes as a whole number, e.g. 45."},
    )
    diagnoses = DiagnosesField(
        label="Diagnoses (ICD-10-CM), in order",
        widget=ICD10_LIST_INPUT,
        help_text="Type a code or words (“lung ca”) and pick from the list. The first is the principal"
        " diagnosis. Separate codes with commas, e.g. Z51.5, C34.90.",
    )

    class Meta:
        model = Encounter
        fields = [
            "provider",
            "date_of_service",
            "setting",
            "em_code",
            "level_basis",
            "diagnoses",
            "total_minutes",
            "medical_necessity_note",
            "goals_of_care_note",
            "related_to_hospice",
            "unrelated_problem",
            "longitudinal_care",
        ]
        widgets = {
            "date_of_service": DATE_INPUT,
            "medical_necessity_note": forms.Textarea(attrs={"rows": 3}),
            "goals_of_care_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, patient: Patient, **kwargs):
        super().__init__(*args, patient=patient, **kwargs)
        if self.instance.pk:
            self.initial["diagnoses"] = self.instance.diagnosis_codes
        self.warnings: list[str] = []
        on = self._typed_date_of_service() or self.instance.date_of_service or timezone.localdate()
        families = {setting: rules.EM_FAMILY_LABELS[rules.setting_family(setting)] for setting in rules.SETTINGS}
        self.fields["em_code"] = forms.ChoiceField(
            label="E/M code",
            choices=[("", "Choose the level…"), *rules.em_code_choices(on)],
            help_text="Only the codes of the visit's setting are offered, with the total time each level needs.",
            widget=forms.Select(attrs={"data-em-families": json.dumps(families)}),
        )

    def _typed_date_of_service(self) -> date | None:
        """The date typed, read before the fields are cleaned: the E/M codes offered are those in
        force on it (a 2022 visit keeps its 2022 codes, palliative.rules.EM_CODE_ROWS)."""
        if not self.is_bound:
            return None
        try:
            return self.fields["date_of_service"].clean(self.data.get(self.add_prefix("date_of_service")))
        except forms.ValidationError:
            return None  # the field reports it

    def clean_date_of_service(self):
        day = super().clean_date_of_service()
        self.fields["diagnoses"].dates = (day,)  # cleaned next, against the code set of this date's fiscal year
        return day

    def clean_em_code(self):
        return self.cleaned_data["em_code"].strip().upper()

    def clean_total_minutes(self):
        minutes = self.cleaned_data["total_minutes"]
        problem = rules.minutes_problem(minutes)
        if problem:
            raise forms.ValidationError(problem)
        return minutes

    def clean(self):
        data = super().clean()
        day, setting, code = data.get("date_of_service"), data.get("setting"), data.get("em_code")
        if day and setting and code:
            problem = rules.em_code_problem(code, setting, day)
            if problem:
                self.add_error("em_code", problem)
            elif data.get("level_basis") == Encounter.LevelBasis.TIME:
                info = rules.em_code_on(code, day)
                minutes = data.get("total_minutes")
                if info.min_minutes is None:
                    self.add_error("level_basis", f"{code} cannot be chosen by time; choose medical decision making.")
                elif minutes is not None and not rules.em_time_supports_level(code, minutes, day):
                    self.add_error(
                        "total_minutes",
                        f"{code} needs at least {info.min_minutes} minutes of total time; {minutes} were documented. "
                        "Choose a lower level, or choose the level by medical decision making.",
                    )
        codes = data.get("diagnoses")
        if codes and setting:
            errors, self.warnings = rules.palliative_sequencing_problems(codes, setting)
            for error in errors:
                self.add_error("diagnoses", error)
        day = data.get("date_of_service")
        if codes and day:
            self.warnings += rules.icd10_code_set_warnings(codes, day)
        return data


class ACPSessionForm(ChangeReasonMixin, OnceFormMixin, CrispyMixin, forms.ModelForm):
    minutes = forms.IntegerField(
        label="Face-to-face ACP minutes",
        help_text="Face-to-face time only, separate from the visit's own time.",
        error_messages={"invalid": "Enter the minutes as a whole number, e.g. 30."},
    )

    class Meta:
        model = ACPSession
        fields = [
            "provider",
            "encounter",
            "date_of_service",
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
        ]
        widgets = {
            "date_of_service": DATE_INPUT,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "incapacity_note": forms.Textarea(attrs={"rows": 2}),
            "change_since_last": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, patient: Patient, **kwargs):
        self.patient = patient
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Provider.objects.filter(active=True)
        self.fields["encounter"].queryset = patient.encounters.select_related("provider")
        self.fields["encounter"].required = False

    def clean_date_of_service(self):
        day = not_in_future(self.cleaned_data["date_of_service"], "date of service")
        if self.patient.date_of_death and day > self.patient.date_of_death:
            raise forms.ValidationError(
                f"The patient died on {self.patient.date_of_death:%m/%d/%Y}; the session cannot be after that."
            )
        return day

    def clean_minutes(self):
        minutes = self.cleaned_data["minutes"]
        problem = rules.minutes_problem(minutes)
        if problem:
            raise forms.ValidationError(problem)
        return minutes

    def clean(self):
        data = super().clean()
        encounter, day = data.get("encounter"), data.get("date_of_service")
        if encounter and day and encounter.date_of_service != day:
            self.add_error("encounter", f"That visit was on {encounter.date_of_service:%m/%d/%Y}, not on the ACP date.")
        if encounter and data.get("provider") and encounter.provider_id != data["provider"].pk:
            self.add_error("encounter", "That visit was with another provider.")
        if not data.get("patient_present") and not (data.get("incapacity_note") or "").strip():
            self.add_error("incapacity_note", "When the patient was not present, say why they could not take part.")
        if data.get("incident_to") and data.get("provider"):
            problem = rules.acp_incident_to_problem(
                setting=encounter.setting if encounter else rules.OFFICE,
                performed_by=data.get("performed_by", ""),
                supervisor_credentials=data["provider"].credentials,
            )
            if problem:
                self.add_error("incident_to", problem)
        return data


class AddendumMixin:
    """A record's own form turned into an addendum (palliative.services.encounter_addendum_add):
    the clinical fields hold what is documented now, to correct; who, when and where are
    shown but fixed; the author writes the late entry and its reason, and signs by saving."""

    submit_label = "Sign and add the addendum"
    fixed_fields: frozenset[str] = frozenset()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fixed_fields:
            self.fields[name].disabled = True
        self.fields["addendum_text"] = forms.CharField(
            label="Addendum",
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text="The late entry in your own words. It is dated now and signed with your name.",
        )
        self.fields["addendum_reason"] = forms.CharField(
            label="Reason for the addendum",
            max_length=300,
            help_text="e.g. late entry: total time omitted; diagnosis corrected after the pathology report.",
        )
        self.fields["password"] = forms.CharField(
            label="Your password",
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
            help_text="Re-enter your login password to sign the addendum.",
        )


class EncounterAddendumForm(AddendumMixin, EncounterForm):
    fixed_fields = rules.ENCOUNTER_SCHEDULING_FIELDS


class ACPAddendumForm(AddendumMixin, ACPSessionForm):
    fixed_fields = rules.ACP_SCHEDULING_FIELDS


class ProviderForm(CrispyMixin, forms.ModelForm):
    username = forms.CharField(max_length=150, help_text="The login the provider uses to sign letters.")
    email = forms.EmailField(required=False)

    class Meta:
        model = Provider
        fields = [
            "first_name",
            "last_name",
            "credentials",
            "specialty",
            "npi",
            "taxonomy_code",
            "license_number",
            "license_state",
            "phone",
            "active",
        ]
        labels = {"npi": "NPI"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["username"] = self.instance.user.username
            self.initial["email"] = self.instance.user.email

    def clean_npi(self):
        npi = _digits(self.cleaned_data["npi"])
        if len(npi) != 10:
            raise forms.ValidationError("An NPI has exactly 10 digits.")
        if not rules.npi_is_valid(npi):
            raise forms.ValidationError(
                "This NPI is not valid: its last digit does not match (check for a typing slip against NPPES)."
            )
        return npi

    def clean_license_state(self):
        state = self.cleaned_data["license_state"].strip().upper()
        if not re.fullmatch(r"[A-Z]{2}", state):
            raise forms.ValidationError("Use the two-letter state code, e.g. IL.")
        return state

    def clean_username(self):
        username = self.cleaned_data["username"]
        taken = User.objects.filter(username=username)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.user_id)
        if taken.exists():
            raise forms.ValidationError("That login is already used by someone else.")
        return username

    def clean_phone(self):
        return _clean_phone(self.cleaned_data["phone"])

    def clean(self):
        data = super().clean()
        problem = rules.credential_specialty_problem(data.get("credentials", ""), data.get("specialty", ""))
        if problem:
            self.add_error("specialty", problem)
        return data


class PayerForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Payer
        fields = [
            "name",
            "payer_type",
            "plan_type",
            "payer_id",
            "timely_filing_days",
            "letter_follow_up_days",
            "phone",
            "fax",
            "address",
        ]

    def clean_timely_filing_days(self):
        days = self.cleaned_data["timely_filing_days"]
        if not 30 <= days <= 3 * 365:
            raise forms.ValidationError("Timely filing limits run from 30 days to 3 years; check the contract.")
        return days


ROLE_CHOICES = [(role.value, role.label) for role in Role]


class StaffForm(CrispyMixin, forms.Form):
    """A staff login's name, email and role; with a first password when it is new."""

    username = forms.CharField(
        max_length=150, help_text="What they type to sign in, e.g. jsmith. Letters, digits and @ . + - _ only."
    )
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    email = forms.EmailField(required=False, help_text="Where reminders are sent.")
    role = forms.ChoiceField(choices=ROLE_CHOICES)
    password = forms.CharField(
        label="First password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Give it to them in person; they can keep it or ask an admin for a new one.",
    )

    def __init__(self, *args, user: User | None = None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if user is not None:
            del self.fields["password"]
            self.fields["username"].disabled = True
            self.submit_label = "Save"
        else:
            self.submit_label = "Add the login"
            self.helper.inputs[0].value = self.submit_label

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if self.user is None:
            User.username_validator(username)
            if User.objects.filter(username__iexact=username).exists():
                raise forms.ValidationError("Another login already has this username.")
        return username

    def clean(self):
        data = super().clean()
        if self.user is None and data.get("password"):
            candidate = User(
                username=data.get("username", ""),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
                email=data.get("email", ""),
            )
            try:
                password_validation.validate_password(data["password"], candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class StaffPasswordForm(CrispyMixin, forms.Form):
    submit_label = "Set the new password"
    password = forms.CharField(
        label="New password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Their open sessions end: they sign in again with this password.",
    )

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        password_validation.validate_password(password, self.user)
        return password
