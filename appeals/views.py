"""Billing's pages for remittances, denials and appeals: access → form → one service → redirect."""

from datetime import date, timedelta

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from billing.models import Claim
from letters.forms import LetterBodyForm, SignForm
from palliative.access import role_required
from palliative.errors import DomainError
from palliative.idempotency import FIELD as FORM_TOKEN
from palliative.idempotency import once_per_form
from palliative.models import Payer, Role
from palliative.pagination import BoundedPaginator

from . import carc, deadlines, selectors, services, x835
from .forms import (
    AppealDecideForm,
    AppealFileForm,
    AppealStartForm,
    AssignForm,
    EscalateForm,
    ExceptionForm,
    NoteForm,
    PaperClaimForm,
    PaperLineForm,
    PayerAppealWindowForm,
    UploadForm,
    WorklistFilterForm,
)
from .models import Appeal, Denial, LinePayment, PayerAppealWindow, Remittance, RemittanceImport
from .x835 import RemittanceFileError

BILLERS = (Role.BILLING, Role.ADMIN)
PAPER_SESSION_KEY = "appeals_paper_remittance"


# --- Worklist and dashboard --------------------------------------------------------------------


# a screen of denials; rendering rows is most of the page's time once its queries use indexes
WORKLIST_PAGE_SIZE = 25


@role_required(*BILLERS)
def denial_list(request):
    form = WorklistFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    scope = request.GET.get("scope", "open")
    rows = selectors.worklist(
        payer=filters.get("payer"),
        category=filters.get("category", ""),
        owner=filters.get("owner", ""),
        level=filters.get("level", ""),
        carc_code=carc.normalize(request.GET.get("carc", ""))[:5],
        acp=request.GET.get("acp") == "1",
        scope=scope,
    )
    page = BoundedPaginator(rows, WORKLIST_PAGE_SIZE, count_in_order=True).get_page(request.GET.get("page"))
    params = {k: v for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "appeals/denial_list.html",
        {
            "page": page,
            "form": form,
            "scope": scope,
            "today": timezone.localdate(),
            "week_end": timezone.localdate() + timedelta(days=7),
            "extra_query": urlencode(params),
            "filtered": bool(params),
        },
    )


@role_required(*BILLERS)
def dashboard(request):
    snapshot = services.dashboard_current(today=timezone.localdate())
    return render(request, "appeals/dashboard.html", {"board": snapshot.figures, "as_of": snapshot.computed_at})


@role_required(*BILLERS)
def appeal_list(request):
    rows = selectors.appeal_rows(
        level=request.GET.get("level", ""),
        outcome=request.GET.get("outcome", ""),
        recovered=request.GET.get("recovered") == "1",
    )
    page = BoundedPaginator(rows, 50).get_page(request.GET.get("page"))
    params = {k: v for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "appeals/appeal_list.html",
        {
            "page": page,
            "extra_query": urlencode(params),
            "levels": deadlines.LEVEL_LABELS,
            "statuses": [("decided", "Decided"), ("won", "Won (overturned or partly)"), *Appeal.Status.choices],
            "params": params,
        },
    )


@role_required(*BILLERS)
def claim_age_list(request):
    bucket = request.GET.get("bucket", "")
    rows = selectors.claims_in_bucket(bucket=bucket, today=timezone.localdate())
    page = BoundedPaginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "appeals/claim_age_list.html",
        {"page": page, "bucket": bucket, "extra_query": urlencode({"bucket": bucket}), "today": timezone.localdate()},
    )


# --- Denials -----------------------------------------------------------------------------------


def _denial(pk) -> Denial:
    return get_object_or_404(
        Denial.objects.select_related(
            "claim__patient", "claim__coverage", "claim_line", "payer", "owner", "claim_payment__remittance"
        ),
        pk=pk,
    )


