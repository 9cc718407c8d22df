from django.apps import AppConfig


class ToyConfig(AppConfig):
    """A resource that exists only in the tests: proves a new kind of item needs no machinery change."""

    name = "cocite.items.tests.toy"
    label = "toy"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .resource import register

        register()
