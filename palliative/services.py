"""Writes for the practice core: keyword-only `<entity>_<action>` functions."""

import logging
from datetime import date

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone

from . import billed, openwork, rules, selectors
from .errors import DomainError
from .models import (
    ACPSession,
    ClinicalAddendum,
    Coverage,
    Encounter,
    HospiceElection,
    Notification,
    Patient,
    Payer,
    Provider,
    Role,
    User,
    role_group,
)

log = logging.getLogger(__name__)


def notification_send(
    *,
    recipient: User,
    kind: str,
    key: str,
    subject: str,
    body: str = "",
    url: str = "",
    about=None,
) -> Notification:
    """Record the notification for `key` (once) and email it: never lost, repeated only by a crash.

    The promise: every notification is emailed at least once, and a second time only when a
    crash falls between the mail server accepting it and the commit of `sent_at` (at most
    one repeat per crash). However often or concurrently this runs for one key, one row
    exists (the key is unique); the row is locked while the email is sent and `sent_at` is
    set in the same transaction, so a worker killed mid-send rolls back and the next run, the
    redelivered task or the five-minute catch-up (notifications_send_unsent) sends it.
    Subjects and bodies carry record ids and links, never patient details: email and the
    console backend's output are not a place for PHI.
    """
    defaults = {"recipient": recipient, "kind": kind, "subject": subject, "body": body, "url": url}
    if about is not None:
        defaults["content_type"] = ContentType.objects.get_for_model(about)
        defaults["object_id"] = about.pk
    notification, _created = Notification.objects.get_or_create(key=key, defaults=defaults)
    _notification_email(notification_id=notification.pk)
    return notification


def notification_sent(*parts) -> Exists:
    """Whether the notification keyed by `parts` joined (strings, and expressions over the
    outer row such as OuterRef("pk")) was sent: a daily job excludes these in SQL, so its cost
    follows what fell due since the last run, not every reminder ever sent (the unique key's
    index answers each lookup). A row recorded but not emailed (a worker died mid-send) is
    not excluded, so the next run sends it: reminders are never lost."""
    pieces = [Value(part) if isinstance(part, str) else Cast(part, CharField()) for part in parts]
    return Exists(Notification.objects.filter(key=Concat(*pieces, output_field=CharField()), sent_at__isnull=False))


def notified_about(model, kind: str, *key_prefix) -> Exists:
    """Whether a notification of `kind` about the outer row exists whose key starts with
    `key_prefix` joined (strings, and expressions over the outer row) and then ":": a reminder
    sent to a role's users, each under their own key (`<prefix>:user:<id>`), is sent once about
    the record. The lookup is an index probe on (content type, record, kind), so a daily job
    excluding these pays for what is due, not for every reminder ever sent. A row recorded but
    not emailed counts: the five-minute catch-up (notifications_send_unsent) emails it."""
    pieces = [Value(part) if isinstance(part, str) else Cast(part, CharField()) for part in (*key_prefix, ":")]
    return Exists(
        Notification.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id=OuterRef("pk"),
            kind=kind,
            key__startswith=Concat(*pieces, output_field=CharField()),
        )
    )


def _notification_email(*, notification_id: int) -> bool:
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .select_related("recipient")
            .filter(pk=notification_id, sent_at__isnull=True)
            .first()
        )
        if notification is None:
            return False
        recipient = notification.recipient
        if recipient.is_active and recipient.email:
            link = f"{settings.SITE_URL}{notification.url}" if notification.url else settings.SITE_URL
            send_mail(
                subject=notification.subject,
                message=f"{notification.body}\n\n{link}\n",
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[recipient.email],
            )
        notification.sent_at = timezone.now()
        notification.save(update_fields=["sent_at"])
    log.info("notification %s sent (kind=%s)", notification_id, notification.kind)
    return True


