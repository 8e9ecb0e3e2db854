from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import pages, rules, selectors, services
from .access import ALL_STAFF, CLINICAL, role_required
from .errors import DomainError
from .forms import (
    ACPAddendumForm,
    ACPSessionForm,
    CoverageForm,
    DeathForm,
    EncounterAddendumForm,
    EncounterForm,
    EncounterScheduleForm,
    HospiceElectionForm,
    PatientForm,
    PatientSearchForm,
    PayerForm,
    ProviderForm,
    StaffForm,
    StaffPasswordForm,
)
from .idempotency import once_per_form
from .models import (
    ACPSession,
    Coverage,
    Encounter,
    HospiceElection,
    Notification,
    Patient,
    Payer,
    Provider,
    Role,
    User,
)

PATIENT_EDITORS = (Role.FRONT_DESK, Role.ADMIN)
SEARCH_SESSION_KEY = "patient_search"


@role_required(*ALL_STAFF)
def home(request):
    return render(request, "home.html", {"panels": pages.entries(pages.HOME_PANEL, request.user)})


# --- Patients -----------------------------------------------------------------------------


@role_required(*ALL_STAFF)
def patient_list(request):
    # The search text is kept in the session, not the URL: names and birth dates are PHI.
    query = request.session.get(SEARCH_SESSION_KEY, "")
    patients = selectors.patient_search(query)
    page = Paginator(patients, 25).get_page(request.GET.get("page"))
    page.object_list = request.patients_shown = list(page.object_list)  # what the PHI read audit records
    form = PatientSearchForm(initial={"q": query})
    return render(request, "palliative/patient_list.html", {"page": page, "form": form, "query": query})


@role_required(*ALL_STAFF)
@require_POST
def patient_search(request):
    form = PatientSearchForm(request.POST)
    request.session[SEARCH_SESSION_KEY] = form.cleaned_data["q"].strip() if form.is_valid() else ""
    return redirect("palliative:patient_list")


@role_required(*ALL_STAFF)
def icd10_lookup(request):
    """Code suggestions for every diagnoses box (static/js/code-lookup.js)."""
    found = selectors.icd10_suggestions(request.GET.get("q", ""))
    return JsonResponse({"results": [{"code": code, "label": title} for code, title in found]})


@role_required(*PATIENT_EDITORS)
@once_per_form
def patient_create(request):
    form = PatientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        patient = services.patient_save(patient=form.instance, by=request.user)
        messages.success(request, f"Patient {patient.mrn} added. Add their insurance next.")
        return redirect("palliative:coverage_create", patient.pk)
    return render(request, "palliative/form.html", {"form": form, "title": "New patient"})


@role_required(*ALL_STAFF)
def patient_detail(request, pk):
    patient = get_object_or_404(Patient, pk=pk)
    all_history = request.GET.get("history") == "all"
    context = selectors.patient_detail_context(
        patient,
        user=request.user,
        all_history=all_history,
        visits_page=request.GET.get("visits_page"),
        acp_page=request.GET.get("acp_page"),
    )
    return render(request, "palliative/patient_detail.html", context)


@role_required(*PATIENT_EDITORS)
def patient_edit(request, pk):
    patient = get_object_or_404(Patient, pk=pk)
    form = PatientForm(request.POST or None, instance=patient)
    if request.method == "POST" and form.is_valid():
        services.patient_save(patient=form.instance, by=request.user)
        messages.success(request, "Patient details saved.")
        return redirect(patient)
    return render(
        request, "palliative/form.html", {"form": form, "title": f"Edit patient {patient.mrn}", "patient": patient}
    )


