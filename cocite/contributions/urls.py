from django.urls import path

from . import views

app_name = "contributions"

urlpatterns = [
    path("demarches/<slug:slug>/contributions/", views.contribution_list, name="list"),
    path("demarches/<slug:slug>/contribuer/", views.contribution_submit, name="submit"),
    path("demarches/<slug:slug>/contribuer/similaires/", views.similar, name="similar"),
    path("contributions/<int:pk>/", views.contribution_detail, name="detail"),
    path("contributions/<int:pk>/soutien/", views.support, name="support"),
    path("contributions/<int:pk>/modifier/", views.contribution_edit, name="edit"),
    path("contributions/<int:pk>/retirer/", views.contribution_withdraw, name="withdraw"),
    path("contributions/<int:pk>/historique/", views.contribution_history, name="history"),
    path("contributions/<int:pk>/images/<int:image_pk>/<str:name>", views.image, name="image"),
]