def notifications_send_unsent() -> int:
    """Email every notification recorded but not sent yet (oldest first); returns how many."""
    ids = Notification.objects.filter(sent_at__isnull=True).order_by("id").values_list("id", flat=True)
    return sum(_notification_email(notification_id=pk) for pk in list(ids))


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def documentation_nudges_send(*, today: date) -> int:
    """Send each provider one digest a day of their encounters missing documentation.

    Returns how many providers were nudged.
    Keyed by provider and day, so running it twice a day sends one; a day missed while beat
    was down is covered by the next day's digest, which lists everything still missing.
    """
    sent = 0
    pending = Encounter.objects.missing_documentation().filter(date_of_service__lte=today)
    providers = Provider.objects.filter(active=True, encounters__in=pending).distinct().select_related("user")
    for provider in providers:
        ids = list(pending.filter(provider=provider).order_by("date_of_service").values_list("id", flat=True))
        lines = [
            f"- Encounter #{pk}: {settings.SITE_URL}{reverse('palliative:encounter_detail', args=[pk])}" for pk in ids
        ]
        notification_send(
            recipient=provider.user,
            kind="encounter_documentation",
            key=f"encounter-docs:provider:{provider.pk}:{today.isoformat()}",
            subject=f"{len(ids)} encounter(s) need documentation before they can be billed",
            body="These encounters are missing diagnoses, notes or time:\n" + "\n".join(lines),
            url=reverse("palliative:home"),
            about=provider,
        )
        sent += 1
    return sent


@transaction.atomic
def patient_record_death(*, patient: Patient, date_of_death: date, by: User) -> list[str]:
    """Record a death: close an open hospice election, flag open work for review.

    Returns the open work found; admins and billing are told once.
    """
    patient = Patient.objects.select_for_update().get(pk=patient.pk)
    patient.date_of_death = date_of_death
    for election in patient.hospice_elections.filter(start_date__lte=date_of_death, end_date__isnull=True):
        election.end_date = date_of_death
        election.save(update_fields=["end_date"])
    open_items = openwork.for_patient(patient)
    patient.needs_review = bool(open_items)
    patient.save(update_fields=["date_of_death", "needs_review"])
    if open_items:
        url = reverse("palliative:patient_detail", args=[patient.pk])
        reviewers = User.objects.filter(is_active=True, groups__name__in=[Role.ADMIN, Role.BILLING]).distinct()
        for reviewer in reviewers:
            transaction.on_commit(
                lambda reviewer=reviewer: notification_send(
                    recipient=reviewer,
                    kind="patient_deceased_open_work",
                    key=f"patient:{patient.pk}:deceased-open-work:user:{reviewer.pk}",
                    subject=f"Patient #{patient.pk} has died with {len(open_items)} open item(s) to review",
                    body="Open work to review:\n" + "\n".join(f"- {item}" for item in open_items),
                    url=url,
                    about=patient,
                )
            )
    return open_items


def patient_mark_reviewed(*, patient: Patient) -> None:
    Patient.objects.filter(pk=patient.pk).update(needs_review=False)


@transaction.atomic
def provider_save(*, form) -> Provider:
    """Save a provider and the staff login they sign with, in the provider group."""
    provider = form.instance
    user = provider.user if provider.user_id else User(is_active=True)
    user.username = form.cleaned_data["username"]
    user.email = form.cleaned_data.get("email", "")
    user.first_name = form.cleaned_data["first_name"]
    user.last_name = form.cleaned_data["last_name"]
    if user.pk is None:
        user.set_unusable_password()
    user.save()
    user.groups.add(role_group(Role.PROVIDER))
    provider.user = user
    return form.save()


# --- Staff logins ---------------------------------------------------------------------------


class StaffError(DomainError):
    """A change to a staff login the app refuses (e.g. an admin locking themselves out)."""


def _end_sessions(user: User) -> int:
    """Delete every live session of `user` (the session table has no user column: decode each)."""
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.models import Session

    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get(SESSION_KEY)) == str(user.pk):
            session.delete()
            ended += 1
    return ended


def _set_role(user: User, role: str) -> None:
    """One role per login: the role groups are replaced, other groups are kept."""
    user.groups.remove(*[role_group(r) for r in Role.values if r != role])
    user.groups.add(role_group(role))


