from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("profil/mes-donnees/", views.personal_data_download, name="personal_data"),
    path("supprimer/", views.account_delete, name="delete"),
]
