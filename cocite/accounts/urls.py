from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("profil/mes-donnees/", views.personal_data_download, name="personal_data"),
    path("supprimer/", views.account_delete, name="delete"),
    # Identity providers (cocite/accounts/oidc.py). Included before allauth.urls under the same
    # prefix: these take the place of allauth's own openid_connect login and callback.
    path("oidc/<str:provider_id>/login/", views.oidc_login, name="oidc_login"),
    path("oidc/<str:provider_id>/login/callback/", views.oidc_callback, name="oidc_callback"),
    path("oidc/deconnexion/", views.oidc_logged_out, name="oidc_logged_out"),
]
