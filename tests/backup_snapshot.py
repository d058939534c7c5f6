"""What a backup must bring back, read in a child process: `manage.py shell -c` prints it.

python manage.py shell --no-imports -c "from tests.backup_snapshot import main; main()"
"""

import hashlib
import json

from django.core.files.storage import default_storage
from django.test import Client
from wagtail.models import Page

from kb.models import Action, AlorDocument, DocumentVersion, GovernanceVersion

# Words of the demo's documents and pages, each found by the search.
QUERIES = ("mandat", "samarbeidsavtale", "referat")


def _file_sha256(name):
    if not name or not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()


def snapshot():
    client = Client(HTTP_HOST="localhost")
    searches = {}
    for query in QUERIES:
        response = client.get("/api/search/", {"q": query, "page_size": 50})
        assert response.status_code == 200, response.content
        data = response.json()
        searches[query] = {
            "count": data["count"],
            "hits": [(hit["type"], hit["title"], hit["url"]) for hit in data["results"]],
        }
    return {
        "pages": list(Page.objects.order_by("path").values_list("title", "url_path", "live")),
        "documents": [
            (d.title, d.checksum, d.file.name, _file_sha256(d.file.name), d.thumbnail.name)
            for d in AlorDocument.objects.order_by("pk")
        ],
        "thumbnails": [_file_sha256(d.thumbnail.name) for d in AlorDocument.objects.order_by("pk")],
        "document_versions": [
            (v.document.title, v.number, v.checksum, _file_sha256(v.file.name))
            for v in DocumentVersion.objects.order_by("pk")
        ],
        "governance_versions": list(
            GovernanceVersion.objects.order_by("pk").values_list(
                "page__url_path", "number", "correction", "title", "approved_on"
            )
        ),
        "actions": list(
            Action.objects.order_by("pk").values_list(
                "minutes__url_path", "item_number", "what", "responsible", "due_date", "status"
            )
        ),
        "searches": searches,
    }


def main():
    print(json.dumps(snapshot(), default=str))
