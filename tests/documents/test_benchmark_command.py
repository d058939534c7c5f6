"""benchmark_documents prints its figures, and says what to do on an unmigrated database."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.migrations.executor import MigrationExecutor

from kb.models import AlorDocument


@pytest.mark.django_db
def test_unmigrated_database_gets_a_clear_message(monkeypatch):
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("x", False)])
    with pytest.raises(CommandError, match="ikke migrert"):
        call_command("benchmark_documents", stdout=StringIO())


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_prints_the_three_figures_and_keeps_nothing():
    out = StringIO()
    call_command("benchmark_documents", pdf_pages=5, ocr_pages=1, files=6, stdout=out)
    text = out.getvalue()
    assert "pages/s" in text
    assert "files/s" in text
    assert AlorDocument.objects.count() == 0


@pytest.mark.django_db
def test_a_count_below_one_is_refused():
    with pytest.raises(CommandError, match="--ocr-pages må være minst 1"):
        call_command("benchmark_documents", ocr_pages=0, stdout=StringIO())
