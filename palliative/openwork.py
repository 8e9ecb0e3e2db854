"""Open work on a patient, gathered from every app.

Each app registers a function that lists its unfinished items for a patient (open claims,
unsigned letters, pending appeals...). When a patient dies, the list is what gets flagged for
review. Apps register in their AppConfig.ready().
"""

from collections.abc import Callable

from .models import Encounter

_sources: list[Callable] = []


def register(source: Callable) -> Callable:
    if source not in _sources:
        _sources.append(source)
    return source


def for_patient(patient) -> list[str]:
    items: list[str] = []
    for source in _sources:
        items.extend(source(patient))
    return items


@register
def encounters_to_document(patient) -> list[str]:
    ids = Encounter.objects.missing_documentation().filter(patient=patient).values_list("id", flat=True)
    return [f"Encounter #{pk} is missing documentation" for pk in ids]
