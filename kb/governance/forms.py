"""Forms of the governance admin views."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kb import groups
from kb.enums import ActionStatus
from kb.models import AlorDocument


class SignForm(forms.Form):
    """The signed copy of an agreement: a document in RAG's private collection, and a date."""

    document = forms.ModelChoiceField(
        label=_("Signert eksemplar"),
        queryset=AlorDocument.objects.none(),
        help_text=_("Et dokument i den private RAG-samlingen."),
    )
    signed_on = forms.DateField(label=_("Signert dato"), initial=timezone.localdate)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = AlorDocument.objects.filter(
            collection__name=groups.RAG_COLLECTION,
            collection__depth=2,
        ).order_by("-created_at")

    def clean_signed_on(self):
        value = self.cleaned_data["signed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Signeringsdatoen kan ikke være fram i tid."))
        return value


class TerminateForm(forms.Form):
    terminated_on = forms.DateField(label=_("Oppsagt dato"), initial=timezone.localdate)


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
