from django import template

from ..models import LMNRequest

register = template.Library()


@register.simple_tag
def patient_lmn_requests(patient):
    """The patient's LMN requests for their page (one query)."""
    return list(LMNRequest.objects.filter(patient=patient).select_related("payer").order_by("-id")[:20])
