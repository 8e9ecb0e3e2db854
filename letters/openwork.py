"""Open LMN requests count as open work when a patient dies."""

from palliative import openwork

from .models import LMNRequest


@openwork.register
def open_letter_requests(patient) -> list[str]:
    requests = LMNRequest.objects.filter(patient=patient, status__in=LMNRequest.OPEN).order_by("id")
    return [f"LMN request #{r.pk} is {r.get_status_display().lower()}" for r in requests]
