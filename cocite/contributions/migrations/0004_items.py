"""Every contribution gets its item (cocite.items), with the facts the machinery reads."""

from django.db import migrations

KIND = "contribution"


def create_items(apps, schema_editor):
    Contribution = apps.get_model("contributions", "Contribution")
    Item = apps.get_model("items", "Item")
    existing = set(Item.objects.filter(kind=KIND).values_list("object_id", flat=True))
    batch = []
    for row in Contribution.objects.order_by("pk").values(
        "pk", "demarche_id", "title", "created_at", "rule_version_id", "status"
    ).iterator(chunk_size=5000):
        if row["pk"] in existing:
            continue
        batch.append(
            Item(
                kind=KIND,
                object_id=row["pk"],
                demarche_id=row["demarche_id"],
                title=row["title"][:200],
                created_at=row["created_at"],
                rule_version_id=row["rule_version_id"],
                status=row["status"],
            )
        )
        if len(batch) >= 5000:
            Item.objects.bulk_create(batch)
            batch = []
    Item.objects.bulk_create(batch)


def remove_items(apps, schema_editor):
    apps.get_model("items", "Item").objects.filter(kind=KIND).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0003_counted_rows_protected"),
        ("items", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_items, remove_items)]
