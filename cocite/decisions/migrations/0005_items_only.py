"""The arbitration works on items, second step: the references to contributions go.

Separate from 0004 so that PostgreSQL commits the rows 0004 wrote before these tables change
(it refuses to alter a table with pending deferred-constraint checks in the same transaction).
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Q

REWRITTEN = (
    "decisions_decision",
    "decisions_decisioncontribution",
    "decisions_decisionitem",
    "decisions_opinionrequest",
)


def drop_triggers(apps, schema_editor):
    """Migrating back: the append-only triggers (re-created after every migrate) read columns about to go."""
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


class Migration(migrations.Migration):
    dependencies = [("decisions", "0004_items")]

    operations = [
        migrations.RemoveField(model_name="decision", name="contributions"),
        migrations.DeleteModel(name="DecisionContribution"),
        migrations.RemoveField(model_name="routing", name="contribution"),
        migrations.RemoveField(model_name="routingevent", name="contribution"),
        migrations.RemoveField(model_name="opinionrequest", name="contribution"),
        migrations.RemoveField(model_name="commitment", name="contribution"),
        migrations.RemoveField(model_name="decision", name="merged_into"),
        migrations.RenameField(model_name="decision", old_name="merged_into_item", new_name="merged_into"),
        migrations.AlterField(
            model_name="decision",
            name="merged_into",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="items.item",
                verbose_name="fusionnée avec",
            ),
        ),
        migrations.AlterField(
            model_name="routing",
            name="item",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE, related_name="routing", to="items.item",
                verbose_name="élément",
            ),
        ),
        migrations.AlterField(
            model_name="routingevent",
            name="item",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="routing_events", to="items.item"
            ),
        ),
        migrations.AlterField(
            model_name="opinionrequest",
            name="item",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="opinion_requests", to="items.item"
            ),
        ),
        migrations.AlterField(
            model_name="commitment",
            name="item",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE, related_name="commitment", to="items.item"
            ),
        ),
        migrations.AddField(
            model_name="decision",
            name="items",
            field=models.ManyToManyField(
                related_name="decisions", through="decisions.DecisionItem", to="items.item",
                verbose_name="éléments concernés",
            ),
        ),
        migrations.AlterField(
            model_name="decision",
            name="outcome",
            field=models.CharField(
                choices=[
                    ("retenue", "Retenue"),
                    ("retenue_modifiee", "Retenue avec modifications"),
                    ("deja_prevue", "Déjà prévue"),
                    ("non_retenue", "Non retenue"),
                    ("hors_competence", "Hors compétence"),
                    ("fusionnee", "Fusionnée avec un autre élément"),
                ],
                max_length=20,
                verbose_name="décision",
            ),
        ),
        migrations.AddConstraint(
            model_name="opinionrequest",
            constraint=models.UniqueConstraint(
                condition=Q(status="en_attente"), fields=("item", "department"), name="one_pending_opinion_request"
            ),
        ),
        migrations.AddIndex(
            model_name="opinionrequest",
            index=models.Index(fields=["item", "status"], name="opinion_request_item"),
        ),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.CheckConstraint(
                condition=Q(outcome="fusionnee", merged_into__isnull=False)
                | (~Q(outcome="fusionnee") & Q(merged_into__isnull=True)),
                name="decision_merged_has_target",
            ),
        ),
        # Migrating back: the triggers ensure_triggers re-created read the columns about to go.
        migrations.RunPython(migrations.RunPython.noop, drop_triggers),
    ]