def _denial_page(request, denial: Denial, **forms):
    """The denial page; a refused form from one of its actions is passed in bound, with its errors."""
    appeals = denial.appeals.select_related("owner").order_by("id")
    texts = selectors.denial_code_texts(denial)
    context = {
        "denial": denial,
        "carc_meaning": texts.carc(denial.carc),
        "rarc_meanings": texts.rarcs(denial.rarcs),
        "patient": denial.claim.patient,
        "appeals": appeals,
        "open_appeal": next((a for a in appeals if a.is_pending), None),
        "timeline": denial.status_changes.select_related("by"),
        "assign_form": AssignForm(initial={"owner": denial.owner_id}),
        "start_form": AppealStartForm(),
        "exception_form": ExceptionForm(initial={"reason": denial.exception_reason}),
        "write_off_form": NoteForm(),
        "route_label": carc.ROUTES[denial.route],
        "first_level_label": deadlines.LEVEL_LABELS[deadlines.first_level(denial.payer.payer_type)].lower(),
        "category_hint": carc.carc_for(denial.carc).hint,
        **forms,
    }
    return render(request, "appeals/denial_detail.html", context)


@role_required(*BILLERS)
def denial_detail(request, pk):
    return _denial_page(request, _denial(pk))


@role_required(*BILLERS)
@require_POST
def denial_assign(request, pk):
    denial = _denial(pk)
    form = AssignForm(request.POST)
    if form.is_valid():
        try:
            services.denial_assign(denial=denial, owner=form.cleaned_data["owner"], by=request.user)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Owner saved.")
            return redirect(denial)
    return _denial_page(request, denial, assign_form=form)


