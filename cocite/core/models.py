from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Creation and last-change timestamps, shared by most models."""

    created_at = models.DateTimeField(_("créé le"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        abstract = True


class SearchDocument(models.Model):
    """PostgreSQL full-text index row (SQLite uses the FTS5 table core_search_fts instead)."""

    kind = models.CharField(max_length=40)
    object_id = models.BigIntegerField()
    vector = SearchVectorField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="unique_search_document")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"
