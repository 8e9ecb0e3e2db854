"""Pages of the letters app: access → form → one service → redirect with a message."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from palliative import pages
from palliative.access import ALL_STAFF, CLINICAL, role_required
from palliative.errors import DomainError
from palliative.models import Patient, Role
from palliative.pagination import BoundedCount, BoundedPaginator

from . import selectors, services
from .forms import (
    DocumentForm,
    LetterBodyForm,
    LMNRequestEditForm,
    LMNRequestForm,
    ResponseForm,
    ReturnForm,
    SignForm,
    SubmitForm,
    WithdrawForm,
)
from .models import Letter, LMNRequest, SupportingDocument

OUTREACH = (Role.FRONT_DESK, Role.BILLING, Role.ADMIN)


def _request(pk) -> LMNRequest:
    return get_object_or_404(LMNRequest.objects.select_related("patient", "payer", "provider"), pk=pk)


@role_required(*ALL_STAFF)
def worklist(request):
    today = timezone.localdate()
    show = request.GET.get("show", "")
    context = {"today": today, "show": show, "extra_query": urlencode({"show": show})}
    if show:
        section = selectors.worklist_section(request.user, today=today, key=show)
        if section is None:
            raise Http404("No such worklist section.")
        page = BoundedPaginator(section.queryset, 50).get_page(request.GET.get("page"))
        section.rows = page.object_list
        section.total = BoundedCount(page.paginator.counted, page.paginator.bound)
        context.update(sections=[section], page=page)
    else:
        context["sections"], context["closed"] = selectors.worklist(request.user, today=today)
    return render(request, "letters/request_list.html", context)


@role_required(*CLINICAL)
def request_create(request, patient_pk):
    patient = get_object_or_404(Patient, pk=patient_pk)
    initial = {"provider": getattr(request.user, "provider", None)}
    form = LMNRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            lmn = services.lmn_request_create(patient=patient, by=request.user, **form.service_values())
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"LMN request #{lmn.pk} opened. Attach the supporting records next.")
            return redirect(lmn)
    return render(
        request, "palliative/form.html", {"form": form, "title": "New letter of medical necessity", "patient": patient}
    )


def _request_page(request, lmn: LMNRequest, *, return_form=None):
    """The request page; a refused form from one of its actions is shown bound, with its errors."""
    letters = list(lmn.letters.select_related("signed_by").order_by("-version"))
    letter = letters[0] if letters else None
    labels = dict(LMNRequest.Status.choices)
    context = {
        "lmn": lmn,
        "patient": lmn.patient,
        "letter": letter,
        "older_letters": letters[1:],
        "missing": letter.missing_elements if letter and not letter.is_signed else [],
        "documents": lmn.documents.all(),
        "timeline": [(labels.get(c.to_status, c.to_status), c) for c in lmn.status_changes.select_related("by")],
        "clinical": request.user.has_role(*CLINICAL),
        "outreach": request.user.has_role(*OUTREACH),
        "allowed": lmn.allowed_transitions(),
        "return_form": return_form or ReturnForm(),
        "denial_actions": pages.entries(pages.DENIED_LMN_ACTION, request.user, lmn_request=lmn)
        if lmn.is_denied
        else [],
    }
    return render(request, "letters/request_detail.html", context)


@role_required(*ALL_STAFF)
def request_detail(request, pk):
    return _request_page(request, _request(pk))


@role_required(*CLINICAL)
def request_edit(request, pk):
    lmn = _request(pk)
    form = LMNRequestEditForm(request.POST or None, instance=lmn)
    if request.method == "POST" and form.is_valid():
        try:
            services.lmn_request_update(lmn_request=lmn, by=request.user, **form.service_values())
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Request saved. A letter already drafted keeps its text: edit it there.")
            return redirect(lmn)
    return render(
        request, "palliative/form.html", {"form": form, "title": f"Edit LMN request #{lmn.pk}", "patient": lmn.patient}
    )


@role_required(*CLINICAL)
@require_POST
def request_start_gathering(request, pk):
    lmn = _request(pk)
    try:
        services.lmn_start_gathering(lmn_request=lmn, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Marked as gathering records.")
    return redirect(lmn)


@role_required(*CLINICAL)
@require_POST
def request_draft(request, pk):
    lmn = _request(pk)
    try:
        letter = services.lmn_draft(lmn_request=lmn, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(lmn)
    messages.success(request, "Letter drafted from the record. Fill in anything marked [[…]].")
    return redirect("letters:letter_edit", letter.pk)


@role_required(*CLINICAL)
@require_POST
def request_send_for_review(request, pk):
    lmn = _request(pk)
    try:
        services.lmn_send_for_review(lmn_request=lmn, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Sent to the provider to review and sign.")
    return redirect(lmn)


@role_required(*CLINICAL)
@require_POST
def request_return_to_draft(request, pk):
    lmn = _request(pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.lmn_return_to_draft(lmn_request=lmn, by=request.user, note=form.cleaned_data["note"])
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Sent back for changes.")
        return redirect(lmn)
    return _request_page(request, lmn, return_form=form)


@role_required(*CLINICAL)
@require_POST
def request_new_version(request, pk):
    lmn = _request(pk)
    try:
        letter = services.lmn_new_version(lmn_request=lmn, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(lmn)
    messages.success(request, f"Version {letter.version} made. Correct it, then send it for signing again.")
    return redirect("letters:letter_edit", letter.pk)


@role_required(Role.PROVIDER)
def request_sign(request, pk):
    lmn = _request(pk)
    letter = lmn.current_letter()
    initial = {"reviewed": letter.review_digest() if letter else ""}
    form = SignForm(request.POST or None, initial=initial)
    changes = []
    if request.method == "POST" and form.is_valid():
        try:
            services.lmn_sign(
                lmn_request=lmn,
                user=request.user,
                password=form.cleaned_data["password"],
                reviewed=form.cleaned_data["reviewed"],
                http_request=request,
            )
        except services.LetterChangedSinceReview as error:
            # Show the letter as it is now, and carry its digest for the next attempt.
            changes = error.changes
            form.data = form.data.copy()
            form.data["reviewed"], form.data["password"] = initial["reviewed"], ""
            form.add_error(None, str(error))
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Letter signed. Staff can now send it to the payer.")
            return redirect(lmn)
    context = {
        "lmn": lmn,
        "letter": letter,
        "patient": lmn.patient,
        "form": form,
        "is_signer": letter is not None and letter.provider.user_id == request.user.pk,
        "missing": letter.missing_elements if letter else [],
        "changes": changes,
    }
    return render(request, "letters/request_sign.html", context)


@role_required(*OUTREACH)
def request_submit(request, pk):
    lmn = _request(pk)
    form = SubmitForm(request.POST or None, initial={"submitted_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.lmn_submit(
                lmn_request=lmn,
                submitted_on=form.cleaned_data["submitted_on"],
                method=form.cleaned_data["method"],
                reference=form.cleaned_data["reference"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Submission recorded. You will be reminded if the payer does not answer.")
            return redirect(lmn)
    return render(
        request,
        "palliative/form.html",
        {"form": form, "title": f"Send LMN #{lmn.pk} to {lmn.payer}", "patient": lmn.patient},
    )


@role_required(*OUTREACH)
def request_record_response(request, pk):
    lmn = _request(pk)
    form = ResponseForm(request.POST or None, initial={"response_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.lmn_record_response(
                lmn_request=lmn,
                approved=form.cleaned_data["outcome"] == "approved",
                response_on=form.cleaned_data["response_on"],
                denial_reason=form.cleaned_data["denial_reason"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The payer's answer is recorded.")
            return redirect(lmn)
    return render(
        request, "palliative/form.html", {"form": form, "title": f"Answer from {lmn.payer}", "patient": lmn.patient}
    )


@role_required(*CLINICAL)
def request_withdraw(request, pk):
    lmn = _request(pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.lmn_withdraw(lmn_request=lmn, reason=form.cleaned_data["reason"], by=request.user)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Request withdrawn.")
            return redirect(lmn)
    return render(
        request,
        "palliative/form.html",
        {"form": form, "title": f"Withdraw LMN request #{lmn.pk}", "patient": lmn.patient},
    )


@role_required(*CLINICAL)
def document_upload(request, pk):
    lmn = _request(pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_attach(
                lmn_request=lmn,
                uploaded=form.cleaned_data["upload"],
                doc_type=form.cleaned_data["doc_type"],
                document_date=form.cleaned_data["document_date"],
                description=form.cleaned_data["description"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error("upload", str(error))
        else:
            messages.success(request, "Document attached.")
            return redirect(lmn)
    return render(
        request,
        "palliative/form.html",
        {"form": form, "title": f"Attach a record to LMN #{lmn.pk}", "patient": lmn.patient},
    )


@role_required(*ALL_STAFF)
def document_download(request, pk):
    document = get_object_or_404(SupportingDocument, pk=pk)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.download_name,
        content_type=document.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _letter_page(request, letter: Letter, form):
    context = {
        "letter": letter,
        "patient": letter.patient,
        "lmn": letter.lmn_request,
        "form": form,
        "missing": [] if letter.is_signed else letter.missing_elements,
        "newer": Letter.objects.filter(supersedes=letter).first(),
    }
    return render(request, "letters/letter_edit.html", context)


@role_required(*CLINICAL)
def letter_edit(request, pk):
    letter = get_object_or_404(Letter.objects.select_related("patient", "provider", "payer", "lmn_request"), pk=pk)
    form = LetterBodyForm(request.POST or None, initial={"body": letter.body})
    if letter.is_signed:
        form.fields["body"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            letter = services.letter_update_body(letter=letter, body=form.cleaned_data["body"], by=request.user)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            missing = letter.missing_elements
            if missing:
                messages.warning(request, f"Saved. Still missing {len(missing)} element(s) before it can be signed.")
            else:
                messages.success(request, "Saved. The letter has every required element.")
            return redirect("letters:letter_edit", letter.pk)
    return _letter_page(request, letter, form)


@role_required(*ALL_STAFF)
def letter_pdf(request, pk):
    letter = get_object_or_404(Letter, pk=pk)
    try:
        pdf = services.letter_verified_pdf(letter=letter)
    except DomainError as error:  # tampered, or sealed with a key this server does not have
        return HttpResponse(str(error), status=409, content_type="text/plain")
    name = f"letter-{letter.pk}-v{letter.version}{'' if letter.is_signed else '-draft'}.pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
