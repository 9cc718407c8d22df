"""The admin app with Cocité's site as the default one (see cocite/core/admin_site.py)."""

from django.contrib.admin.apps import AdminConfig


class CociteAdminConfig(AdminConfig):
    default_site = "cocite.core.admin_site.CociteAdminSite"
