from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from . import services
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
    User,
)

admin.site.site_header = "Palliative practice administration"
admin.site.register(User, UserAdmin)


@admin.register(Patient)
class PatientAdmin(SimpleHistoryAdmin):
    list_display = ["id", "mrn", "last_name", "first_name", "date_of_birth", "date_of_death"]
    search_fields = ["mrn", "last_name", "first_name"]


@admin.register(Provider)
class ProviderAdmin(SimpleHistoryAdmin):
    list_display = ["id", "last_name", "first_name", "credentials", "npi", "active"]


def _keyed_encounters(record):
    """The encounters whose to-bill key reads `record` (a payer, a coverage or an encounter)."""
    if isinstance(record, Payer):
        return Encounter.objects.filter(patient__in=Coverage.objects.filter(payer=record).values("patient"))
    if isinstance(record, Coverage):
        return Encounter.objects.filter(patient=record.patient_id)
    return Encounter.objects.filter(pk=record.pk)


class KeyedAdmin(SimpleHistoryAdmin):
    """Edits made here keep the encounters' to-bill key current, as the services do."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.encounters_file_by_refresh(encounters=_keyed_encounters(obj))

    def delete_model(self, request, obj):
        keyed = list(_keyed_encounters(obj).values_list("pk", flat=True))
        super().delete_model(request, obj)
        services.encounters_file_by_refresh(encounters=Encounter.objects.filter(pk__in=keyed))


@admin.register(Payer)
class PayerAdmin(KeyedAdmin):
    list_display = ["name", "payer_type", "payer_id", "timely_filing_days"]


admin.site.register(Coverage, KeyedAdmin)
admin.site.register(Encounter, KeyedAdmin)
for model in (HospiceElection, ACPSession):
    admin.site.register(model, SimpleHistoryAdmin)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["key", "recipient", "kind", "created_at", "sent_at", "read_at"]
    list_filter = ["kind"]


@admin.register(ClinicalAddendum)
class ClinicalAddendumAdmin(admin.ModelAdmin):
    """Read-only: a signed addendum is never changed (PostgreSQL refuses it too)."""

    list_display = ["id", "encounter", "acp_session", "signed_as", "written_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