@transaction.atomic
def staff_create(*, username: str, first_name: str, last_name: str, email: str, role: str, password: str) -> User:
    user = User(username=username, first_name=first_name, last_name=last_name, email=email, is_active=True)
    user.set_password(password)
    user.save()
    _set_role(user, role)
    return user


@transaction.atomic
def staff_update(*, user: User, first_name: str, last_name: str, email: str, role: str, by: User) -> User:
    if user.pk == by.pk and role != Role.ADMIN and user.has_role(Role.ADMIN) and not user.is_superuser:
        raise StaffError("You cannot take the admin role from your own login: ask another admin.")
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.save(update_fields=["first_name", "last_name", "email"])
    _set_role(user, role)
    return user


@transaction.atomic
def staff_set_password(*, user: User, password: str) -> int:
    """Set a new password; the login's other sessions end (they must sign in with it)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    return _end_sessions(user)


@transaction.atomic
def staff_deactivate(*, user: User, by: User) -> int:
    """Stop a login: it can no longer sign in and its open sessions end now. Returns how many."""
    if user.pk == by.pk:
        raise StaffError("You cannot deactivate your own login: ask another admin.")
    User.objects.filter(pk=user.pk).update(is_active=False)
    return _end_sessions(user)


def staff_reactivate(*, user: User) -> None:
    User.objects.filter(pk=user.pk).update(is_active=True)


# --- Records typed by staff -------------------------------------------------------------------
# Each takes the instance a validated ModelForm filled in (form.instance) and the relations the
# page fixes (the patient in the URL, who logged it), so views never save and forms only validate.


def patient_save(*, patient: Patient, by: User) -> Patient:
    patient.save()
    return patient


def coverage_save(*, coverage: Coverage, patient: Patient, by: User) -> Coverage:
    coverage.patient = patient
    coverage.save()
    encounters_file_by_refresh(encounters=Encounter.objects.filter(patient=patient))
    return coverage


def encounters_file_by_refresh(*, encounters) -> int:
    """Store `encounters`' to-bill sort key (selectors.file_by_key) in one UPDATE. Called
    wherever what it reads changes: the visit's date or patient (encounter_save), the patient's
    coverages (coverage_save), a payer's filing window (payer_save)."""
    return encounters.update(file_by_key=selectors.file_by_key())


def hospice_election_save(*, election: HospiceElection, patient: Patient, by: User) -> HospiceElection:
    """Billing applies the hospice modifiers (GV/GW) from the election's start date."""
    election.patient = patient
    election.save()
    return election


class ClinicalDocumentationError(DomainError):
    """A change to clinical documentation by someone it does not belong to, or an edit of what
    a sent claim billed (that is an addendum)."""


def _documentation_check(*, record, scheduling, clinical, by: User, reason: str) -> None:
    """Refuse a write of fields that are not `by`'s (rules.clinical_fields_writable_by), any
    edit of what a sent claim billed, and another's clinical change without a reason; keep
    the reason as the history row's change reason."""
    model = type(record)
    stored = model.objects.select_related("provider").get(pk=record.pk) if record.pk else model()
    provider = stored.provider if record.pk else record.provider
    is_rendering = provider.user_id == by.pk
    changes = selectors.changed_fields(stored, record, scheduling | clinical)
    writable = rules.clinical_fields_writable_by(
        roles=selectors.user_roles(by),
        is_rendering_provider=is_rendering,
        scheduling=scheduling,
        clinical=clinical,
        documented=selectors.is_documented(stored),
    )
    refused = sorted(set(changes) - writable)
    if refused:
        raise ClinicalDocumentationError(rules.clinical_fields_refused_message(refused, provider_name=str(provider)))
    if changes and record.pk and (claims := billed.sent_claims(stored)):
        raise ClinicalDocumentationError(
            f"This record was billed on claim {', '.join(claims)}, already sent to the payer, so it is not edited: "
            "its provider adds an addendum instead (“Add addendum”), and billing is told to review the claim."
        )
    clinical_changes = set(changes) & clinical
    needs_reason = rules.clinical_change_needs_reason(is_rendering_provider=is_rendering)
    if clinical_changes and needs_reason and not reason.strip():
        raise ClinicalDocumentationError(
            f"Give the reason for changing {provider}'s clinical documentation: it is kept in the record's history."
        )
    if len(reason.strip()) > rules.CHANGE_REASON_MAX_LENGTH:
        raise ClinicalDocumentationError(
            f"Keep the reason under {rules.CHANGE_REASON_MAX_LENGTH} characters; it goes in the record's history."
        )
    if reason.strip():
        record._change_reason = reason.strip()