@role_required(*BILLERS)
@require_POST
def denial_write_off(request, pk):
    denial = _denial(pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.denial_write_off(denial=denial, by=request.user, note=form.cleaned_data["note"])
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Denial #{denial.pk} written off.")
            return redirect(denial)
    return _denial_page(request, denial, write_off_form=form)


@role_required(*BILLERS)
@require_POST
def denial_reopen(request, pk):
    denial = _denial(pk)
    try:
        services.denial_reopen(denial=denial, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Denial #{denial.pk} reopened.")
    return redirect(denial)


@role_required(*BILLERS)
@require_POST
def denial_correct(request, pk):
    denial = _denial(pk)
    try:
        replacement = services.denial_send_corrected_claim(denial=denial, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(denial)
    messages.success(request, f"Replacement claim {replacement} started: correct it, then send it.")
    return redirect(replacement)


@role_required(*BILLERS)
@require_POST
def denial_request_exception(request, pk):
    denial = _denial(pk)
    form = ExceptionForm(request.POST)
    if form.is_valid():
        try:
            services.denial_request_exception(
                denial=denial, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"], by=request.user
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Exception recorded.")
            return redirect(denial)
    return _denial_page(request, denial, exception_form=form)


@role_required(*BILLERS)
@require_POST
def denial_exception_granted(request, pk):
    denial = _denial(pk)
    try:
        services.denial_record_exception_granted(denial=denial, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Exception granted: the denial is closed as won.")
    return redirect(denial)


@role_required(*BILLERS)
@require_POST
def appeal_start(request, pk):
    denial = _denial(pk)
    form = AppealStartForm(request.POST)
    if form.is_valid():
        try:
            appeal = services.appeal_start(
                denial=denial,
                by=request.user,
                expedited=form.cleaned_data["expedited"],
                notice_deadline=form.cleaned_data["notice_deadline"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{appeal.get_level_display()} started; file it by {appeal.deadline:%m/%d/%Y}.")
            return redirect(appeal)
    return _denial_page(request, denial, start_form=form)


@role_required(*BILLERS)
@require_POST
def denial_lmn_and_appeal(request, pk):
    denial = _denial(pk)
    try:
        appeal = services.denial_request_lmn_and_appeal(denial=denial, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(denial)
    messages.success(
        request,
        f"{appeal.get_level_display()} started (file by {appeal.deadline:%m/%d/%Y}) and "
        f"LMN request #{appeal.lmn_request_id} opened for {appeal.lmn_request.provider}.",
    )
    return redirect(appeal)


# --- Appeals -----------------------------------------------------------------------------------


def _appeal(pk) -> Appeal:
    return get_object_or_404(
        Appeal.objects.select_related(
            "denial__claim__patient",
            "denial__claim__rendering_provider",
            "denial__payer",
            "denial__claim_line",
            "owner",
            "previous",
            "letter__provider",
            "lmn_request",
        ),
        pk=pk,
    )


def _appeal_page(request, appeal: Appeal, **forms):
    """The appeal page; a refused form from one of its actions is passed in bound, with its errors."""
    letter = services.appeal_letter_as_it_will_be_signed(appeal=appeal)
    today = timezone.localdate()
    context = {
        "appeal": appeal,
        "denial": appeal.denial,
        "carc_meaning": selectors.denial_code_texts(appeal.denial).carc(appeal.denial.carc),
        "patient": appeal.denial.claim.patient,
        "timeline": appeal.status_changes.select_related("by"),
        "allowed": appeal.allowed_transitions(),
        "file_form": AppealFileForm(),
        "decide_form": AppealDecideForm(initial={"decided_on": today}),
        "escalate_form": EscalateForm(),
        "withdraw_form": NoteForm(),
        "urgency": deadlines.urgency(appeal.next_date, today),
        "next_level_label": deadlines.LEVEL_LABELS.get(appeal.next_level or "", ""),
        "escalation": Appeal.objects.filter(previous=appeal).first(),
        "today": today,
        "letter": letter,
        "letter_form": LetterBodyForm(initial={"body": letter.body}) if letter else None,
        "sign_form": SignForm(),
        "missing": letter.missing_elements if letter and not letter.is_signed else [],
        "signed_lmn": selectors.appeal_signed_lmn(appeal=appeal),
        "can_sign": bool(
            letter and not letter.is_signed and getattr(request.user, "provider", None) == letter.provider
        ),
        "is_biller": request.user.has_role(*BILLERS),
        **forms,
    }
    return render(request, "appeals/appeal_detail.html", context)


@role_required(Role.BILLING, Role.ADMIN, Role.PROVIDER)
def appeal_detail(request, pk):
    return _appeal_page(request, _appeal(pk))


@role_required(*BILLERS)
@require_POST
def appeal_file(request, pk):
    appeal = _appeal(pk)
    form = AppealFileForm(request.POST)
    if form.is_valid():
        try:
            appeal = services.appeal_file(
                appeal=appeal,
                filed_on=form.cleaned_data["filed_on"],
                reference=form.cleaned_data["reference"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            due = f"; decision due {appeal.decision_due:%m/%d/%Y}" if appeal.decision_due else ""
            messages.success(request, f"Appeal recorded as filed{due}.")
            return redirect(appeal)
    return _appeal_page(request, appeal, file_form=form)


@role_required(*BILLERS)
@require_POST
def appeal_decide(request, pk):
    appeal = _appeal(pk)
    form = AppealDecideForm(request.POST)
    if form.is_valid():
        try:
            appeal = services.appeal_decide(
                appeal=appeal,
                outcome=form.cleaned_data["outcome"],
                decided_on=form.cleaned_data["decided_on"],
                amount_recovered=form.cleaned_data["amount_recovered"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Decision recorded: {appeal.get_status_display().lower()}.")
            return redirect(appeal)
    return _appeal_page(request, appeal, decide_form=form)


@role_required(*BILLERS)
@require_POST
def appeal_escalate(request, pk):
    appeal = _appeal(pk)
    form = EscalateForm(request.POST)
    if form.is_valid():
        try:
            escalation = services.appeal_escalate(
                appeal=appeal,
                by=request.user,
                received_date=form.cleaned_data["received_date"],
                notice_deadline=form.cleaned_data["notice_deadline"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"{escalation.get_level_display()} started; file it by {escalation.deadline:%m/%d/%Y}."
            )
            return redirect(escalation)
    return _appeal_page(request, appeal, escalate_form=form)


@role_required(*BILLERS)
@require_POST
def appeal_withdraw(request, pk):
    appeal = _appeal(pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            appeal = services.appeal_withdraw(appeal=appeal, by=request.user, note=form.cleaned_data["note"])
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Appeal withdrawn; the denial is open again.")
            return redirect(appeal)
    return _appeal_page(request, appeal, withdraw_form=form)


# --- Appeal letters and LMN ----------------------------------------------------------------------


@role_required(*BILLERS)
@require_POST
def appeal_letter_draft(request, pk):
    appeal = _appeal(pk)
    try:
        letter = services.appeal_letter_draft(appeal=appeal, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(appeal)
    missing = letter.missing_elements
    if missing:
        messages.warning(
            request, f"Letter drafted; {len(missing)} item(s) still to write before the provider can sign."
        )
    else:
        messages.success(request, f"Letter drafted and sent to {letter.provider} for signature.")
    return redirect(appeal)


@role_required(Role.BILLING, Role.ADMIN, Role.PROVIDER)
@require_POST
def appeal_letter_update(request, pk):
    appeal = _appeal(pk)
    form = LetterBodyForm(request.POST)
    if form.is_valid():
        try:
            letter = services.appeal_letter_update(appeal=appeal, body=form.cleaned_data["body"], by=request.user)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            missing = letter.missing_elements
            if missing:
                messages.warning(request, f"Saved. Still missing {len(missing)} item(s) before it can be signed.")
            else:
                messages.success(request, "Saved. The letter is complete and waits for the provider's signature.")
            return redirect(appeal)
    return _appeal_page(request, appeal, letter_form=form)


@role_required(Role.PROVIDER)
@require_POST
def appeal_letter_sign(request, pk):
    appeal = _appeal(pk)
    form = SignForm(request.POST)
    if form.is_valid():
        try:
            services.appeal_letter_sign(
                appeal=appeal,
                user=request.user,
                password=form.cleaned_data["password"],
                reviewed=form.cleaned_data["reviewed"],
                http_request=request,
            )
        except DomainError as error:
            form.add_error(None, str(error))
            for change in getattr(error, "changes", []):
                form.add_error(None, change)
        else:
            messages.success(request, "Appeal letter signed. Billing can now file the appeal.")
            return redirect(appeal)
    return _appeal_page(request, appeal, sign_form=form)


@role_required(*BILLERS)
@require_POST
def appeal_letter_new_version(request, pk):
    appeal = _appeal(pk)
    try:
        services.appeal_letter_new_version(appeal=appeal, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(appeal)
    messages.success(request, "New version made: correct it, then ask the provider to sign again.")
    return redirect(appeal)


# --- Remittances -------------------------------------------------------------------------------


@role_required(*BILLERS)
def remittance_list(request):
    rows = Remittance.objects.select_related("payer", "posted_by").order_by("-posted_at", "-id")
    page = BoundedPaginator(rows, 50).get_page(request.GET.get("page"))
    imports = RemittanceImport.objects.select_related("created_by").defer("content")[:5]
    return render(request, "appeals/remittance_list.html", {"page": page, "imports": imports})


@role_required(*BILLERS)
def remittance_detail(request, pk):
    remittance = get_object_or_404(Remittance.objects.select_related("payer", "posted_by"), pk=pk)
    payments = list(
        remittance.claim_payments.select_related("claim__patient").prefetch_related(
            Prefetch("lines", queryset=LinePayment.objects.select_related("claim_line", "denial")),
            Prefetch("denials", queryset=Denial.objects.filter(line_payment__isnull=True)),
        )
    )
    context = {
        "remittance": remittance,
        "payments": payments,
        "codes": selectors.remittance_code_texts(remittance, payments),
        "reconciliation": selectors.remittance_reconciliation(remittance),
    }
    return render(request, "appeals/remittance_detail.html", context)


@role_required(*BILLERS)
def remittance_upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        name, text = form.cleaned_data["file"]
        try:
            job = services.remittance_import_queue(text=text, file_name=name, by=request.user)
        except RemittanceFileError as exc:
            return render(
                request,
                "appeals/remittance_upload.html",
                {"form": form, "problems": x835.problems_shown(exc.problems), "file_name": name},
            )
        return redirect(job)
    return render(request, "appeals/remittance_upload.html", {"form": form})


@role_required(*BILLERS)
def credit_balance_list(request):
    page = BoundedPaginator(selectors.credit_balance_claims(), 50).get_page(request.GET.get("page"))
    return render(request, "appeals/credit_balance_list.html", {"page": page})


@role_required(*BILLERS)
def remittance_import_detail(request, pk):
    job = get_object_or_404(RemittanceImport.objects.select_related("created_by"), pk=pk)
    remittances = job.remittances.select_related("payer") if job.status == RemittanceImport.Status.DONE else []
    return render(request, "appeals/remittance_import_detail.html", {"job": job, "remittances": remittances})


@role_required(*BILLERS)
def remittance_paper(request):
    form = PaperClaimForm(request.POST or None, initial=request.session.get(PAPER_SESSION_KEY, {}).get("form"))
    if request.method == "POST" and form.is_valid():
        claim = Claim.objects.filter(patient_control_number=form.cleaned_data["patient_control_number"].strip()).first()
        if claim is None:
            form.add_error("patient_control_number", "No claim of ours has this number; check the remittance.")
        else:
            data = {
                key: (value.isoformat() if hasattr(value, "isoformat") else value)
                for key, value in form.cleaned_data.items()
            }
            data["payer"] = form.cleaned_data["payer"].pk
            data[FORM_TOKEN] = str(form.cleaned_data[FORM_TOKEN] or "")
            request.session[PAPER_SESSION_KEY] = {"form": data, "claim": claim.pk}
            return redirect("appeals:remittance_paper_lines")
    return render(request, "appeals/remittance_paper.html", {"form": form})


@role_required(*BILLERS)
@once_per_form
def remittance_paper_lines(request):
    stored = request.session.get(PAPER_SESSION_KEY)
    if not stored:
        messages.info(request, "Start with the claim and the check details.")
        return redirect("appeals:remittance_paper")
    claim = get_object_or_404(Claim.objects.select_related("patient"), pk=stored["claim"])
    header = stored["form"]
    lines = list(claim.lines.order_by("line_number"))
    forms = [
        PaperLineForm(request.POST or None, prefix=f"line{line.pk}", line=line, initial={"paid": line.charge})
        for line in lines
    ]
    if request.method == "POST" and all(f.is_valid() for f in forms):
        try:
            remittance = services.remittance_enter_paper(
                claim=claim,
                payer=get_object_or_404(Payer, pk=header["payer"]),
                trace_number=header["trace_number"],
                payment_date=date.fromisoformat(header["payment_date"]),
                notice_date=date.fromisoformat(header["notice_date"]),
                received_date=date.fromisoformat(header["received_date"]) if header.get("received_date") else None,
                origin=header.get("source", ""),
                notes=header.get("notes", ""),
                lines=[
                    services.PaperLine(
                        claim_line=f.line,
                        paid=f.cleaned_data["paid"],
                        group=f.cleaned_data["group"],
                        reason=f.cleaned_data["reason"],
                        remarks=f.cleaned_data["remarks"].split(),
                    )
                    for f in forms
                ],
                by=request.user,
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            del request.session[PAPER_SESSION_KEY]
            messages.success(request, f"Paper remittance {remittance.trace_number} posted to claim {claim}.")
            return redirect(remittance)
    return render(
        request,
        "appeals/remittance_paper_lines.html",
        {"claim": claim, "patient": claim.patient, "rows": list(zip(lines, forms, strict=True)), "header": header},
    )


# --- Payer appeal windows ------------------------------------------------------------------------


@role_required(*BILLERS)
def window_list(request):
    windows = PayerAppealWindow.objects.select_related("payer")
    return render(request, "appeals/window_list.html", {"windows": windows})


@role_required(*BILLERS)
def window_create(request):
    form = PayerAppealWindowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.payer_appeal_window_save(window=form.instance, by=request.user)
        messages.success(request, "Payer appeal window saved; new deadlines use it when it is shorter.")
        return redirect("appeals:window_list")
    return render(request, "palliative/form.html", {"form": form, "title": "Payer appeal window"})


@role_required(*BILLERS)
def window_edit(request, pk):
    window = get_object_or_404(PayerAppealWindow, pk=pk)
    form = PayerAppealWindowForm(request.POST or None, instance=window)
    if request.method == "POST" and form.is_valid():
        services.payer_appeal_window_save(window=form.instance, by=request.user)
        messages.success(request, "Payer appeal window saved.")
        return redirect("appeals:window_list")
    return render(request, "palliative/form.html", {"form": form, "title": f"Edit {window}"})
