"""Template tags of the governance section."""

from django import template
from django.urls import reverse

from kb.governance.ics import feed_token
from kb.governance.permissions import can_subscribe_to_meetings

register = template.Library()


@register.simple_tag(takes_context=True)
def meetings_feed_url(context):
    """The member's own subscription address of the meetings feed (RAG only), else ''."""
    request = context.get("request")
    if request is None or not can_subscribe_to_meetings(request.user):
        return ""
    path = reverse("kb_governance_meetings_ics") + "?token=" + feed_token(request.user)
    return request.build_absolute_uri(path)