@transaction.atomic
def encounter_save(
    *, encounter: Encounter, patient: Patient, diagnosis_codes: list[str], by: User, reason: str = ""
) -> Encounter:
    """Log, document or correct a visit; the first diagnosis is the principal one. The first
    author stays. Who may write which field is rules.clinical_fields_writable_by: the front
    desk schedules (provider, date, setting), the rendering provider documents, an admin
    corrects with a `reason`; once a claim for the visit was sent, it is not edited at all
    (encounter_addendum_add)."""
    encounter.patient = patient
    encounter.diagnosis_codes = diagnosis_codes
    _documentation_check(
        record=encounter,
        scheduling=rules.ENCOUNTER_SCHEDULING_FIELDS,
        clinical=rules.ENCOUNTER_CLINICAL_FIELDS,
        by=by,
        reason=reason,
    )
    if encounter.created_by_id is None:
        encounter.created_by = by
    encounter.save()
    encounters_file_by_refresh(encounters=Encounter.objects.filter(pk=encounter.pk))
    return encounter


@transaction.atomic
def acp_session_save(*, session: ACPSession, patient: Patient, by: User, reason: str = "") -> ACPSession:
    """Record or correct an ACP conversation: its provider writes it, an admin with a reason
    (rules.clinical_fields_writable_by); after its claim was sent, an addendum."""
    session.patient = patient
    _documentation_check(
        record=session,
        scheduling=rules.ACP_SCHEDULING_FIELDS,
        clinical=rules.ACP_CLINICAL_FIELDS,
        by=by,
        reason=reason,
    )
    if session.created_by_id is None:
        session.created_by = by
    session.save()
    return session


@transaction.atomic
def _addendum_add(*, record, clinical, text: str, reason: str, by: User, **amends) -> ClinicalAddendum:
    model = type(record)
    stored = model.objects.select_for_update().select_related("provider").get(pk=record.pk)
    if not selectors.may_add_addendum(stored, by):
        raise ClinicalDocumentationError(
            f"Only {stored.provider}, who gave this care, or an admin can add an addendum."
        )
    if not reason.strip():
        raise ClinicalDocumentationError("Say why the addendum is written, e.g. “late entry: total time omitted”.")
    changes = selectors.changed_fields(stored, record, clinical)
    if not changes and not text.strip():
        raise ClinicalDocumentationError("Write the addendum, or change what it corrects.")
    signed_as = str(by.provider) if hasattr(by, "provider") else f"{by.get_full_name() or by.username} (admin)"
    if changes:
        for field in changes:
            attname = model._meta.get_field(field).attname
            setattr(stored, attname, getattr(record, attname))
        stored._change_reason = f"Addendum by {signed_as}: {reason.strip()}"[:100]
        stored.save(update_fields=[model._meta.get_field(field).attname for field in changes])
    what = ", ".join(rules.CLINICAL_FIELD_LABELS.get(field, field) for field in changes) or "a late entry"
    flagged = billed.flag_for_correction(
        stored, note=f"Clinical addendum after submission — review for corrected claim ({what}).", by=by
    )
    addendum = ClinicalAddendum.objects.create(
        **amends,
        author=by,
        signed_as=signed_as,
        reason=reason.strip(),
        text=text.strip(),
        changes={field: {"from": old, "to": new} for field, (old, new) in changes.items()},
        claims_flagged=flagged,
    )
    log.info("addendum %s added to %s %s by user %s", addendum.pk, model.__name__, stored.pk, by.pk)
    return addendum


