from django.urls import path

from . import views

app_name = "residency"

urlpatterns = [
    path("habitants-verifies/", views.about, name="about"),
    path("mon-espace/residence/", views.mine, name="mine"),
    path("accueil/verification-residence/", views.front_desk, name="front_desk"),
]
