from django.urls import path

from . import views

app_name = "opinions"

urlpatterns = [
    path("demarches/<slug:slug>/opinions/", views.main, name="main"),
    path("demarches/<slug:slug>/opinions/proposer/", views.submit, name="submit"),
    path("demarches/<slug:slug>/opinions/mes-votes/", views.my_votes, name="my_votes"),
    path("demarches/<slug:slug>/opinions/resultats/", views.results, name="results"),
    path("demarches/<slug:slug>/opinions/moderation/", views.moderation, name="moderation"),
    path("opinions/propositions/<id:pk>/vote/", views.vote, name="vote"),
    path("opinions/propositions/<id:pk>/moderer/", views.moderate, name="moderate"),
    path("opinions/<id:pk>/", views.conversation_results, name="conversation"),
    path("opinions/<id:pk>/calcul/", views.run_status, name="run_status"),
    path("opinions/<id:pk>/recalculer/", views.recompute, name="recompute"),
]
