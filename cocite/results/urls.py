from django.urls import path

from . import views

app_name = "results"

urlpatterns = [
    path("resultats/", views.result_list, name="list"),
    path("resultats/nouveau/", views.result_create, name="create"),
    path("resultats/<id:pk>/", views.result_detail, name="detail"),
    path("resultats/<id:pk>/suivi/", views.result_manage, name="manage"),
    path("resultats/<id:pk>/realise/", views.result_done, name="done"),
    path("resultats/<id:pk>/verification/", views.result_check, name="check"),
]
