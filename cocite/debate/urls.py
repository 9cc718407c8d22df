from django.urls import path

from . import views

app_name = "debate"

# The debate of a commentable object is reached from that object's address. Contributions
# are the commentable component today; another one adds its three routes the same way,
# with its own model label in `target_model`.
CONTRIBUTION = {"target_model": "contributions.Contribution"}

urlpatterns = [
    path("contributions/<int:pk>/debat/", views.debate_page, CONTRIBUTION, name="page"),
    path("contributions/<int:pk>/debat/commenter/", views.comment_create, CONTRIBUTION, name="post"),
    path("contributions/<int:pk>/debat/reponse-officielle/", views.official_answer, CONTRIBUTION, name="official"),
    path("commentaires/<int:pk>/", views.thread, name="thread"),
    path("commentaires/<int:pk>/repondre/", views.reply, name="reply"),
    path("commentaires/<int:pk>/modifier/", views.edit, name="edit"),
    path("commentaires/<int:pk>/supprimer/", views.delete, name="delete"),
    path("commentaires/<int:pk>/utile/", views.useful, name="useful"),
    path("commentaires/<int:pk>/versions/", views.history, name="history"),
]
