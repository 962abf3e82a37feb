"""THE gloss and its concept chips on Django-template pages, from their one source in Jinja2
(templates/annotations/notes.jinja; annotations/reading.py renders the reading with it directly).

    {% load notes %}{% gloss_note gloss in_list=True %}   {% concept_chips concepts %}

The page's own ``piece_url`` and whether its reader may edit (``include_drafts`` or
``can_edit``) are taken from the context, as the partial they replace took them.
"""

from django import template
from django.utils.html import format_html

from ..reading import notes_macros

register = template.Library()


@register.simple_tag(takes_context=True)
def gloss_note(context, gloss, *, in_pane=False, in_list=False, opened=False, echo_of=None, at=None):
    return notes_macros().gloss_note(
        gloss, context.get("piece_url", ""), in_pane=in_pane, in_list=in_list, opened=opened, echo_of=echo_of,
        at=at, can_edit=bool(context.get("include_drafts") or context.get("can_edit")),
        csrf_input=_csrf_input(context.get("csrf_token")),
    )


@register.simple_tag
def concept_chips(concepts):
    return notes_macros().concept_chips(concepts)


def _csrf_input(token) -> str:
    """What ``{% csrf_token %}`` renders, for the restore form of a deleted gloss."""
    if not token or token == "NOTPROVIDED":
        return ""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
