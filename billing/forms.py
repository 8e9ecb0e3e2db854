"""Forms for billers: what they type is checked here, with messages a clerk can act on."""

import re
from datetime import date
from decimal import Decimal

from django import forms

from palliative import rules as core
from palliative.forms import DATE_INPUT, PROCEDURE_INPUT, CrispyMixin, DiagnosesField
from palliative.models import Payer, Provider

from . import rules
from .models import Reopening


def _tokens(value: str) -> list[str]:
    return [token for token in re.split(r"[\s,;-]+", (value or "").strip().upper()) if token]


class ToBillFilterForm(forms.Form):
    """The to-bill list's search and filters (kept in the session: a name is PHI, not for URLs)."""

    q = forms.CharField(label="Patient", max_length=80, required=False, help_text="Name, MRN or date of birth")
    provider = forms.ModelChoiceField(queryset=Provider.objects.all(), required=False, empty_label="Any provider")
    payer = forms.ModelChoiceField(queryset=Payer.objects.all(), required=False, empty_label="Any payer")
    setting = forms.ChoiceField(choices=[("", "Any setting"), *core.SETTING_CHOICES], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"class": "form-control form-control-sm", "autocomplete": "off"})
        for name in ("provider", "payer", "setting"):
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm"

    def session_value(self) -> dict:
        data = self.cleaned_data
        return {
            "q": data["q"].strip(),
            "provider": data["provider"].pk if data["provider"] else None,
            "payer": data["payer"].pk if data["payer"] else None,
            "setting": data["setting"],
        }


class ClaimLineForm(CrispyMixin, forms.Form):
    procedure_code = forms.CharField(label="CPT/HCPCS code", max_length=5, widget=PROCEDURE_INPUT)
    modifiers = forms.CharField(max_length=20, required=False, help_text="Up to four, separated by spaces, e.g. 33 GV.")
    units = forms.IntegerField()
    charge = forms.DecimalField(label="Line charge ($)", max_digits=9, decimal_places=2)
    diagnosis_pointers = forms.CharField(
        max_length=20, help_text="Which of the claim's diagnoses (1-12) this line treats, up to four, e.g. 1 2."
    )
    date_of_service = forms.DateField(widget=DATE_INPUT)

    def __init__(self, *args, diagnosis_count: int, **kwargs):
        self.diagnosis_count = diagnosis_count
        super().__init__(*args, **kwargs)

    def clean_procedure_code(self):
        code = self.cleaned_data["procedure_code"].strip().upper()
        if not core.procedure_code_format_ok(code):
            raise forms.ValidationError(
                f"“{code}” is not a CPT or HCPCS code: five digits (99497) or a letter and four digits (G0439)."
            )
        return code

    def clean_modifiers(self):
        modifiers = _tokens(self.cleaned_data["modifiers"])
        unknown = [m for m in modifiers if m not in rules.KNOWN_MODIFIERS]
        if unknown:
            raise forms.ValidationError(
                f"Unknown modifier {', '.join(unknown)}. Known modifiers: {', '.join(sorted(rules.KNOWN_MODIFIERS))}."
            )
        if len(modifiers) > 4:
            raise forms.ValidationError("A line carries at most four modifiers.")
        if len(set(modifiers)) != len(modifiers):
            raise forms.ValidationError("Each modifier once, please.")
        return modifiers

    def clean_units(self):
        units = self.cleaned_data["units"]
        if units < 1:
            raise forms.ValidationError("Units must be 1 or more.")
        if units > rules.MAX_UNITS_PER_LINE:
            raise forms.ValidationError(
                f"{units} units is more than a claim line can carry ({rules.MAX_UNITS_PER_LINE}). Check the number."
            )
        return units

    def clean_charge(self):
        charge = self.cleaned_data["charge"]
        if charge < Decimal("0"):
            raise forms.ValidationError("The charge cannot be negative; to take a line off the claim, delete it.")
        return charge

    def clean_diagnosis_pointers(self):
        tokens = _tokens(self.cleaned_data["diagnosis_pointers"])
        if not all(token.isdigit() for token in tokens) or not tokens:
            raise forms.ValidationError("Type the numbers of the diagnoses, e.g. 1 2.")
        pointers = [int(token) for token in tokens]
        if any(not 1 <= p <= self.diagnosis_count for p in pointers):
            raise forms.ValidationError(
                f"The claim has {self.diagnosis_count} diagnoses: use numbers 1 to {self.diagnosis_count}."
            )
        if len(pointers) > 4:
            raise forms.ValidationError("A line points at most at four diagnoses.")
        return pointers


class ClaimDiagnosesForm(CrispyMixin, forms.Form):
    codes = DiagnosesField(
        label="Diagnoses in order",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="ICD-10-CM codes, first-listed first, separated by spaces or commas, e.g. Z51.5 C34.90.",
    )

    def __init__(self, *args, dates_of_service: tuple[date, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        # Checked against the ICD-10-CM set of each line's date of service (its fiscal year).
        self.fields["codes"].dates = dates_of_service


class PayerClaimNumberForm(forms.Form):
    payer_claim_number = forms.CharField(label="Payer claim number", max_length=50)

    def clean_payer_claim_number(self):
        number = self.cleaned_data["payer_claim_number"].strip()
        if not re.fullmatch(r"[A-Za-z0-9-]{1,50}", number):
            raise forms.ValidationError("The payer claim number is letters, digits and dashes, as on the remittance.")
        return number


class ReopeningForm(CrispyMixin, forms.ModelForm):
    """A reopening asked of Medicare for a clerical error (billing.services.claim_reopening_request)."""

    submit_label = "Record the reopening"

    class Meta:
        model = Reopening
        fields = ["requested_on", "channel", "reference", "what_changed"]
        labels = {"requested_on": "Asked on", "channel": "How it was asked"}
        widgets = {"requested_on": DATE_INPUT, "what_changed": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"reference": "The number the contractor gave for the request, if any."}


class ReopeningAnswerForm(CrispyMixin, forms.Form):
    submit_label = "Record the answer"
    answer = forms.ChoiceField(
        label="Medicare's answer",
        choices=[(Reopening.Answer.GRANTED, "Reopened and adjusted"), (Reopening.Answer.REFUSED, "Not reopened")],
    )
    answered_on = forms.DateField(label="Answered on", widget=DATE_INPUT)
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="E.g. the adjustment expected on the next remittance, or why it was refused.",
    )
