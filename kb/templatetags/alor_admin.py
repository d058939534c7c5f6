"""Template tags of the admin's overridden templates: titles as the user may see them."""

from django import template

from kb.privacy import admin_page_title, can_see_page_in_admin

register = template.Library()


@register.simple_tag(takes_context=True)
def admin_title(context, page):
    """The page's title for the signed-in user: the draft title only if they may edit it,
    nothing if the admin may not name the page to them."""
    user = context["request"].user
    if page is None or not can_see_page_in_admin(user, page):
        return ""
    return admin_page_title(user, page)
