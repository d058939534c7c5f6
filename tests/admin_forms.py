"""What the admin's page editor posts, for tests that save a page through it."""

from django.urls import reverse
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.test.utils.form_data import querydict_from_html


def block_form_data(block, state, prefix):
    """The fields the admin's StreamField editor posts for a block in form state `state`.

    The editor is drawn by JavaScript, so the page's HTML holds none of these fields and
    Wagtail's `querydict_from_html` cannot read them: they are made here as the editor's
    script makes them (counts, types, order, ids; a chooser posts its object's id)."""
    if isinstance(block, blocks.StreamBlock | blocks.ListBlock):
        data = {f"{prefix}-count": str(len(state))}
        for i, child in enumerate(state):
            child_block = (
                block.child_blocks[child["type"]]
                if isinstance(block, blocks.StreamBlock)
                else block.child_block
            )
            if isinstance(block, blocks.StreamBlock):
                data[f"{prefix}-{i}-type"] = child["type"]
            data[f"{prefix}-{i}-deleted"] = ""
            data[f"{prefix}-{i}-order"] = str(i)
            data[f"{prefix}-{i}-id"] = child["id"] or ""
            data.update(block_form_data(child_block, child["value"], f"{prefix}-{i}-value"))
        return data
    if isinstance(block, blocks.StructBlock):
        data = {}
        for name, child_block in block.child_blocks.items():
            data.update(block_form_data(child_block, state[name], f"{prefix}-{name}"))
        return data
    if isinstance(state, dict):  # a chooser: the chosen object's id
        state = state["id"]
    elif isinstance(state, list):  # a select: its one chosen value
        state = state[0] if state else ""
    elif isinstance(state, bool):
        return {prefix: "on"} if state else {}
    return {prefix: "" if state is None else str(state)}


def edit_form_data(page, client, user):
    """What the edit form posts when an editor publishes the page without changing it."""
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    client.logout()
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    for field in type(page)._meta.get_fields():
        if isinstance(field, StreamField):
            value = getattr(page, field.name)
            state = field.stream_block.get_form_state(value)
            data.update(block_form_data(field.stream_block, state, field.name))
    data["action-publish"] = ""
    return data
