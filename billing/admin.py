from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import FeeSchedule


@admin.register(FeeSchedule)
class FeeScheduleAdmin(SimpleHistoryAdmin):
    list_display = ["code", "payer_type", "unit_charge", "effective_from", "effective_to"]
    list_filter = ["payer_type"]
    search_fields = ["code", "description"]
