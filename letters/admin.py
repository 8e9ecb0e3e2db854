from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Letter, LMNRequest, SupportingDocument


@admin.register(LMNRequest)
class LMNRequestAdmin(SimpleHistoryAdmin):
    list_display = ["id", "patient", "payer", "provider", "status", "due_date"]
    list_filter = ["status"]
    # The state moves only through the workflow (transition_to), never by editing a field.
    readonly_fields = ["status"]


@admin.register(Letter)
class LetterAdmin(SimpleHistoryAdmin):
    """Read-only: letters are written and signed through the app, and signed ones never change."""

    list_display = ["id", "kind", "patient", "provider", "version", "signed_at"]
    list_filter = ["kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SupportingDocument)
class SupportingDocumentAdmin(SimpleHistoryAdmin):
    list_display = ["id", "lmn_request", "doc_type", "document_date", "size"]
    readonly_fields = ["file", "content_type", "extension", "size", "sha256"]
