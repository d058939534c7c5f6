from django.db import migrations, models


class Migration(migrations.Migration):
    """The log's private mark. Rows logged before it cannot tell who searched, so they are
    marked private (shown only to those who see everything); new rows default to public."""

    dependencies = [
        ("alor_search", "0003_search_facet"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchquerylog",
            name="private",
            field=models.BooleanField(default=True, verbose_name="privat"),
        ),
        migrations.AlterField(
            model_name="searchquerylog",
            name="private",
            field=models.BooleanField(default=False, verbose_name="privat"),
        ),
    ]
