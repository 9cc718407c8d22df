from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("donnees/", views.index, name="index"),
    path("donnees/regenerer/", views.regenerate, name="regenerate"),
    path("donnees/fichiers/<str:name>", views.download, name="file"),
]