@role_required(*CLINICAL)
def patient_record_death(request, pk):
    patient = get_object_or_404(Patient, pk=pk)
    form = DeathForm(request.POST or None, patient=patient, initial={"date_of_death": patient.date_of_death})
    if request.method == "POST" and form.is_valid():
        try:
            open_items = services.patient_record_death(
                patient=patient, date_of_death=form.cleaned_data["date_of_death"], by=request.user
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            if open_items:
                messages.warning(
                    request, f"Date of death recorded. {len(open_items)} open item(s) are flagged for review."
                )
            else:
                messages.success(request, "Date of death recorded.")
            return redirect(patient)
    return render(request, "palliative/form.html", {"form": form, "title": "Record date of death", "patient": patient})


@role_required(Role.ADMIN, Role.BILLING)
@require_POST
def patient_mark_reviewed(request, pk):
    patient = get_object_or_404(Patient, pk=pk)
    services.patient_mark_reviewed(patient=patient)
    messages.success(request, "Open work reviewed.")
    return redirect(patient)


# --- Coverage and hospice -------------------------------------------------------------------


@role_required(*PATIENT_EDITORS)
@once_per_form
def coverage_create(request, patient_pk):
    patient = get_object_or_404(Patient, pk=patient_pk)
    form = CoverageForm(
        request.POST or None, patient=patient, initial={"effective_from": timezone.localdate().replace(month=1, day=1)}
    )
    if request.method == "POST" and form.is_valid():
        services.coverage_save(coverage=form.instance, patient=patient, by=request.user)
        messages.success(request, "Coverage added.")
        return redirect(patient)
    return render(request, "palliative/form.html", {"form": form, "title": "Add coverage", "patient": patient})


@role_required(*PATIENT_EDITORS)
def coverage_edit(request, pk):
    coverage = get_object_or_404(Coverage.objects.select_related("patient"), pk=pk)
    form = CoverageForm(request.POST or None, instance=coverage, patient=coverage.patient)
    if request.method == "POST" and form.is_valid():
        services.coverage_save(coverage=form.instance, patient=coverage.patient, by=request.user)
        messages.success(request, "Coverage saved.")
        return redirect(coverage.patient)
    return render(
        request, "palliative/form.html", {"form": form, "title": "Edit coverage", "patient": coverage.patient}
    )


@role_required(*CLINICAL)
def hospice_create(request, patient_pk):
    patient = get_object_or_404(Patient, pk=patient_pk)
    form = HospiceElectionForm(request.POST or None, patient=patient)
    if request.method == "POST" and form.is_valid():
        services.hospice_election_save(election=form.instance, patient=patient, by=request.user)
        messages.success(
            request, "Hospice election recorded: billing will apply hospice modifiers from its start date."
        )
        return redirect(patient)
    return render(
        request, "palliative/form.html", {"form": form, "title": "Record hospice election", "patient": patient}
    )


@role_required(*CLINICAL)
def hospice_edit(request, pk):
    election = get_object_or_404(HospiceElection.objects.select_related("patient"), pk=pk)
    form = HospiceElectionForm(request.POST or None, instance=election, patient=election.patient)
    if request.method == "POST" and form.is_valid():
        services.hospice_election_save(election=form.instance, patient=election.patient, by=request.user)
        messages.success(request, "Hospice election saved.")
        return redirect(election.patient)
    return render(
        request, "palliative/form.html", {"form": form, "title": "Edit hospice election", "patient": election.patient}
    )


# --- Encounters and ACP ---------------------------------------------------------------------


def _encounter_saved(request, encounter: Encounter, warnings: list[str]):
    messages.success(request, "Encounter saved.")
    for warning in warnings:
        messages.warning(request, warning)
    return redirect(encounter)


def _documents(user) -> bool:
    """Providers and admins get the clinical form; the front desk the scheduling one."""
    return user.has_role(Role.PROVIDER, Role.ADMIN)


def _reason(form) -> str:
    return form.cleaned_data.get("change_reason", "")


def _not_editable(request, record):
    """The edit page of a record `request.user` may not edit, or that a sent claim billed."""
    context = selectors.documentation_context(record, request.user)
    if context["sent_claims"] and context["can_add_addendum"]:
        messages.warning(request, "This record was billed on a claim already sent: add an addendum instead.")
        name = "palliative:encounter_addendum" if isinstance(record, Encounter) else "palliative:acp_addendum"
        return redirect(name, record.pk)
    if context["sent_claims"]:
        messages.error(request, "This record was billed on a claim already sent; only its provider adds an addendum.")
    else:
        messages.error(request, f"Only {record.provider} documents this record, or an admin with a reason.")
    return redirect(record)


@role_required(*CLINICAL)
@once_per_form
def encounter_create(request, patient_pk):
    patient = get_object_or_404(Patient, pk=patient_pk)
    initial = {"date_of_service": timezone.localdate()}
    if hasattr(request.user, "provider"):
        initial["provider"] = request.user.provider
    if _documents(request.user):
        form = EncounterForm(
            request.POST or None, patient=patient, initial=initial, ask_reason=request.user.has_role(Role.ADMIN)
        )
    else:
        form = EncounterScheduleForm(request.POST or None, patient=patient, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            encounter = services.encounter_save(
                encounter=form.instance,
                patient=patient,
                diagnosis_codes=form.cleaned_data.get("diagnoses", []),
                by=request.user,
                reason=_reason(form),
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            return _encounter_saved(request, encounter, form.warnings)
    return render(request, "palliative/form.html", {"form": form, "title": "Log an encounter", "patient": patient})


@role_required(*ALL_STAFF)
def encounter_detail(request, pk):
    encounter = get_object_or_404(Encounter.objects.select_related("patient", "provider"), pk=pk)
    context = {
        **selectors.encounter_detail_context(encounter),
        **selectors.documentation_context(encounter, request.user),
    }
    return render(request, "palliative/encounter_detail.html", context)


@role_required(*CLINICAL)
def encounter_edit(request, pk):
    encounter = get_object_or_404(Encounter.objects.select_related("patient", "provider"), pk=pk)
    if not selectors.documentation_context(encounter, request.user)["can_edit"]:
        return _not_editable(request, encounter)
    writable = selectors.documentation_writable_by(encounter, request.user)
    if writable >= rules.ENCOUNTER_CLINICAL_FIELDS:
        ask_reason = encounter.provider.user_id != request.user.pk
        form = EncounterForm(request.POST or None, instance=encounter, patient=encounter.patient, ask_reason=ask_reason)
    else:
        form = EncounterScheduleForm(request.POST or None, instance=encounter, patient=encounter.patient)
    if request.method == "POST" and form.is_valid():
        try:
            encounter = services.encounter_save(
                encounter=form.instance,
                patient=encounter.patient,
                diagnosis_codes=form.cleaned_data.get("diagnoses", encounter.diagnosis_codes),
                by=request.user,
                reason=_reason(form),
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            return _encounter_saved(request, encounter, form.warnings)
    return render(
        request, "palliative/form.html", {"form": form, "title": "Edit encounter", "patient": encounter.patient}
    )


def _addendum_saved(request, addendum):
    messages.success(request, f"Addendum signed by {addendum.signed_as} and added to the record.")
    if addendum.claims_flagged:
        messages.warning(
            request,
            f"Claim {', '.join(addendum.claims_flagged)} was already sent: billing is asked to review it for a corrected claim.",
        )


@role_required(Role.PROVIDER, Role.ADMIN)
@once_per_form
def encounter_addendum(request, pk):
    encounter = get_object_or_404(Encounter.objects.select_related("patient", "provider"), pk=pk)
    if not selectors.may_add_addendum(encounter, request.user):
        raise PermissionDenied
    form = EncounterAddendumForm(request.POST or None, instance=encounter, patient=encounter.patient)
    if request.method == "POST" and form.is_valid():
        try:
            addendum = services.encounter_addendum_add(
                encounter=form.instance,
                diagnosis_codes=form.cleaned_data["diagnoses"],
                text=form.cleaned_data["addendum_text"],
                reason=form.cleaned_data["addendum_reason"],
                password=form.cleaned_data["password"],
                by=request.user,
                http_request=request,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            _addendum_saved(request, addendum)
            return redirect(encounter)
    title = f"Addendum to the encounter of {encounter.date_of_service:%m/%d/%Y}"
    return render(request, "palliative/form.html", {"form": form, "title": title, "patient": encounter.patient})


@role_required(Role.PROVIDER, Role.ADMIN)
@once_per_form
def acp_create(request, patient_pk):
    patient = get_object_or_404(Patient, pk=patient_pk)
    initial = {"date_of_service": timezone.localdate(), "participants": "Patient"}
    encounter = patient.encounters.filter(pk=request.GET.get("encounter") or 0).first()
    if encounter:
        initial.update(encounter=encounter, provider=encounter.provider, date_of_service=encounter.date_of_service)
    elif hasattr(request.user, "provider"):
        initial["provider"] = request.user.provider
    form = ACPSessionForm(
        request.POST or None, patient=patient, initial=initial, ask_reason=request.user.has_role(Role.ADMIN)
    )
    if request.method == "POST" and form.is_valid():
        try:
            session = services.acp_session_save(
                session=form.instance, patient=patient, by=request.user, reason=_reason(form)
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "ACP session saved.")
            return redirect(session)
    return render(request, "palliative/form.html", {"form": form, "title": "Record an ACP session", "patient": patient})


@role_required(*ALL_STAFF)
def acp_detail(request, pk):
    session = get_object_or_404(ACPSession.objects.select_related("patient", "provider", "encounter"), pk=pk)
    context = {
        "session": session,
        "patient": session.patient,
        "first_unit_minutes": rules.ACP_FIRST_UNIT_MINUTES,
        **selectors.documentation_context(session, request.user),
    }
    return render(request, "palliative/acp_detail.html", context)


@role_required(Role.PROVIDER, Role.ADMIN)
def acp_edit(request, pk):
    session = get_object_or_404(ACPSession.objects.select_related("patient", "provider"), pk=pk)
    if not selectors.documentation_context(session, request.user)["can_edit"]:
        return _not_editable(request, session)
    ask_reason = session.provider.user_id != request.user.pk
    form = ACPSessionForm(request.POST or None, instance=session, patient=session.patient, ask_reason=ask_reason)
    if request.method == "POST" and form.is_valid():
        try:
            services.acp_session_save(
                session=form.instance, patient=session.patient, by=request.user, reason=_reason(form)
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "ACP session saved.")
            return redirect(session)
    return render(
        request, "palliative/form.html", {"form": form, "title": "Edit ACP session", "patient": session.patient}
    )


@role_required(Role.PROVIDER, Role.ADMIN)
@once_per_form
def acp_addendum(request, pk):
    session = get_object_or_404(ACPSession.objects.select_related("patient", "provider"), pk=pk)
    if not selectors.may_add_addendum(session, request.user):
        raise PermissionDenied
    form = ACPAddendumForm(request.POST or None, instance=session, patient=session.patient)
    if request.method == "POST" and form.is_valid():
        try:
            addendum = services.acp_addendum_add(
                session=form.instance,
                text=form.cleaned_data["addendum_text"],
                reason=form.cleaned_data["addendum_reason"],
                password=form.cleaned_data["password"],
                by=request.user,
                http_request=request,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            _addendum_saved(request, addendum)
            return redirect(session)
    title = f"Addendum to the ACP session of {session.date_of_service:%m/%d/%Y}"
    return render(request, "palliative/form.html", {"form": form, "title": title, "patient": session.patient})


# --- Providers and payers (admin) -------------------------------------------------------------


@role_required(Role.ADMIN)
def provider_list(request):
    providers = Provider.objects.select_related("user")
    return render(request, "palliative/provider_list.html", {"providers": providers})


@role_required(Role.ADMIN)
def provider_create(request):
    form = ProviderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        provider = services.provider_save(form=form)
        messages.success(request, f"Provider {provider} added. Set their password in the admin before they sign in.")
        return redirect("palliative:provider_list")
    return render(request, "palliative/form.html", {"form": form, "title": "New provider"})


@role_required(Role.ADMIN)
def provider_edit(request, pk):
    provider = get_object_or_404(Provider.objects.select_related("user"), pk=pk)
    form = ProviderForm(request.POST or None, instance=provider)
    if request.method == "POST" and form.is_valid():
        services.provider_save(form=form)
        messages.success(request, "Provider saved.")
        return redirect("palliative:provider_list")
    return render(request, "palliative/form.html", {"form": form, "title": f"Edit {provider}"})


@role_required(Role.ADMIN, Role.BILLING)
def payer_list(request):
    return render(request, "palliative/payer_list.html", {"payers": Payer.objects.all()})


@role_required(Role.ADMIN, Role.BILLING)
def payer_create(request):
    form = PayerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.payer_save(payer=form.instance, by=request.user)
        messages.success(request, "Payer added.")
        return redirect("palliative:payer_list")
    return render(request, "palliative/form.html", {"form": form, "title": "New payer"})


@role_required(Role.ADMIN, Role.BILLING)
def payer_edit(request, pk):
    payer = get_object_or_404(Payer, pk=pk)
    form = PayerForm(request.POST or None, instance=payer)
    if request.method == "POST" and form.is_valid():
        services.payer_save(payer=form.instance, by=request.user)
        messages.success(request, "Payer saved.")
        return redirect("palliative:payer_list")
    return render(request, "palliative/form.html", {"form": form, "title": f"Edit {payer}"})


# --- Notifications --------------------------------------------------------------------------


@role_required(*ALL_STAFF)
def notification_list(request):
    notifications = Notification.objects.filter(recipient=request.user)
    show = request.GET.get("show", "unread")
    if show == "unread":
        notifications = notifications.filter(read_at__isnull=True)
    page = Paginator(notifications, 25).get_page(request.GET.get("page"))
    return render(request, "palliative/notification_list.html", {"page": page, "show": show})


@role_required(*ALL_STAFF)
@require_POST
def notification_read(request, pk):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notification_mark_read(notification=notification)
    if notification.url and request.POST.get("open"):
        return redirect(notification.url)
    return redirect("palliative:notification_list")


@role_required(*ALL_STAFF)
@require_POST
def notification_read_all(request):
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(request, f"{count} notification(s) marked as read.")
    return redirect("palliative:notification_list")


# --- Audit of PHI reads (45 CFR 164.312(b)) ------------------------------------------------------


@role_required(Role.ADMIN)
def audit_patient(request, pk):
    patient = get_object_or_404(Patient, pk=pk)
    page = Paginator(selectors.audit_reads(patient=patient), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "palliative/audit_list.html",
        {"page": page, "patient": patient, "title": f"Who read {patient.full_name}'s record"},
    )


@role_required(Role.ADMIN)
def audit_user(request, pk):
    user = get_object_or_404(User, pk=pk)
    page = Paginator(selectors.audit_reads(user=user), 50).get_page(request.GET.get("page"))
    return render(
        request, "palliative/audit_list.html", {"page": page, "staff": user, "title": f"Records read by {user}"}
    )


# --- Sessions and login lockouts --------------------------------------------------------------


@role_required(*ALL_STAFF)
def session_keepalive(request):
    """The idle warning's "Stay signed in": any request renews the session (SESSION_SAVE_EVERY_REQUEST)."""
    return HttpResponse(status=204)


@role_required(Role.ADMIN)
def login_lockouts(request):
    return render(request, "palliative/login_lockouts.html", {"lockouts": selectors.login_lockouts()})


# --- Staff logins -----------------------------------------------------------------------------


def _staff(pk) -> User:
    return get_object_or_404(User, pk=pk)


@role_required(Role.ADMIN)
def staff_list(request):
    staff = User.objects.prefetch_related("groups").order_by("-is_active", "last_name", "first_name", "username")
    return render(request, "palliative/staff_list.html", {"staff": staff, "role_labels": dict(Role.choices)})


@role_required(Role.ADMIN)
def staff_create(request):
    form = StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.staff_create(**form.cleaned_data)
        messages.success(request, f"Login {user.username} added as {Role(form.cleaned_data['role']).label}.")
        return redirect("palliative:staff_list")
    return render(request, "palliative/form.html", {"form": form, "title": "New staff login"})


@role_required(Role.ADMIN)
def staff_edit(request, pk):
    user = _staff(pk)
    initial = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": user.primary_role,
    }
    form = StaffForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {key: form.cleaned_data[key] for key in ("first_name", "last_name", "email", "role")}
        try:
            services.staff_update(user=user, by=request.user, **data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Login {user.username} saved.")
            return redirect("palliative:staff_list")
    return render(request, "palliative/form.html", {"form": form, "title": f"Edit login {user.username}"})


@role_required(Role.ADMIN)
def staff_password(request, pk):
    user = _staff(pk)
    form = StaffPasswordForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        services.staff_set_password(user=user, password=form.cleaned_data["password"])
        messages.success(request, f"New password set for {user.username}; their open sessions have ended.")
        return redirect("palliative:staff_list")
    return render(request, "palliative/form.html", {"form": form, "title": f"New password for {user.username}"})


@role_required(Role.ADMIN)
@require_POST
def login_unlock(request):
    field = "username" if request.POST.get("kind") == "username" else "ip_address"
    try:
        services.login_unlock(**{field: request.POST.get("value", "")}, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Unlocked {request.POST.get('value')}. They can sign in again.")
    return redirect("palliative:login_lockouts")


@role_required(Role.ADMIN)
@require_POST
def staff_deactivate(request, pk):
    user = _staff(pk)
    try:
        ended = services.staff_deactivate(user=user, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Login {user.username} deactivated; {ended} open session(s) ended.")
    return redirect("palliative:staff_list")


@role_required(Role.ADMIN)
@require_POST
def staff_reactivate(request, pk):
    user = _staff(pk)
    services.staff_reactivate(user=user)
    messages.success(request, f"Login {user.username} can sign in again.")
    return redirect("palliative:staff_list")
