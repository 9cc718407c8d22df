from django.urls import path

from . import views

app_name = "decisions"

urlpatterns = [
    # Agents: inboxes and instruction
    path("mon-service/", views.my_inbox, name="my_inbox"),
    path("services/<slug:slug>/boite/", views.inbox, name="inbox"),
    path("services/<slug:slug>/boite/actions/", views.inbox_bulk, name="inbox_bulk"),
    path("instruction/non-orientees/", views.unrouted, name="unrouted"),
    path("instruction/avis/<id:pk>/", views.opinion_answer, name="opinion_answer"),
    # One item of any registered resource: /instruction/contributions/12/ (items.queries.url_segment)
    path("instruction/<slug:kind>/<id:pk>/", views.workspace, name="workspace"),
    path("instruction/<slug:kind>/<id:pk>/orienter/", views.route, name="route"),
    path("instruction/<slug:kind>/<id:pk>/avis/", views.request_opinions, name="request_opinions"),
    # Public decisions and their log
    path("decisions/", views.decision_list, name="list"),
    path("decisions/nouvelle/", views.decision_create, name="create"),
    path("decisions/journal/", views.journal, name="journal"),
    path("decisions/journal.jsonl", views.journal_export, name="journal_export"),
    path("decisions/journal/divulgations.jsonl", views.journal_disclosures, name="journal_disclosures"),
    path("decisions/<id:pk>/", views.decision_detail, name="detail"),
    path("decisions/<id:pk>/corriger/", views.decision_correct, name="correct"),
    # The rulebook's commitments, measured
    path("engagements/", views.commitments, name="commitments"),
]
