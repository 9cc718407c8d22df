from django.urls import path

from . import views

app_name = "spaces"

urlpatterns = [
    path("mon-espace/", views.my_space, name="mine"),
    path("quartiers/<slug:slug>/", views.quartier, name="quartier"),
    path("services/<slug:slug>/", views.department, name="department"),
    path("personnes/<id:pk>/", views.person, name="person"),
    path("recherche/", views.site_search, name="search"),
]
