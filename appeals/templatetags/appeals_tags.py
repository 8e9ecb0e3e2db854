from django import template

from appeals import carc, deadlines

register = template.Library()


@register.filter
def level_label(level: str) -> str:
    return deadlines.LEVEL_LABELS.get(level or "", level or "")


@register.filter
def carc_meaning(code: str) -> str:
    return carc.carc_meaning(code)


@register.filter
def rarc_meaning(code: str) -> str:
    return carc.rarc_meaning(code)
