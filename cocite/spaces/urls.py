from django.urls import path

from . import views

app_name = "spaces"

urlpatterns = [
    path("mon-espace/", views.my_space, name="mine"),
    path("personnes/<id:pk>/", views.person, name="person"),
    path("recherche/", views.site_search, name="search"),
]
