from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("profil/mes-donnees/", views.personal_data_download, name="personal_data"),
    path("supprimer/", views.account_delete, name="delete"),
    # The return after an identity provider's logout (cocite/accounts/oidc.py); the sign-in's
    # login and callback are allauth's routes, served by our views (accounts/identity/urls.py).
    path("oidc/deconnexion/", views.oidc_logged_out, name="oidc_logged_out"),
]
