from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

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


@admin.register(Payer)
class PayerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "payer_type", "payer_id", "timely_filing_days"]


for model in (Coverage, HospiceElection, Encounter, ACPSession):
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
