from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("acteurs/", views.directory, name="directory"),
    path("acteurs/nouveau/", views.actor_create, name="actor_create"),
    path("acteurs/mes-competences/", views.skills, name="skills"),
    path("acteurs/invitation/<str:token>/", views.invitation, name="invitation"),
    path("acteurs/<id:pk>/", views.actor_detail, name="actor"),
    path("acteurs/<id:pk>/modifier/", views.actor_edit, name="actor_edit"),
    path("acteurs/<id:pk>/logo/", views.actor_logo, name="actor_logo"),
    path("acteurs/<id:pk>/contact/", views.actor_contact, name="actor_contact"),
    path("acteurs/<id:pk>/inviter/", views.actor_invite, name="actor_invite"),
    path("acteurs/<id:pk>/quitter/", views.actor_leave, name="actor_leave"),
    path("acteurs/<id:pk>/verifier/", views.actor_verify, name="actor_verify"),
    path("initiatives/", views.initiatives, name="initiatives"),
    path("initiatives/nouvelle/", views.initiative_create, name="initiative_create"),
    path("initiatives/fil/", views.feed, name="feed"),
    path("initiatives/suivies/", views.followed, name="followed"),
    path("initiatives/<id:pk>/", views.initiative_detail, name="initiative"),
    path("initiatives/<id:pk>/etape/", views.initiative_stage, name="initiative_stage"),
    path("initiatives/<id:pk>/appels/", views.call_create, name="call_create"),
    path("initiatives/<id:pk>/nouvelles/", views.news_post, name="news_post"),
    path("initiatives/<id:pk>/accompagnement/", views.incubation_request, name="incubation_request"),
    path("initiatives/<id:pk>/accompagnement/decision/", views.incubation_decide, name="incubation_decide"),
    path("initiatives/<id:pk>/referent/", views.referent, name="referent"),
    path("initiatives/appels/<id:pk>/aider/", views.call_answer, name="call_answer"),
    path("initiatives/appels/<id:pk>/cloturer/", views.call_close, name="call_close"),
    path("initiatives/appels/<id:pk>/suggestions/", views.call_matches, name="call_matches"),
    path("initiatives/aides/<id:pk>/accepter/", views.help_decide, {"decision": "accepter"}, name="help_accept"),
    path("initiatives/aides/<id:pk>/decliner/", views.help_decide, {"decision": "decliner"}, name="help_decline"),
]
