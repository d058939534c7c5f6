"""Factories of the document and image models, each with a small real file."""

import factory
from django.core.files.base import ContentFile
from factory.django import DjangoModelFactory
from wagtail.models import Collection

from kb.models import AlorDocument, AlorImage, DocumentKind
from tests.documents import files

from .snippets import norwegian_slug


def root_collection():
    return Collection.get_first_root_node()


class AlorDocumentFactory(DjangoModelFactory):
    """A PDF whose one page carries the title, in the root collection (not processed).

    The title is in the file, so every document has its own bytes: the database holds one
    document per file. The size and hash are set as the upload form sets them.
    """

    title = factory.Sequence(lambda n: f"Dokument {n}")
    kind = DocumentKind.OTHER
    collection = factory.LazyFunction(root_collection)
    file = factory.LazyAttributeSequence(
        lambda o, n: ContentFile(
            files.pdf(f"{o.title}\nalor test {n}"), name=f"{norwegian_slug(o.title)}.pdf"
        )
    )

    class Meta:
        model = AlorDocument
        skip_postgeneration_save = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        document = model_class(*args, **kwargs)
        document._set_document_file_metadata()
        document.save()
        return document

    @factory.post_generation
    def topics(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.topics.set(extracted)


class AlorImageFactory(DjangoModelFactory):
    """A small PNG in the root collection."""

    title = factory.Sequence(lambda n: f"Bilde {n}")
    collection = factory.LazyFunction(root_collection)
    file = factory.django.ImageField(width=64, height=48, color="steelblue", format="PNG")

    class Meta:
        model = AlorImage
