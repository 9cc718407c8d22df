from django.urls import path

from . import views

app_name = "debate"

# The debate of a commentable object is reached from that object's address. Contributions
# are the commentable component today; another one adds its three routes the same way,
# with its own model label in `target_model`.
CONTRIBUTION = {"target_model": "contributions.Contribution"}

urlpatterns = [
    path("contributions/<id:pk>/debat/", views.debate_page, CONTRIBUTION, name="page"),
    path("contributions/<id:pk>/debat/commenter/", views.comment_create, CONTRIBUTION, name="post"),
    path("contributions/<id:pk>/debat/reponse-officielle/", views.official_answer, CONTRIBUTION, name="official"),
    path("commentaires/<id:pk>/", views.thread, name="thread"),
    path("commentaires/<id:pk>/repondre/", views.reply, name="reply"),
    path("commentaires/<id:pk>/modifier/", views.edit, name="edit"),
    path("commentaires/<id:pk>/supprimer/", views.delete, name="delete"),
    path("commentaires/<id:pk>/utile/", views.useful, name="useful"),
    path("commentaires/<id:pk>/versions/", views.history, name="history"),
]
