"""Background work on documents (django-tasks: immediate in development, a worker in production)."""

from django_tasks import task

from alor.retry import retry_when_locked
from kb.documents.processing import process_document_now


@task()
@retry_when_locked
def process_document(document_id: int, ocr: bool = True) -> str:
    """Read the text (OCR for scans), count the pages and make the thumbnail of a document."""
    return process_document_now(document_id, ocr=ocr)
