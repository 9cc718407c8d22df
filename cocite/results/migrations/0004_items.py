"""Results come from items (cocite.items) instead of contributions."""

from django.db import migrations, models

KIND = "contribution"


def link_items(apps, schema_editor):
    Item = apps.get_model("items", "Item")
    Result = apps.get_model("results", "Result")
    items = dict(Item.objects.filter(kind=KIND).values_list("object_id", "pk"))
    links = Result.contributions.through.objects.values_list("result_id", "contribution_id")
    Result.items.through.objects.bulk_create(
        [Result.items.through(result_id=r, item_id=items[c]) for r, c in links if c in items], batch_size=2000
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0004_items"),
        ("items", "0001_initial"),
        ("results", "0003_resultupdate_round"),
    ]

    operations = [
        migrations.AddField(
            model_name="result",
            name="items",
            field=models.ManyToManyField(
                blank=True, related_name="results", to="items.item", verbose_name="éléments à l'origine"
            ),
        ),
        migrations.RunPython(link_items, migrations.RunPython.noop),
        migrations.RemoveField(model_name="result", name="contributions"),
    ]
