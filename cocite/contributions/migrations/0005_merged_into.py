import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0004_items"),
    ]

    operations = [
        migrations.AddField(
            model_name="contribution",
            name="merged_into",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="contributions.contribution",
                verbose_name="fusionnée dans",
            ),
        ),
    ]
