"""Forms for remittances, denials and appeals: they validate what a biller types, nothing more."""

from django import forms
from django.utils import timezone

from palliative.forms import CrispyMixin, not_in_future
from palliative.idempotency import OnceFormMixin
from palliative.models import Payer, Role, User

from . import carc, deadlines
from .models import Appeal, PayerAppealWindow

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def billing_staff():
    return (
        User.objects.filter(is_active=True, groups__name__in=[Role.BILLING, Role.ADMIN])
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class UploadForm(CrispyMixin, forms.Form):
    submit_label = "Import"
    file = forms.FileField(
        label="835 remittance file", help_text="An ASC X12 835 (005010X221A1) file from the payer or clearinghouse."
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("This file is larger than 5 MB; an 835 for one payment is far smaller.")
        raw = upload.read()
        try:
            # UTF-8 covers ASCII and the X12 extended character set; "-sig" drops a byte-order mark.
            return upload.name, raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(
                "This is not a plain-text X12 file (it contains characters an 835 cannot have)."
            ) from exc


class PaperClaimForm(OnceFormMixin, CrispyMixin, forms.Form):
    """Step 1 of a paper remittance: which claim, from which payer, when. Its one-time token
    travels to step 2, which posts the payment once however often it is sent."""

    submit_label = "Next: enter the lines"
    patient_control_number = forms.CharField(
        max_length=20, help_text="As printed on the remittance (our claim number)."
    )
    payer = forms.ModelChoiceField(queryset=Payer.objects.all())
    trace_number = forms.CharField(label="Check or reference number", max_length=50)
    payment_date = forms.DateField(widget=DATE_INPUT)
    notice_date = forms.DateField(label="Date on the remittance notice", widget=DATE_INPUT)
    received_date = forms.DateField(
        label="Date it arrived", widget=DATE_INPUT, required=False, help_text="Leave blank if unknown."
    )
    source = forms.CharField(
        max_length=120, help_text="Where this came from, e.g. 'paper EOB mailed by the payer', 'faxed remittance'."
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean_payment_date(self):
        return not_in_future(self.cleaned_data.get("payment_date"), "payment date")

    def clean_notice_date(self):
        return not_in_future(self.cleaned_data.get("notice_date"), "notice date")

    def clean(self):
        data = super().clean()
        notice, received = data.get("notice_date"), data.get("received_date")
        if notice and received and received < notice:
            self.add_error("received_date", "The notice cannot arrive before its own date.")
        return data


class PaperLineForm(forms.Form):
    """One billed line of a paper remittance: what was paid and why the rest was not."""

    paid = forms.DecimalField(min_value=0, max_digits=9, decimal_places=2)
    group = forms.ChoiceField(choices=[("", "—"), *carc.GROUPS.items()], required=False)
    reason = forms.CharField(label="CARC", max_length=5, required=False)
    remarks = forms.CharField(label="RARCs", max_length=60, required=False, help_text="Separate with spaces.")

    def __init__(self, *args, line=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.line = line

    def clean(self):
        data = super().clean()
        paid = data.get("paid")
        if paid is None or self.line is None:
            return data
        if paid > self.line.charge:
            self.add_error("paid", f"More than the {self.line.charge} charged.")
        elif paid < self.line.charge and not (data.get("group") and data.get("reason")):
            self.add_error(
                "reason", "Enter the group and reason code the payer printed for the unpaid part (e.g. CO 45)."
            )
        return data


class AssignForm(forms.Form):
    owner = forms.ModelChoiceField(queryset=User.objects.none(), required=False, empty_label="Nobody")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = billing_staff()


class NoteForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=1000)


class ExceptionForm(forms.Form):
    reason = forms.ChoiceField(choices=carc.TIMELY_FILING_EXCEPTIONS, widget=forms.RadioSelect)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=1000)


class AppealStartForm(forms.Form):
    expedited = forms.BooleanField(required=False, help_text="Urgent care: the payer must decide within 72 hours.")
    notice_deadline = forms.DateField(
        label="Deadline printed on the notice", widget=DATE_INPUT, required=False, help_text="Used if earlier."
    )


class AppealFileForm(CrispyMixin, forms.Form):
    submit_label = "Record as filed"
    filed_on = forms.DateField(widget=DATE_INPUT, initial=timezone.localdate)
    reference = forms.CharField(label="Payer's appeal or tracking number", max_length=60, required=False)

    def clean_filed_on(self):
        return not_in_future(self.cleaned_data.get("filed_on"), "filing date")


class AppealDecideForm(CrispyMixin, forms.Form):
    submit_label = "Record the decision"
    outcome = forms.ChoiceField(
        choices=[(s, Appeal.Status(s).label.removeprefix("Decided: ").capitalize()) for s in Appeal.OUTCOMES]
    )
    decided_on = forms.DateField(label="Date of the decision notice", widget=DATE_INPUT)
    amount_recovered = forms.DecimalField(min_value=0, max_digits=10, decimal_places=2, initial=0)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=1000)

    def clean_decided_on(self):
        return not_in_future(self.cleaned_data.get("decided_on"), "decision date")


class EscalateForm(forms.Form):
    received_date = forms.DateField(
        label="Date the decision arrived", widget=DATE_INPUT, required=False, help_text="Leave blank if unknown."
    )
    notice_deadline = forms.DateField(label="Deadline printed on the decision", widget=DATE_INPUT, required=False)


class WorklistFilterForm(forms.Form):
    payer = forms.ModelChoiceField(queryset=Payer.objects.all(), required=False, empty_label="Any payer")
    category = forms.ChoiceField(choices=[("", "Any category"), *carc.CATEGORIES.items()], required=False)
    owner = forms.ChoiceField(required=False)
    level = forms.ChoiceField(
        choices=[("", "Any level"), ("none", "Not appealed yet"), *deadlines.LEVEL_LABELS.items()], required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [
            ("", "Anyone"),
            ("none", "Unassigned"),
            *[(str(u.pk), str(u)) for u in billing_staff()],
        ]


class PayerAppealWindowForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = PayerAppealWindow
        fields = ["payer", "level", "days", "source"]
