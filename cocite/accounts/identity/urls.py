"""Included by allauth.urls under /comptes/ (see the package's docstring)."""

from django.urls import include, path

from cocite.accounts import views

urlpatterns = [
    path(
        "oidc/<str:provider_id>/",
        include(
            [
                path("login/", views.oidc_login, name="openid_connect_login"),
                path("login/callback/", views.oidc_callback, name="openid_connect_callback"),
            ]
        ),
    )
]
