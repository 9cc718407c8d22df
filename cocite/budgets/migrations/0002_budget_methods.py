"""Ranking and cumulative points: the rules' points, a value on each choice of a ballot (the
many-to-many's own table, now a model), the marks of a paper entry."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("budgets", "0001_budgets"),
    ]

    operations = [
        # The table `budgets_ballot_projects` already exists (the plain many-to-many's): only the
        # state learns it is a model now; then a column is added to it.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="BallotChoice",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        (
                            "ballot",
                            models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="budgets.ballot"),
                        ),
                        (
                            "project",
                            models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="budgets.project"),
                        ),
                    ],
                    options={
                        "verbose_name": "choix d'un bulletin",
                        "verbose_name_plural": "choix d'un bulletin",
                        "db_table": "budgets_ballot_projects",
                        "unique_together": {("ballot", "project")},
                    },
                ),
                migrations.AlterField(
                    model_name="ballot",
                    name="projects",
                    field=models.ManyToManyField(
                        related_name="ballots", through="budgets.BallotChoice", to="budgets.project"
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name="ballotchoice",
            name="value",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="paperentry",
            name="marks",
            field=models.JSONField(default=list),
        ),
        migrations.AddField(
            model_name="budgetrules",
            name="points",
            field=models.PositiveIntegerField(
                blank=True,
                null=True,
                validators=[django.core.validators.MinValueValidator(1)],
                verbose_name="points à répartir par bulletin",
            ),
        ),
        migrations.AlterField(
            model_name="budgetrules",
            name="method",
            field=models.CharField(
                choices=[
                    ("approval_budget", "Panier dans la limite du budget"),
                    ("k_approval", "Un nombre maximal de projets"),
                    ("ranking", "Classement des projets préférés"),
                    ("cumulative", "Points à répartir entre les projets"),
                ],
                max_length=20,
                verbose_name="façon de voter",
            ),
        ),
        migrations.AddConstraint(
            model_name="budgetrules",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("method", "ranking"), _negated=True), ("max_choices__isnull", False), _connector="OR"
                ),
                name="budget_rules_ranking_needs_max",
            ),
        ),
        migrations.AddConstraint(
            model_name="budgetrules",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("method", "cumulative"), _negated=True),
                    models.Q(("points__gte", 1), ("points__isnull", False)),
                    _connector="OR",
                ),
                name="budget_rules_cumulative_needs_points",
            ),
        ),
    ]
