from django.apps import AppConfig


class TestDatabaseConfig(AppConfig):
    """Installed by config/settings/test.py only: the flush that ends each transactional test (its `flush`)."""

    name = "cocite.core.tests.testdb"
    label = "testdb"
    verbose_name = "Base de données des tests"
