from django.urls import path

from . import views

app_name = "api_pages"

urlpatterns = [
    path("developpeurs/", views.developers, name="developers"),
    path("api/v1/reference/", views.reference, name="reference"),
    path("comptes/jetons/", views.tokens, name="tokens"),
    path("comptes/jetons/<str:pk>/revoquer/", views.token_revoke, name="token_revoke"),
]
