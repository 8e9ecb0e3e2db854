from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def render_entry(context, entry):
    """Render a pages.Rendered entry inside the page's context; it runs no query of its own."""
    with context.push(**entry.context):
        return context.template.engine.get_template(entry.template).render(context)
