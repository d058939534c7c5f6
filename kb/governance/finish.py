"""The approval workflow's finish action, as Wagtail is told of it (WAGTAIL_FINISH_WORKFLOW_ACTION).

Wagtail imports this module while its own models load (the setting is read when the class
`wagtail.models.WorkflowState` is defined), before any model of ours can be imported; so the
work itself, in kb.governance.workflow, is imported when the action runs.
"""


def publish_approved(workflow_state, user=None):
    """Publish the approved revision and number the version (kb.governance.workflow)."""
    # Cycle: wagtail.models imports this module while it loads; kb.governance.workflow imports
    # kb.models, which imports wagtail.models.
    from kb.governance.workflow import publish_approved as publish  # noqa: PLC0415

    return publish(workflow_state, user)
