"""Merged contributions learn where they went from the analysis app's merge records.

A migration of its own: on PostgreSQL, rows are not updated in the transaction that altered the table.
"""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def fill(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Contribution = apps.get_model("contributions", "Contribution")
    MergeRecord = apps.get_model("analysis", "MergeRecord")
    edges = dict(MergeRecord.objects.values_list("source_id", "target_id"))
    # Merges of merges: each contribution points at where it ended up, not at the next hop.
    final: dict[int, list[int]] = {}
    for source_id in edges:
        target_id, seen = edges[source_id], {source_id}
        while target_id in edges and target_id not in seen:
            seen.add(target_id)
            target_id = edges[target_id]
        final.setdefault(target_id, []).append(source_id)
    for target_id, source_ids in final.items():
        Contribution.objects.filter(pk__in=source_ids).update(merged_into_id=target_id)


def empty(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("contributions", "Contribution").objects.update(merged_into_id=None)


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0005_merged_into"),
        ("analysis", "0001_initial"),
    ]

    operations = [migrations.RunPython(fill, empty)]
