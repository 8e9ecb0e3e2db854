"""Forms for LMN requests and letters: they validate; services write."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from palliative import rules as core_rules
from palliative.forms import DATE_INPUT, ICD10_LIST_INPUT, PROCEDURE_INPUT, CrispyMixin, DiagnosesField, not_in_future
from palliative.models import Provider

from .models import LMNRequest, SupportingDocument

CLINICAL_FIELDS = [
    "service_from",
    "service_to",
    "frequency_duration",
    "clinical_history",
    "alternatives_tried",
    "rationale",
]


class LMNRequestForm(CrispyMixin, forms.ModelForm):
    submit_label = "Open the request"
    diagnoses = DiagnosesField(
        label="Diagnoses (ICD-10-CM)",
        widget=ICD10_LIST_INPUT,
        help_text="Type a code or words and pick from the list: the condition(s) the treatment is for,"
        " separated by commas, e.g. C34.90, R06.00.",
    )

    class Meta:
        model = LMNRequest
        fields = [
            "provider",
            "procedure_code",
            "treatment",
            "diagnoses",
            *CLINICAL_FIELDS,
            "requested_by",
            "requester_name",
            "due_date",
        ]
        widgets = {
            "due_date": DATE_INPUT,
            "procedure_code": PROCEDURE_INPUT,
            "service_from": DATE_INPUT,
            "service_to": DATE_INPUT,
            "clinical_history": forms.Textarea(attrs={"rows": 3}),
            "alternatives_tried": forms.Textarea(attrs={"rows": 3}),
            "rationale": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"procedure_code": "Optional when the description says it all, e.g. 99350 or G0556."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "provider" in self.fields:  # the edit form does not change who signs
            self.fields["provider"].queryset = Provider.objects.filter(active=True)
        if self.instance.pk:
            self.initial["diagnoses"] = self.instance.diagnosis_codes
        else:
            self.initial.setdefault("due_date", timezone.localdate() + timedelta(days=7))
        self.fields["diagnoses"].dates = self._service_dates()

    def _service_dates(self) -> tuple:
        """The first and last day of service asked for, as typed (or as saved): the diagnoses are
        checked against the ICD-10-CM set of those dates' fiscal years (palliative/icd10.py).
        Read before the fields are cleaned, since the diagnoses come first on the form."""
        dates = []
        for name in ("service_from", "service_to"):
            if self.is_bound:
                try:
                    value = self.fields[name].clean(self.data.get(self.add_prefix(name)))
                except forms.ValidationError:
                    value = None  # that field reports it
            else:
                value = getattr(self.instance, name, None)
            if value:
                dates.append(value)
        return tuple(dates)

    def clean_procedure_code(self):
        code = self.cleaned_data["procedure_code"].strip().upper()
        if code and not core_rules.procedure_code_format_ok(code):
            raise forms.ValidationError(
                f"“{code}” is not a CPT or HCPCS code: five digits (99350), four digits and F or T, "
                "or a letter A-V and four digits (G0556)."
            )
        return code

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if not self.instance.pk and due < timezone.localdate():
            raise forms.ValidationError("The due date is in the past.")
        return due

    def clean(self):
        data = super().clean()
        family = data.get("requested_by") == LMNRequest.Requester.FAMILY
        if family and not (data.get("requester_name") or "").strip():
            self.add_error("requester_name", "Say who asked for the patient (e.g. “daughter, Ana Reyes”).")
        start, end = data.get("service_from"), data.get("service_to")
        if end and not start:
            self.add_error("service_from", "Give the first day of the period as well.")
        elif start and end and end < start:
            self.add_error("service_to", "The period cannot end before it starts.")
        return data

    def service_values(self) -> dict:
        values = {name: self.cleaned_data[name] for name in self.Meta.fields if name != "diagnoses"}
        values["diagnosis_codes"] = self.cleaned_data["diagnoses"]
        return values


class LMNRequestEditForm(LMNRequestForm):
    submit_label = "Save"

    class Meta(LMNRequestForm.Meta):
        fields = ["procedure_code", "treatment", "diagnoses", *CLINICAL_FIELDS, "due_date"]


class LetterBodyForm(CrispyMixin, forms.Form):
    submit_label = "Save the letter"
    body = forms.CharField(
        label="Letter text",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 26, "class": "font-monospace", "spellcheck": "true"}),
        help_text="Keep the section headings (a line ending with “:”); replace every [[…]] with your own words.",
    )


class SignForm(CrispyMixin, forms.Form):
    submit_label = "Sign the letter"
    password = forms.CharField(
        label="Your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Re-enter your login password to sign. Your signature records who, when and a sealed "
        "fingerprint of the exact text.",
    )
    # The letter's review_digest() when the page was shown: signing refuses a letter changed since.
    reviewed = forms.CharField(widget=forms.HiddenInput, max_length=64)


class SubmitForm(CrispyMixin, forms.Form):
    submit_label = "Record the submission"
    submitted_on = forms.DateField(label="Sent on", widget=DATE_INPUT)
    method = forms.ChoiceField(label="How", choices=LMNRequest.Method.choices)
    reference = forms.CharField(
        label="Reference number", max_length=60, required=False, help_text="Fax confirmation, portal case number…"
    )

    def clean_submitted_on(self):
        return not_in_future(self.cleaned_data["submitted_on"], "date it was sent")


class ResponseForm(CrispyMixin, forms.Form):
    submit_label = "Record the answer"
    outcome = forms.ChoiceField(
        label="The payer", choices=[("approved", "Approved"), ("denied", "Denied")], widget=forms.RadioSelect
    )
    response_on = forms.DateField(label="Date of the payer's answer", widget=DATE_INPUT)
    denial_reason = forms.CharField(
        label="Reason given for a denial",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="As written on the notice, with any denial code (e.g. CO-50).",
    )

    def clean_response_on(self):
        return not_in_future(self.cleaned_data["response_on"], "date of the answer")

    def clean(self):
        data = super().clean()
        if data.get("outcome") == "denied" and not (data.get("denial_reason") or "").strip():
            self.add_error("denial_reason", "Record the reason the payer gave; the appeal starts from it.")
        return data


class WithdrawForm(CrispyMixin, forms.Form):
    submit_label = "Withdraw the request"
    reason = forms.CharField(label="Why", widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(forms.Form):
    note = forms.CharField(label="What needs changing", required=False, max_length=500)


class DocumentForm(CrispyMixin, forms.ModelForm):
    submit_label = "Attach"
    upload = forms.FileField(label="File", help_text="PDF, PNG, JPEG or TIFF, up to 10 MB.")

    class Meta:
        model = SupportingDocument
        fields = ["doc_type", "document_date", "description", "upload"]
        widgets = {"document_date": DATE_INPUT}

    def clean_document_date(self):
        return not_in_future(self.cleaned_data["document_date"], "document date")
