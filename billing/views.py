"""Billing pages: thin views (access → form → one service → redirect with a message)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from palliative.access import ALL_STAFF, role_required
from palliative.errors import DomainError
from palliative.models import ACPSession, Encounter, Role
from palliative.pagination import BoundedPaginator, peek_page

from . import selectors, services
from .filters import ClaimFilter
from .forms import (
    ClaimDiagnosesForm,
    ClaimLineForm,
    PayerClaimNumberForm,
    ReopeningAnswerForm,
    ReopeningForm,
    ToBillFilterForm,
)
from .models import Claim, ClaimExport, ClaimLine, Reopening

BILLERS = (Role.BILLING, Role.ADMIN)
# a screen of claims; rendering rows is most of the page's time once its queries use indexes
WORKLIST_PAGE_SIZE = 25
TO_BILL_SESSION_KEY = "to_bill_filters"


def _worklist_url(request) -> str:
    """Back to the worklist with the filters the biller had (ids and codes only)."""
    query = QueryDict(request.POST.get("filters", ""), mutable=True)
    kept = {key: query.get(key) for key in ("status", "payer", "provider", "age", "findings", "page") if query.get(key)}
    params = QueryDict(mutable=True)
    params.update(kept)
    url = reverse("billing:claim_list")
    return f"{url}?{params.urlencode()}" if kept else url


def _selected_claims(request, status: str):
    ids = [value for value in request.POST.getlist("claims") if value.isdigit()]
    return Claim.objects.filter(pk__in=ids, status=status).order_by("id")


# --- Worklist -------------------------------------------------------------------------------


@role_required(*ALL_STAFF)
def procedure_lookup(request):
    """Code suggestions for the CPT/HCPCS boxes (static/js/code-lookup.js)."""
    found = selectors.procedure_suggestions(request.GET.get("q", ""))
    return JsonResponse({"results": [{"code": code, "label": title} for code, title in found]})


@role_required(*BILLERS)
def claim_list(request):
    claim_filter = ClaimFilter(request.GET or None, queryset=selectors.claim_worklist())
    claims = claim_filter.qs if claim_filter.is_bound and claim_filter.is_valid() else selectors.claim_worklist()
    page = BoundedPaginator(claims, WORKLIST_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "billing/claim_list.html",
        {
            "filter": claim_filter,
            "page": page,
            "counts": selectors.claim_status_counts(),
            "statuses": Claim.Status.choices,
            "extra_query": query.urlencode(),
            "filters": request.GET.urlencode(),
        },
    )


@role_required(*BILLERS)
@require_POST
def claims_mark_ready(request):
    claims = list(_selected_claims(request, Claim.Status.DRAFT))
    if not claims:
        messages.error(request, "Tick the draft claims to mark ready first.")
        return redirect(_worklist_url(request))
    ready, held = services.claims_mark_ready(claims=claims, by=request.user)
    if ready:
        messages.success(request, f"{len(ready)} claim(s) marked ready to export.")
    if held:
        messages.warning(
            request,
            f"{len(held)} claim(s) held back by scrubber errors: {', '.join(str(c) for c in held)}. Open them to see what to fix.",
        )
    if not ready and not held:
        messages.info(request, "Those claims are no longer drafts: someone else marked them ready first.")
    return redirect(_worklist_url(request))


def _export(request, kind: str):
    selected = request.POST.getlist("claims")
    claims = (
        _selected_claims(request, Claim.Status.READY)
        if selected
        else Claim.objects.filter(status=Claim.Status.READY).order_by("id")
    )
    try:
        export = services.claims_export(claims=list(claims), by=request.user, kind=kind)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(_worklist_url(request))
    messages.success(
        request,
        format_html(
            '{} claim(s) exported and marked submitted. <a href="{}">Download {}</a>.',
            export.claim_count,
            reverse("billing:export_download", args=[export.pk]),
            export.filename,
        ),
    )
    return redirect("billing:export_list")


@role_required(*BILLERS)
@require_POST
def claims_export_837(request):
    return _export(request, ClaimExport.Kind.X12_837P)


@role_required(*BILLERS)
@require_POST
def claims_export_csv(request):
    return _export(request, ClaimExport.Kind.CSV)


@role_required(*BILLERS)
def export_list(request):
    page = Paginator(selectors.exports_list(), 25).get_page(request.GET.get("page"))
    return render(request, "billing/export_list.html", {"page": page})


@role_required(*BILLERS)
def export_download(request, pk):
    export = get_object_or_404(ClaimExport.objects.defer("content"), pk=pk)
    content_type = "text/csv" if export.kind == ClaimExport.Kind.CSV else "application/edi-x12"
    response = StreamingHttpResponse(selectors.export_content_chunks(export.pk), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


# --- Building claims --------------------------------------------------------------------------


@role_required(*BILLERS)
def claim_to_bill(request):
    if request.method == "POST":
        form = ToBillFilterForm(request.POST)
        request.session[TO_BILL_SESSION_KEY] = form.session_value() if form.is_valid() else {}
        return redirect("billing:claim_to_bill")
    filters = request.session.get(TO_BILL_SESSION_KEY, {})
    rows = selectors.encounters_to_bill_by_deadline(
        today=timezone.localdate(),
        patient_query=filters.get("q", ""),
        provider_id=filters.get("provider"),
        payer_id=filters.get("payer"),
        setting=filters.get("setting", ""),
    )
    page = BoundedPaginator(rows, 25).get_page(request.GET.get("page"))
    page.object_list = selectors.to_bill_page(page.object_list, today=timezone.localdate())
    # ten a page, the oldest first, with their own pager (acp_page) and no count
    sessions = peek_page(selectors.acp_sessions_to_bill(), request.GET.get("acp_page"), 10)
    return render(
        request,
        "billing/claim_to_bill.html",
        {
            "page": page,
            "sessions": sessions,
            "form": ToBillFilterForm(initial=filters),
            "filtered": any(filters.values()),
        },
    )


def _built(request, claim: Claim):
    if claim.scrub_errors:
        messages.warning(request, f"Claim {claim} built; the scrubber found {claim.scrub_errors} error(s) to fix.")
    else:
        messages.success(request, f"Claim {claim} built and clean: mark it ready when you have checked it.")
    return redirect(claim)


@role_required(*BILLERS)
@require_POST
def claim_build_encounter(request, encounter_pk):
    encounter = get_object_or_404(Encounter, pk=encounter_pk)
    try:
        claim = services.claim_build_from_encounter(encounter=encounter, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("billing:claim_to_bill")
    return _built(request, claim)


@role_required(*BILLERS)
@require_POST
def claim_build_acp(request, session_pk):
    session = get_object_or_404(ACPSession, pk=session_pk)
    try:
        claim = services.claim_build_from_acp_session(session=session, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("billing:claim_to_bill")
    return _built(request, claim)


# --- One claim --------------------------------------------------------------------------------


def _claim(pk) -> Claim:
    return get_object_or_404(
        Claim.objects.select_related(
            "patient", "coverage__payer", "rendering_provider", "encounter", "original_claim", "created_by"
        ),
        pk=pk,
    )


def _claim_page(request, claim: Claim, *, payer_number_form=None):
    """The claim page; a refused form from one of its actions is shown bound, with its errors."""
    context = selectors.claim_detail_context(claim)
    context["payer_number_form"] = payer_number_form or PayerClaimNumberForm(
        initial={"payer_claim_number": claim.payer_claim_number}
    )
    return render(request, "billing/claim_detail.html", context)


@role_required(*BILLERS)
def claim_detail(request, pk):
    return _claim_page(request, _claim(pk))


@role_required(*BILLERS)
@require_POST
def claim_mark_ready(request, pk):
    claim = _claim(pk)
    try:
        services.claim_mark_ready(claim=claim, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Claim {claim} is ready to export.")
    return redirect(claim)


@role_required(*BILLERS)
@require_POST
def claim_send_back(request, pk):
    claim = _claim(pk)
    try:
        services.claim_send_back(claim=claim, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Claim {claim} is a draft again: edit it, then mark it ready.")
    return redirect(claim)


@role_required(*BILLERS)
@require_POST
def claim_rescrub(request, pk):
    claim = _claim(pk)
    findings = services.claim_scrub(claim=claim)
    errors = sum(f.is_error for f in findings)
    messages.info(request, f"Scrubbed: {errors} error(s), {len(findings) - errors} warning(s).")
    return redirect(claim)


@role_required(*BILLERS)
@require_POST
def claim_replace(request, pk):
    claim = _claim(pk)
    try:
        replacement = services.claim_build_replacement(claim=claim, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(claim)
    messages.success(
        request, f"Replacement {replacement} of claim {claim} created as a draft: correct it, then mark it ready."
    )
    return redirect(replacement)


@role_required(*BILLERS)
@require_POST
def claim_resend_as_new(request, pk):
    claim = _claim(pk)
    try:
        new = services.claim_resend_as_new(claim=claim, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(claim)
    messages.success(
        request, f"New claim {new} for the rejected claim {claim} created as a draft: fix it, then mark it ready."
    )
    return redirect(new)


@role_required(*BILLERS)
@require_POST
def claim_void(request, pk):
    claim = _claim(pk)
    try:
        void = services.claim_void(claim=claim, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(claim)
    messages.success(request, f"Claim {claim} voided ({void} carries the void).")
    return redirect(void)


@role_required(*BILLERS)
@require_POST
def claim_payer_number(request, pk):
    claim = _claim(pk)
    form = PayerClaimNumberForm(request.POST)
    if form.is_valid():
        try:
            services.claim_payer_number_set(
                claim=claim, number=form.cleaned_data["payer_claim_number"], by=request.user
            )
        except DomainError as error:
            form.add_error("payer_claim_number", str(error))
        else:
            messages.success(request, "Payer claim number saved.")
            return redirect(claim)
    return _claim_page(request, claim, payer_number_form=form)


@role_required(*BILLERS)
def claim_fhir(request, pk):
    claim = _claim(pk)
    from . import fhir  # fhir.resources takes about a second to import: only when exporting.

    response = HttpResponse(fhir.claim_bundle_json(claim), content_type="application/fhir+json")
    response["Content-Disposition"] = f'attachment; filename="claim-{claim.patient_control_number}.fhir.json"'
    return response


# --- Reopenings (Medicare Part B clerical corrections) ------------------------------------------


@role_required(*BILLERS)
def claim_reopening_add(request, pk):
    claim = _claim(pk)
    form = ReopeningForm(request.POST or None, initial={"requested_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_reopening_request(claim=claim, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Reopening recorded. Record Medicare's answer here when it comes.")
            return redirect(claim)
    title = f"Claim {claim}: reopening for a clerical error"
    return render(request, "palliative/form.html", {"form": form, "title": title, "patient": claim.patient})


@role_required(*BILLERS)
def reopening_answer(request, pk):
    reopening = get_object_or_404(Reopening.objects.select_related("claim__patient"), pk=pk)
    claim = reopening.claim
    form = ReopeningAnswerForm(request.POST or None, initial={"answered_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.reopening_answer(
                reopening=reopening,
                answer=data["answer"],
                answered_on=data["answered_on"],
                note=data["note"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Answer recorded.")
            return redirect(claim)
    title = f"Claim {claim}: Medicare's answer to the reopening of {reopening.requested_on:%m/%d/%Y}"
    return render(request, "palliative/form.html", {"form": form, "title": title, "patient": claim.patient})


# --- Editing a draft --------------------------------------------------------------------------


def _draft_form_page(request, claim: Claim, form, title: str):
    return render(request, "palliative/form.html", {"form": form, "title": title, "patient": claim.patient})


def _not_a_draft(request, claim: Claim):
    messages.error(request, f"Claim {claim} is {claim.get_status_display().lower()}: only a draft can be edited.")
    return redirect(claim)


def _line_initial(claim: Claim, line: ClaimLine | None) -> dict:
    if line is None:
        first = claim.lines.order_by("line_number").first()
        return {"units": 1, "diagnosis_pointers": "1", "date_of_service": first.date_of_service if first else None}
    return {
        "procedure_code": line.procedure_code,
        "modifiers": " ".join(line.modifiers),
        "units": line.units,
        "charge": line.charge,
        "diagnosis_pointers": " ".join(str(p) for p in line.diagnosis_pointers),
        "date_of_service": line.date_of_service,
    }


@role_required(*BILLERS)
def claim_line_add(request, pk):
    claim = _claim(pk)
    if not claim.is_editable:
        return _not_a_draft(request, claim)
    form = ClaimLineForm(
        request.POST or None, initial=_line_initial(claim, None), diagnosis_count=len(claim.diagnosis_codes)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_line_save(claim=claim, line=None, data=form.cleaned_data, by=request.user)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Line added and the claim scrubbed again.")
            return redirect(claim)
    return _draft_form_page(request, claim, form, f"Claim {claim}: add a line")


@role_required(*BILLERS)
def claim_line_edit(request, pk):
    line = get_object_or_404(ClaimLine, pk=pk)
    claim = _claim(line.claim_id)
    if not claim.is_editable:
        return _not_a_draft(request, claim)
    form = ClaimLineForm(
        request.POST or None, initial=_line_initial(claim, line), diagnosis_count=len(claim.diagnosis_codes)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_line_save(claim=claim, line=line, data=form.cleaned_data, by=request.user)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Line saved and the claim scrubbed again.")
            return redirect(claim)
    return _draft_form_page(request, claim, form, f"Claim {claim}: edit line {line.line_number}")


@role_required(*BILLERS)
@require_POST
def claim_line_delete(request, pk):
    line = get_object_or_404(ClaimLine.objects.select_related("claim"), pk=pk)
    try:
        services.claim_line_delete(line=line, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Line removed and the claim scrubbed again.")
    return redirect(line.claim)


@role_required(*BILLERS)
def claim_diagnoses_edit(request, pk):
    claim = _claim(pk)
    if not claim.is_editable:
        return _not_a_draft(request, claim)
    form = ClaimDiagnosesForm(
        request.POST or None,
        initial={"codes": claim.diagnosis_codes},
        dates_of_service=tuple(claim.lines.values_list("date_of_service", flat=True).distinct()),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_diagnoses_set(claim=claim, codes=form.cleaned_data["codes"], by=request.user)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Diagnoses saved and the claim scrubbed again. Check the lines' pointers.")
            return redirect(claim)
    return _draft_form_page(request, claim, form, f"Claim {claim}: diagnoses")
