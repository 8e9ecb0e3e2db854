from django import template

from appeals.models import Denial

register = template.Library()


@register.simple_tag
def open_denials_for(patient):
    """One query: the patient's open and appealing denials."""
    return list(
        Denial.objects.filter(claim__patient=patient, status__in=Denial.ACTIVE).order_by("appeal_deadline", "id")
    )
