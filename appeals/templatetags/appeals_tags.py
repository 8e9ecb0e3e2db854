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


@register.filter
def adjustment_words(adjustment: dict) -> str:
    return carc.adjustment_words(adjustment.get("group", ""), adjustment.get("reason", ""))


@register.filter
def plb_reason_meaning(code: str) -> str:
    return carc.plb_reason_meaning(code)
