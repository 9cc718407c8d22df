"""The arbitration works on items (cocite.items) instead of contributions: first step, the links.

Every reference to a contribution (routing, its history, opinion requests, decisions and the
one they merge into, commitments) becomes a reference to the contribution's item, created by
contributions/0004_items. The append-only triggers of the rows rewritten here are dropped first
(PostgreSQL would refuse to drop a column a trigger reads); `ensure_triggers` re-creates all of
them after migrate (DecisionsConfig's post_migrate receiver).
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Q

KIND = "contribution"
REWRITTEN = (
    "decisions_decision",
    "decisions_decisioncontribution",
    "decisions_decisionitem",
    "decisions_opinionrequest",
)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in REWRITTEN:
        if vendor == "postgresql":
            statements = [
                f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
                f"DROP TRIGGER IF EXISTS {table}_no_delete ON {table}",
            ]
        elif vendor == "sqlite":
            statements = [f"DROP TRIGGER IF EXISTS {table}_no_{op}" for op in ("insert", "update", "delete")]
        else:
            statements = []
        for statement in statements:
            schema_editor.execute(statement, params=None)


def _item_ids(apps):
    """{contribution id: its item id}, creating the items of contributions that lack one."""
    Item = apps.get_model("items", "Item")
    Contribution = apps.get_model("contributions", "Contribution")
    known = dict(Item.objects.filter(kind=KIND).values_list("object_id", "pk"))
    missing = Contribution.objects.exclude(pk__in=list(known)).values(
        "pk", "demarche_id", "title", "created_at", "rule_version_id", "status"
    )
    for row in missing:
        item = Item.objects.create(
            kind=KIND,
            object_id=row["pk"],
            demarche_id=row["demarche_id"],
            title=row["title"][:200],
            created_at=row["created_at"],
            rule_version_id=row["rule_version_id"],
            status=row["status"],
        )
        known[row["pk"]] = item.pk
    return known


def link_items(apps, schema_editor):
    items = _item_ids(apps)
    for name in ("Routing", "RoutingEvent", "OpinionRequest", "Commitment"):
        model = apps.get_model("decisions", name)
        for pk, contribution_id in model.objects.values_list("pk", "contribution_id").iterator(chunk_size=2000):
            model.objects.filter(pk=pk).update(item_id=items[contribution_id])
    Decision = apps.get_model("decisions", "Decision")
    for pk, contribution_id in Decision.objects.filter(merged_into__isnull=False).values_list("pk", "merged_into_id"):
        Decision.objects.filter(pk=pk).update(merged_into_item_id=items[contribution_id])
    DecisionContribution = apps.get_model("decisions", "DecisionContribution")
    DecisionItem = apps.get_model("decisions", "DecisionItem")
    DecisionItem.objects.bulk_create(
        [
            DecisionItem(decision_id=decision_id, item_id=items[contribution_id])
            for decision_id, contribution_id in DecisionContribution.objects.order_by("pk").values_list(
                "decision_id", "contribution_id"
            )
        ],
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0004_items"),
        ("decisions", "0003_sealed_log_entries"),
        ("items", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(drop_triggers, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="opinionrequest", name="one_pending_opinion_request"),
        migrations.RemoveIndex(model_name="opinionrequest", name="opinion_request_contrib"),
        migrations.RemoveConstraint(model_name="decision", name="decision_merged_has_target"),
        migrations.AddField(
            model_name="routing",
            name="item",
            field=models.OneToOneField(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="routing", to="items.item",
                verbose_name="élément",
            ),
        ),
        migrations.AddField(
            model_name="routingevent",
            name="item",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="routing_events", to="items.item"
            ),
        ),
        migrations.AddField(
            model_name="opinionrequest",
            name="item",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="opinion_requests", to="items.item"
            ),
        ),
        migrations.AddField(
            model_name="commitment",
            name="item",
            field=models.OneToOneField(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="commitment", to="items.item"
            ),
        ),
        migrations.AddField(
            model_name="decision",
            name="merged_into_item",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="items.item"
            ),
        ),
        migrations.CreateModel(
            name="DecisionItem",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "decision",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="item_links", to="decisions.decision"
                    ),
                ),
                (
                    "item",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="decision_links", to="items.item"
                    ),
                ),
            ],
            options={
                "verbose_name": "élément concerné",
                "verbose_name_plural": "éléments concernés",
                "indexes": [models.Index(fields=["item", "decision"], name="decision_by_item")],
                "constraints": [models.UniqueConstraint(fields=("decision", "item"), name="unique_decision_item")],
            },
        ),
        migrations.RunPython(link_items, migrations.RunPython.noop),
    ]
