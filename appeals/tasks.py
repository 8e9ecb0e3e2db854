from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(time_limit=60 * 60, soft_time_limit=55 * 60)
def import_remittance(job_id: int) -> str:
    """An uploaded 835, imported once (the job is claimed atomically); big files take minutes."""
    return services.remittance_import_run(job_id=job_id).status


@shared_task
def send_appeal_deadline_reminders() -> int:
    """Daily: reminders 14, 7, 3 and 1 days before each appeal filing deadline (each sent once)."""
    return services.appeal_deadline_reminders_send(today=timezone.localdate())


@shared_task
def send_late_decision_reminders() -> int:
    """Daily: one reminder when a filed appeal's decision is overdue."""
    return services.appeal_late_decision_reminders_send(today=timezone.localdate())


@shared_task
def refresh_dashboard() -> str:
    """Every 10 minutes: recompute the billing dashboard's figures (the page shows them "as of")."""
    return services.dashboard_refresh(today=timezone.localdate()).computed_at.isoformat()
