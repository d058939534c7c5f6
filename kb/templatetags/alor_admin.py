"""Template tags of the admin's overridden templates: titles as the user may see them."""

from django import template

from kb.privacy import admin_page_title, can_see_page_in_admin, visibility_of

register = template.Library()


@register.simple_tag(takes_context=True)
def admin_title(context, page):
    """The page's title for the signed-in user: the draft title only if they may edit it,
    nothing if the admin may not name the page to them."""
    request = context["request"]
    if page is None or not can_see_page_in_admin(visibility_of(request), page):
        return ""
    return admin_page_title(request.user, page)
