from django.urls import path

from . import views

app_name = "demarches"

urlpatterns = [
    path("demarches/", views.demarche_list, name="list"),
    path("demarches/nouvelle/ameliorer-notre-service/", views.service_improvement_new, name="service_improvement"),
    path("demarches/<slug:slug>/", views.demarche_detail, name="detail"),
    path("demarches/<slug:slug>/regles/", views.demarche_rules, name="rules"),
    path("regles/", views.charter, name="charter"),
]
