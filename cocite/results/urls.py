from django.urls import path

from . import views

app_name = "results"

urlpatterns = [
    path("resultats/", views.result_list, name="list"),
    path("resultats/nouveau/", views.result_create, name="create"),
    path("resultats/<int:pk>/", views.result_detail, name="detail"),
    path("resultats/<int:pk>/suivi/", views.result_manage, name="manage"),
    path("resultats/<int:pk>/realise/", views.result_done, name="done"),
    path("resultats/<int:pk>/verification/", views.result_check, name="check"),
]
