from django import template

from appeals import carc, deadlines
from appeals.selectors import CodeTexts

register = template.Library()


@register.filter
def level_label(level: str) -> str:
    return deadlines.LEVEL_LABELS.get(level or "", level or "")


@register.filter
def rarc_meaning(code: str, texts: CodeTexts) -> str:
    """The remark code's text from the page's texts (appeals.selectors.reason_code_texts)."""
    return texts.rarc(code)


@register.filter
def adjustment_words(adjustment: dict, texts: CodeTexts) -> str:
    return texts.adjustment(adjustment.get("group", ""), adjustment.get("reason", ""))


@register.filter
def plb_reason_meaning(code: str) -> str:
    return carc.plb_reason_meaning(code)