def encounter_addendum_add(
    *,
    encounter: Encounter,
    diagnosis_codes: list[str],
    text: str,
    reason: str,
    password: str,
    by: User,
    http_request=None,
) -> ClinicalAddendum:
    """Amend a visit's documentation without hiding what was billed: a dated addendum signed
    by its author (the rendering provider, or an admin, re-entering their password) with its
    reason and each clinical field's old and new value; the visit takes the new values (its
    history keeps the old), and every sent claim for it is flagged for a corrected claim
    (billing decides). `encounter` carries the new clinical values a form filled in; its
    scheduling fields are not changed here. Source: CMS IOM 100-08 ch. 3 §3.3.2.5.

    The password is checked before the transaction, as a sign-in: with the request a wrong
    one counts towards the django-axes lockout (password_reconfirm)."""
    password_reconfirm(user=by, password=password, request=http_request)
    encounter.diagnosis_codes = diagnosis_codes
    return _addendum_add(
        record=encounter,
        clinical=rules.ENCOUNTER_CLINICAL_FIELDS,
        text=text,
        reason=reason,
        by=by,
        encounter_id=encounter.pk,
    )


def acp_addendum_add(
    *, session: ACPSession, text: str, reason: str, password: str, by: User, http_request=None
) -> ClinicalAddendum:
    """As encounter_addendum_add, for an ACP session's documentation."""
    password_reconfirm(user=by, password=password, request=http_request)
    return _addendum_add(
        record=session, clinical=rules.ACP_CLINICAL_FIELDS, text=text, reason=reason, by=by, acp_session_id=session.pk
    )


def payer_save(*, payer: Payer, by: User) -> Payer:
    payer.save()
    covered = Coverage.objects.filter(payer=payer).values("patient")
    encounters_file_by_refresh(encounters=Encounter.objects.filter(patient__in=covered))
    return payer


# --- Login lockouts (django-axes) -------------------------------------------------------------


class PasswordRefused(DomainError):
    """The password re-entered to sign is wrong, or the login is locked after too many."""


LOCKED_MESSAGE = (
    "Too many wrong passwords: your login is locked for {minutes} minutes, so you cannot sign. "
    "Ask an admin to unlock it (Locked logins), or try again later."
)


def password_reconfirm(*, user: User, password: str, request=None) -> None:
    """Check the password a user re-enters to sign, as a sign-in would.

    With the request, the check goes through Django's `authenticate`, so django-axes counts a
    wrong password as a failed login for this username and address, and refuses a locked
    login even with the right password (45 CFR 164.308(a)(5)(ii)(C), log-in monitoring;
    164.312(d), person authentication). Without a request (a script) the password is checked
    alone."""
    from django.contrib.auth import authenticate

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    if request is None:
        ok = bool(password) and user.check_password(password)
    else:
        authenticated = authenticate(request, username=user.get_username(), password=password or "")
        if getattr(request, "axes_locked_out", False):
            log.warning("signing refused: login of user %s locked", user.pk)
            raise PasswordRefused(LOCKED_MESSAGE.format(minutes=minutes))
        ok = authenticated is not None and authenticated.pk == user.pk
    if not ok:
        raise PasswordRefused("The password is not correct. Re-enter your login password to sign.")


class LoginLockoutError(DomainError):
    """The lockout cannot be lifted as asked."""


def login_unlock(*, username: str = "", ip_address: str = "", by: User) -> int:
    """Lift a lockout django-axes holds after repeated failed logins, for a username or an
    address; returns how many attempt records were cleared. Logged with who lifted it."""
    from axes.utils import reset

    if not (username or ip_address):
        raise LoginLockoutError("Choose the username or the address to unlock.")
    cleared = reset(username=username) if username else reset(ip=ip_address)
    if not cleared:
        raise LoginLockoutError("That lockout has already been lifted or has expired.")
    log.warning("login lockout lifted for %s by user %s", username or ip_address, by.pk)
    return cleared
