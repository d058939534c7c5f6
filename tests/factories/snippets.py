"""Factories of the snippets: topics, organisations and people (in the default locale)."""

import factory
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from kb.models import Organisation, Person, Topic


def norwegian_slug(text: str) -> str:
    """A slug as an editor would type it: «Møter på Ålesund» → «moter-pa-alesund»."""
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})
    return slugify(text.translate(table))


class TopicFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Tema {n}")
    slug = factory.LazyAttribute(lambda o: norwegian_slug(o.name))

    class Meta:
        model = Topic


class OrganisationFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Organisasjon {n}")

    class Meta:
        model = Organisation


class PersonFactory(DjangoModelFactory):
    """A person at an organisation of their own, unless `organisation` is given (or None)."""

    name = factory.Sequence(lambda n: f"Person {n}")
    role = "rådgiver"
    organisation = factory.SubFactory(OrganisationFactory)

    class Meta:
        model = Person
