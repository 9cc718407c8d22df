"""Per-person limits on every write that publishes something (cocite.core.ratelimit).

Through the real forms: contributions (online, and offline at an agent's desk with a higher
limit), comments, official answers, opinion statements. The sweep at the end walks every
public function of every `actions` module: each is either limited (and shown to be) or
listed with the reason it needs no per-person limit, so a new content-creating action cannot
slip in unclassified.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import pkgutil
import re
from collections.abc import Callable
from typing import Any

import pytest
from allauth.socialaccount.models import SocialAccount
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from cocite.accounts.tests.factories import UserFactory
from cocite.budgets import actions as budget_actions
from cocite.budgets.tests import helpers as budget_helpers
from cocite.budgets.tests.helpers import budget_setup
from cocite.contributions import actions as contribution_actions
from cocite.contributions.models import Contribution
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core.errors import RateLimited
from cocite.core.testing import report_coverage
from cocite.debate import actions as debate_actions
from cocite.debate.models import Comment
from cocite.demarches.tests.factories import DemarcheFactory, RulebookFactory, publish_version
from cocite.missions import actions as mission_actions
from cocite.missions.tests import helpers as mission_helpers
from cocite.moderation import actions as moderation_actions
from cocite.network import actions as network_actions
from cocite.network.tests import helpers as network_helpers
from cocite.opinions import actions as opinion_actions
from cocite.opinions.models import Statement
from cocite.opinions.tests.factories import conversation_for, opinion_demarche
from cocite.quality import actions as quality_actions
from cocite.quality.tests import helpers as quality_helpers
from cocite.reports import actions as report_actions
from cocite.reports.tests import helpers as report_helpers
from cocite.residency import actions as residency_actions
from cocite.surveys import actions as survey_actions
from cocite.surveys.tests import factories as survey_factories
from cocite.territory.tests.factories import DepartmentFactory, ThemeFactory

pytestmark = pytest.mark.django_db

WHEN = re.compile(r"à partir de [^<]*\d{1,2}:\d{2}")


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def demarche() -> Any:
    demarche = DemarcheFactory()
    publish_version(RulebookFactory(demarche=demarche), 1)
    return demarche


def _contribute(client: Client, demarche: Any, n: int, **extra: str) -> Any:
    data = {"kind": "idee", "title": f"Des bancs ombragés près de la gare, numéro {n}", "body": "Il fait chaud."}
    return client.post(reverse("contributions:submit", kwargs={"slug": demarche.slug}), {**data, **extra})


def test_a_resident_cannot_flood_contributions(settings: Any, demarche: Any) -> None:
    assert settings.RATE_LIMITS["contribution"] == "10/h"  # the default
    resident = UserFactory()
    client = _client(resident)
    for n in range(10):
        assert _contribute(client, demarche, n).status_code == 302
    response = _contribute(client, demarche, 10)
    assert response.status_code == 429
    page = response.content.decode()
    assert "beaucoup de contributions" in page
    assert WHEN.search(page), page
    assert Contribution.objects.filter(author=resident).count() == 10
    # Someone else is not held back.
    assert _contribute(_client(UserFactory()), demarche, 11).status_code == 302


def test_an_agent_at_a_desk_records_more_than_a_resident_may_post(settings: Any, demarche: Any) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "contribution": "2/h", "contribution_offline": "5/h"}
    agent = UserFactory()
    DepartmentFactory(members=[agent])
    client = _client(agent)
    for n in range(5):
        response = _contribute(client, demarche, n, channel="papier", offline_author_name=f"M. Papier {n}")
        assert response.status_code == 302
    response = _contribute(client, demarche, 5, channel="papier", offline_author_name="Un de trop")
    assert response.status_code == 429
    assert WHEN.search(response.content.decode())
    assert Contribution.objects.filter(recorded_by=agent).count() == 5


def test_comments_say_when_one_may_post_again(demarche: Any) -> None:
    idea = ContributionFactory(demarche=demarche)
    client = _client(UserFactory())
    url = reverse("debate:post", kwargs={"pk": idea.pk})
    for n in range(10):
        assert client.post(url, {"stance": "pour", "body": f"Argument {n}."}).status_code == 302
    response = client.post(url, {"stance": "pour", "body": "Un de trop."})
    assert response.status_code == 429
    assert WHEN.search(response.content.decode())


def test_official_answers_are_limited_too(demarche: Any) -> None:
    theme = ThemeFactory()
    demarche.themes.add(theme)
    agent = UserFactory()
    department = DepartmentFactory(members=[agent], themes=[theme])
    idea = ContributionFactory(demarche=demarche)
    idea.themes.add(theme)
    client = _client(agent)
    url = reverse("debate:official", kwargs={"pk": idea.pk})
    for n in range(10):
        assert client.post(url, {"department": department.pk, "body": f"Réponse {n}."}).status_code == 302
    response = client.post(url, {"department": department.pk, "body": "Une de trop."})
    assert response.status_code == 429
    assert WHEN.search(response.content.decode())
    assert Comment.objects.filter(is_official=True).count() == 10


def test_opinion_statements_are_limited() -> None:
    demarche = opinion_demarche(moderation="post")
    client = _client(UserFactory())
    url = reverse("opinions:submit", kwargs={"slug": demarche.slug})
    for n in range(10):
        assert client.post(url, {"text": f"Une proposition différente numéro {n}"}).status_code == 302
    response = client.post(url, {"text": "Une proposition de trop, la onzième"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "beaucoup de propositions" in page
    assert WHEN.search(page)
    assert Statement.objects.count() == 10


# --- the sweep -----------------------------------------------------------------------------------

# Why an action needs no per-person limit.
OWN_TEXT = "edits or withdraws the person's own item (no new item; edit windows and rules bound it)"
ONE_PER_PERSON = "at most one row per person and object (a unique constraint): nothing to flood with"
STAFF = "an editorial write of appointed staff (agents of a department, moderators, administrators)"
NOTHING_PUBLISHED = "publishes no text a person wrote (statuses, reading marks, preferences, personal data)"
BACKGROUND = "runs from tasks, commands or signals, never directly from a request"

NOT_LIMITED: dict[str, str] = {
    # The exploration (issue 21): the team's field work is staff writing (also limited, RATE_LIMITS["exploration"]).
    "exploration.field_note_record": STAFF,
    "exploration.journey_create": STAFF,
    "exploration.journey_step_add": STAFF,
    "exploration.irritant_add": STAFF,
    "exploration.irritant_link": STAFF,
    "exploration.irritant_to_contribution": STAFF + "; through contribution_submit, which is limited",
    "exploration.finding_record": STAFF,
    "exploration.finding_publish": STAFF,
    "exploration.volunteer_sign_up": ONE_PER_PERSON,
    "exploration.volunteer_withdraw": OWN_TEXT,
    "exploration.forget_person": NOTHING_PUBLISHED,
    "demarches.demarche_from_preset": STAFF + " (a department's manager launches « améliorer notre service »)",
    "demarches.demarche_draft_create": STAFF + " (a department's agent carries reports into a draft démarche)",
    "quality.faq_promote": STAFF + "; it copies an official answer already published (once per page and answer)",
    "quality.page_create": STAFF + "; the back office and the demo",
    "quality.page_edit": STAFF,
    "quality.page_verify": STAFF + "; it publishes no text",
    "quality.version_record": STAFF + "; the back office's save of a page",
    "quality.question_mask": BACKGROUND + " (the moderation's hide)",
    "quality.question_unmask": BACKGROUND + " (the moderation's restore)",
    "quality.question_redact": BACKGROUND + " (the moderation's redaction)",
    "quality.review_reminders_send": BACKGROUND,
    "residency.front_desk_verify": STAFF,
    "residency.streets_import": STAFF + "; the back office or a command",
    "residency.roll_import": STAFF + "; the back office or a command",
    "residency.roll_purge": BACKGROUND,
    "residency.verifications_forget": NOTHING_PUBLISHED,
    "residency.validity": "reads a setting, writes nothing",
    "accounts.profile_update": OWN_TEXT,
    "accounts.account_anonymise": NOTHING_PUBLISHED,
    "accounts.anonymised_display_name_key": NOTHING_PUBLISHED,
    "accounts.inactive_accounts": BACKGROUND,
    "accounts.anonymise_inactive_accounts": BACKGROUND,
    "analysis.run_request": STAFF,
    "analysis.run_execute": BACKGROUND,
    "analysis.run_requeue": BACKGROUND,
    "items.item_register": NOTHING_PUBLISHED,
    "items.items_register_bulk": NOTHING_PUBLISHED,
    "items.item_retitle": NOTHING_PUBLISHED,
    "items.items_record_status": NOTHING_PUBLISHED,
    "items.items_set_status": NOTHING_PUBLISHED,
    "items.items_link_to_demarche": NOTHING_PUBLISHED + " (reports carried into a démarche, by its staff)",
    "opinions.opinion_run_requeue": BACKGROUND,
    "decisions.log_pending_rule_versions": BACKGROUND,
    "analysis.theme_validate": STAFF,
    "analysis.theme_rename": STAFF,
    "analysis.theme_merge": STAFF,
    "analysis.contributions_move": STAFF,
    "analysis.duplicate_dismiss": STAFF,
    "analysis.synthesis_draft": STAFF,
    "analysis.synthesis_update": STAFF,
    "analysis.line_add": STAFF,
    "analysis.line_update": STAFF,
    "analysis.line_delete": STAFF,
    "analysis.synthesis_fill_from_themes": STAFF,
    "analysis.synthesis_publish": STAFF,
    "contributions.locate": NOTHING_PUBLISHED,
    "contributions.contribution_edit": OWN_TEXT,
    "contributions.contribution_withdraw": OWN_TEXT,
    "contributions.support_set": ONE_PER_PERSON,
    "contributions.pending_image_keep": "publishes nothing; at most PENDING_IMAGE_CAP kept images per person, "
    "the oldest deleted beyond it",
    "contributions.pending_images_discard": NOTHING_PUBLISHED,
    "contributions.pending_images_purge": BACKGROUND,
    "decisions.index_decision": "indexes a published decision for the search, inside decision_publish (STAFF)",
    "debate.comment_edit": OWN_TEXT,
    "debate.comment_delete": OWN_TEXT,
    "debate.useful_set": ONE_PER_PERSON,
    "debate.comment_mask": STAFF,
    "debate.comment_unmask": STAFF,
    "debate.comment_redact": STAFF,
    "contributions.contribution_mask": STAFF,
    "contributions.contribution_unmask": STAFF,
    "contributions.contribution_redact": STAFF,
    "moderation.items_keep": STAFF,
    "opinions.statement_redact": STAFF,
    "moderation.items_hide": STAFF,
    "moderation.item_redact": STAFF,
    "moderation.person_sanction": STAFF,
    "moderation.appeal_decide": STAFF,
    "moderation.items_approve": STAFF,
    "moderation.items_refuse": STAFF,
    "moderation.item_restore": STAFF,
    "moderation.sanction_lift": STAFF,
    "contributions.contribution_publish": STAFF,
    "debate.comment_publish": STAFF,
    "debate.premoderated": NOTHING_PUBLISHED,
    "notifications.moderation_notify": BACKGROUND,
    "decisions.competent_department": NOTHING_PUBLISHED,
    "decisions.routing_auto": BACKGROUND,
    "decisions.routing_reassign": STAFF,
    "decisions.routing_mark_under_review": STAFF,
    "decisions.opinions_request": STAFF,
    "decisions.opinion_give": STAFF,
    "decisions.opinions_escalate_overdue": BACKGROUND,
    "decisions.log_rule_version": BACKGROUND,
    "decisions.check_explanation": NOTHING_PUBLISHED,
    "decisions.decision_publish": STAFF,
    "decisions.decision_correct": STAFF,
    "decisions.commitment_check": BACKGROUND,
    "decisions.commitment_check_after_support": BACKGROUND,
    "decisions.publish_opinions": BACKGROUND,
    "decisions.parse_cost": NOTHING_PUBLISHED,
    "decisions.on_commit": NOTHING_PUBLISHED,
    "decisions.check_department_access": NOTHING_PUBLISHED,
    "decisions.commitments_backfill": BACKGROUND,
    "decisions.route_unrouted": BACKGROUND,
    "demarches.rule_version_publish": STAFF,
    "demarches.forget_person": NOTHING_PUBLISHED,
    "notifications.follow_set": ONE_PER_PERSON,
    "notifications.unfollow": NOTHING_PUBLISHED,
    "notifications.follow_auto": BACKGROUND,
    "notifications.follows_delete_for": BACKGROUND,
    "notifications.notification_mark_read": NOTHING_PUBLISHED,
    "notifications.notifications_mark_all_read": NOTHING_PUBLISHED,
    "notifications.preference_set": NOTHING_PUBLISHED,
    "notifications.unsubscribe": NOTHING_PUBLISHED,
    "notifications.event_publish": BACKGROUND,
    "notifications.notifications_deliver": BACKGROUND,
    "notifications.email_immediately": BACKGROUND,
    "notifications.digests_send": BACKGROUND,
    "notifications.phase_announce": BACKGROUND,
    "notifications.phase_changes_announce": BACKGROUND,
    "notifications.forget_person": NOTHING_PUBLISHED,
    "opendata.export_request": STAFF,
    "opinions.recompute_interval": NOTHING_PUBLISHED,
    "opinions.moderation_setting": NOTHING_PUBLISHED,
    "opinions.conversation_ensure": BACKGROUND,
    "opinions.participant_for": NOTHING_PUBLISHED,
    "opinions.statement_moderate": STAFF,
    "opinions.vote_cast": ONE_PER_PERSON,
    "opinions.opinion_recompute_schedule": BACKGROUND,
    "opinions.opinion_run_execute": BACKGROUND,
    "opinions.opinion_run_now": STAFF,
    "opinions.serialize_result": NOTHING_PUBLISHED,
    "opinions.conversation_import_polis": STAFF,
    "results.result_create": STAFF,
    "results.result_update_progress": STAFF,
    "results.milestone_add": STAFF,
    "results.milestone_set_done": STAFF,
    "results.result_mark_done": STAFF,
    "results.completion_check_answer": ONE_PER_PERSON,
    "accounts.masked_display_name_key": "builds a key, writes nothing",
    "accounts.profile_mask": BACKGROUND + " (the moderation's hide)",
    "accounts.profile_unmask": BACKGROUND + " (the moderation's restore)",
    "accounts.profile_redact": BACKGROUND + " (the moderation's redaction)",
    "api.token_create": NOTHING_PUBLISHED + "; at most MAX_TOKENS_PER_PERSON live personal tokens, "
    "application tokens are an administrator's (STAFF)",
    "api.token_revoke": NOTHING_PUBLISHED,
    "api.token_touch": NOTHING_PUBLISHED + " (the last use of a token, at most once a minute)",
    "api.subscription_create": STAFF + " (an administrator's webhook subscription)",
    "api.new_webhook_secret": "builds a secret, writes nothing",
    "api.webhook_emit": BACKGROUND + " (records the deliveries of an event another write made)",
    "api.backoff": "computes a delay, writes nothing",
    "api.delivery_attempt": BACKGROUND,
    "api.deliveries_retry_due": BACKGROUND,
    "api.delivery_replay": STAFF + " (the admin's replay of a delivery)",
    "contributions.image_mask": BACKGROUND + " (the moderation's hide)",
    "contributions.image_unmask": BACKGROUND + " (the moderation's restore)",
    "contributions.image_redact": BACKGROUND + " (the moderation's redaction)",
    "budgets.budget_rules_publish": STAFF + " (the rules of a vote, once per rule version)",
    "budgets.budget_rules_adopt": STAFF + " (the team sets the vote's rules, refused once a ballot is in)",
    "budgets.project_create": STAFF + " (the démarche's team prepares the projects)",
    "budgets.count_payload": "builds the log entry's payload, writes nothing",
    "budgets.ballot_check": "checks a ranking or points before the summary, writes nothing",
    "budgets.count_publish": STAFF + " (the démarche's team counts after the close)",
    "budgets.winners_to_results": STAFF,
    "missions.consent_text": "returns a text, writes nothing",
    "missions.mission_publish": STAFF + " (agents or administrators publish a mission)",
    "missions.event_publish": STAFF + " (agents or administrators publish an event)",
    "missions.registration_cancel": OWN_TEXT + " (one's own registration)",
    "missions.attendance_confirm": STAFF + " (the organisers note who came)",
    "missions.event_notes_publish": STAFF + " (the organisers' notes after the event)",
    "missions.activity_cancel": STAFF + " (the organisers cancel their activity)",
    "missions.registration_mail_send": BACKGROUND,
    "missions.message_deliver": BACKGROUND,
    "missions.contact_deliver": BACKGROUND,
    "missions.reminders_queue": BACKGROUND,
    "missions.registrations_forget": NOTHING_PUBLISHED,
    "reports.locate": "finds a quartier, writes nothing",
    "reports.report_join": ONE_PER_PERSON + " (one follower row per person and report)",
    "reports.report_follow": ONE_PER_PERSON,
    "reports.report_set_status": STAFF + " (agents of the report's department)",
    "reports.report_reassign": STAFF,
    "reports.confirmations_ask": BACKGROUND,
    "reports.report_confirm": "the reporter's answer about their own report, once per « résolu » an agent "
    "gives (a « non » reopens it)",
    "reports.demarche_from_reports": STAFF + " (a draft démarche from a department's reports)",
    "reports.report_mask": BACKGROUND + " (the moderation's hide)",
    "reports.report_unmask": BACKGROUND + " (the moderation's restore)",
    "reports.report_publish": BACKGROUND + " (the moderation's approval of a report the word list held back)",
    "reports.report_redact": BACKGROUND + " (the moderation's redaction)",
    "reports.hash_key": "hashes a key, writes nothing",
    "reports.api_key_create": STAFF + " (an administrator's Open311 key, the back office or a command)",
    "reports.api_key_authenticate": "a lookup; it dates the key's last use (the key's reports are limited)",
    "surveys.survey_create": STAFF + " (the démarche's team builds its questionnaires)",
    "surveys.survey_update": STAFF,
    "surveys.question_add": STAFF,
    "surveys.question_update": STAFF,
    "surveys.question_move": STAFF,
    "surveys.question_delete": STAFF,
    "surveys.survey_publish": STAFF,
    "surveys.missing_answers": "lists the required questions left unanswered, writes nothing",
    "network.network_demarche": BACKGROUND + " (finds, or creates once, the démarche hosting the initiatives)",
    "network.actor_verify": STAFF + " (an agent's badge)",
    "network.invitation_token": "signs a token, writes nothing",
    "network.invitation_from_token": "a lookup, writes nothing",
    "network.invitation_refusal": "says why one may not accept, writes nothing",
    "network.contribution_in_name_of": "part of the contribution's submission, which is limited",
    "network.invitation_accept": ONE_PER_PERSON + " (one membership per person and actor)",
    "network.membership_leave": NOTHING_PUBLISHED,
    "network.membership_set_role": NOTHING_PUBLISHED + " (an actor's administrators set roles)",
    "network.skills_set": ONE_PER_PERSON + " (the person's one skills row, edited)",
    "network.initiative_set_stage": NOTHING_PUBLISHED + " (the holders set their initiative's stage)",
    "network.initiative_add_team_member": NOTHING_PUBLISHED + " (the holders name their team)",
    "network.referent_set": STAFF + " (agents and elected officials name a referent)",
    "network.call_close": NOTHING_PUBLISHED + " (the holders close their own call)",
    "network.help_decide": NOTHING_PUBLISHED + " (the holders accept or decline, once per offer)",
    "network.incubation_decide": STAFF + " (the department's reasoned answer)",
    "network.status_changed_mirror": BACKGROUND,
    "network.call_matches_notify": BACKGROUND + " (tells a new call's matches; the call itself is limited)",
    "network.forget_person": NOTHING_PUBLISHED,
    "territory.forget_person": NOTHING_PUBLISHED,
}


def _twice_contribution(author: Any, channel: str) -> Callable[[int], Any]:
    demarche = DemarcheFactory()
    publish_version(RulebookFactory(demarche=demarche), 1)
    return lambda n: contribution_actions.contribution_submit(
        author=author,
        demarche=demarche,
        kind="idee",
        title=f"Une idée pour la commune, numéro {n}",
        body="Du texte.",
        channel=channel,
        offline_author_name="Mme Papier" if channel != "en_ligne" else "",
    )


def _contribution_online() -> tuple[str, Callable[[int], Any]]:
    return "contribution", _twice_contribution(UserFactory(), Contribution.Channel.ONLINE)


def _contribution_offline() -> tuple[str, Callable[[int], Any]]:
    agent = UserFactory()
    DepartmentFactory(members=[agent])
    return "contribution_offline", _twice_contribution(agent, "papier")


def _comment() -> tuple[str, Callable[[int], Any]]:
    idea, person = ContributionFactory(), UserFactory()
    return "comment", lambda n: debate_actions.comment_post(
        author=person, target=idea, body=f"Argument {n}.", stance="pour"
    )


def _official_answer() -> tuple[str, Callable[[int], Any]]:
    theme, agent = ThemeFactory(), UserFactory()
    department = DepartmentFactory(members=[agent], themes=[theme])
    idea = ContributionFactory()
    idea.demarche.themes.add(theme)
    idea.themes.add(theme)
    return "comment", lambda n: debate_actions.official_answer_post(
        author=agent, target=idea, department=department, body=f"Réponse {n}."
    )


def _statement() -> tuple[str, Callable[[int], Any]]:
    conversation, person = conversation_for(opinion_demarche()), UserFactory()
    return "statement", lambda n: opinion_actions.statement_submit(
        author=person, conversation=conversation, text=f"Une proposition numéro {n} pour la commune"
    )


def _residence_check() -> tuple[str, Callable[[int], Any]]:
    # Guessing addresses street by street is not a way to become a verified resident.
    residency_actions.streets_import(data="nom_voie\nAvenue de la République\n")
    person = UserFactory()
    SocialAccount.objects.create(user=person, provider="franceconnect", uid=f"fc-{person.pk}", extra_data={})
    return "residence_check", lambda n: residency_actions.residence_check_franceconnect(
        person=person, address=f"{n} avenue de la République"
    )


def _flag() -> tuple[str, Callable[[int], Any]]:
    idea, person = ContributionFactory(), UserFactory()
    comments = [
        debate_actions.comment_post(author=UserFactory(), target=idea, body=f"Argument {n}.", stance="pour")
        for n in range(3)
    ]
    return "flag", lambda n: moderation_actions.flag_submit(
        user=person, kind="comment", object_id=comments[n].pk, reason="spam_publicite"
    )


def _appeal() -> tuple[str, Callable[[int], Any]]:
    idea, author, moderator = ContributionFactory(), UserFactory(), UserFactory(is_moderator=True)
    comments = [
        debate_actions.comment_post(
            author=author, target=idea, body=f"Argument {n}.", stance="pour", rate_limited=False
        )
        for n in range(3)
    ]
    moderation_actions.items_hide(
        actor=moderator, kind="comment", object_ids=[c.pk for c in comments], reason="spam_publicite"
    )
    return "flag", lambda n: moderation_actions.appeal_submit(
        user=author, kind="comment", object_id=comments[n].pk, text="Je conteste."
    )


def _feedback() -> tuple[str, Callable[[int], Any]]:
    target = quality_helpers.service(DepartmentFactory())
    person = UserFactory()
    return "feedback", lambda n: quality_actions.feedback_give(
        service=target, respondent=person, satisfaction=2, ease=2, clarity=2, help="desk", comment=f"Avis {n}"
    )


def _feedback_anonymous() -> tuple[str, Callable[[int], Any]]:
    target = quality_helpers.service(DepartmentFactory())
    return "feedback_anonymous", lambda n: quality_actions.feedback_give(
        service=target,
        respondent=AnonymousUser(),
        satisfaction=2,
        ease=2,
        clarity=2,
        help="desk",
        client="198.51.100.7",
    )


def _recurring_point() -> tuple[str, Callable[[int], Any]]:
    agent = UserFactory()
    target = quality_helpers.service(DepartmentFactory(members=[agent]))
    return "comment", lambda n: quality_actions.recurring_point_answer(
        author=agent, service=target, point=f"Point {n}", answer="Réponse."
    )


def _page_question() -> tuple[str, Callable[[int], Any]]:
    info, person = quality_helpers.page(DepartmentFactory()), UserFactory()
    return "comment", lambda n: quality_actions.question_ask(author=person, page=info, kind="question", body=f"Q {n} ?")


def _page_answer() -> tuple[str, Callable[[int], Any]]:
    agent = UserFactory()
    info = quality_helpers.page(DepartmentFactory(members=[agent]))
    questions = [
        quality_actions.question_ask(author=UserFactory(), page=info, kind="question", body="?") for _n in range(3)
    ]
    return "comment", lambda n: quality_actions.question_answer(author=agent, question=questions[n], answer="R.")


def _counterpoint() -> tuple[str, Callable[[int], Any]]:
    info, agent = quality_helpers.page(DepartmentFactory()), UserFactory()
    other = DepartmentFactory(members=[agent])
    questions = [
        quality_actions.question_ask(author=UserFactory(), page=info, kind="question", body="?") for _n in range(3)
    ]
    return "comment", lambda n: quality_actions.counterpoint_add(
        author=agent, question=questions[n], department_id=other.pk, body="Avis."
    )


def _ballot() -> tuple[str, Callable[[int], Any]]:
    setup, voter = budget_setup([1000, 2000]), budget_helpers.verified()
    return "ballot", lambda n: budget_actions.ballot_cast(
        voter=voter, demarche=setup["demarche"], project_ids=[setup["projects"][n - 1].pk], age_confirmed=True
    )


def _paper_ballot() -> tuple[str, Callable[[int], Any]]:
    setup = budget_setup([1000, 2000])
    return "paper_ballot", lambda n: budget_actions.paper_entry_key(
        agent=setup["agent"],
        demarche=setup["demarche"],
        station="Mairie",
        sheet=f"P-{n}",
        project_ids=[setup["projects"][0].pk],
    )


def _registration() -> tuple[str, Callable[[int], Any]]:
    slots = list(mission_helpers.mission(slots=2).slots.order_by("starts_at"))
    person = UserFactory()
    return "volunteering", lambda n: mission_actions.registration_create(
        person=person, slot=slots[n - 1], consent=True, age_confirmed=True
    )


def _organisers_message() -> tuple[str, Callable[[int], Any]]:
    organiser = mission_helpers.organiser()
    activity = mission_helpers.event(by=organiser)
    return "volunteering_message", lambda n: mission_actions.message_send(
        author=organiser, activity=activity, subject=f"Message {n}", body="Rendez-vous à 9 h."
    )


def _contact_organisers() -> tuple[str, Callable[[int], Any]]:
    activity, person = mission_helpers.event(), UserFactory()
    return "volunteering_contact", lambda n: mission_actions.contact_organisers(
        person=person, activity=activity, body=f"Question {n} ?"
    )


def _report() -> tuple[str, Callable[[int], Any]]:
    category, person = report_helpers.category(slug="limite-en-ligne"), UserFactory()
    return "report", lambda n: report_actions.report_submit(
        user=person, category=category, description=f"Lampadaire éteint {n}", address="Rue de la Gare"
    )


def _report_offline() -> tuple[str, Callable[[int], Any]]:
    agent = UserFactory()
    category = report_helpers.category(agents=[agent], slug="limite-guichet")
    return "report_offline", lambda n: report_actions.report_submit(
        user=agent,
        category=category,
        description=f"Trottoir abîmé {n}",
        address="Rue de la Gare",
        channel="accueil",
        offline_author_name="M. Guichet",
    )


def _report_open311() -> tuple[str, Callable[[int], Any]]:
    category = report_helpers.category(slug="limite-open311")
    key, _raw = report_actions.api_key_create(name="Application de la ville")
    return "open311", lambda n: report_actions.report_submit_open311(
        api_key=key, category=category, description=f"Nid-de-poule {n}", address="Rue de la Gare"
    )


def _survey_step() -> tuple[str, Callable[[int], Any]]:
    demarche, manager = survey_factories.survey_demarche()
    survey, person = survey_factories.full_survey(demarche, manager), UserFactory()
    first = survey_factories.question(survey, "Mode de transport")
    data = survey_factories.answer_data(survey)["Mode de transport"]
    return "survey_step", lambda n: survey_actions.response_save_step(
        user=person, survey=survey, question=first, data=data
    )


def _survey_response() -> tuple[str, Callable[[int], Any]]:
    demarche, manager = survey_factories.survey_demarche()
    person = UserFactory()
    surveys = [survey_factories.full_survey(demarche, manager) for _n in range(2)]
    for survey in surveys:
        for label, data in survey_factories.answer_data(survey).items():
            question = survey_factories.question(survey, label)
            survey_actions.response_save_step(
                user=person, survey=survey, question=question, data=data, rate_limited=False
            )
    return "survey_response", lambda n: survey_actions.response_submit(user=person, survey=surveys[n - 1])


def _actor() -> tuple[str, Callable[[int], Any]]:
    person = UserFactory()
    return "network", lambda n: network_helpers.make_actor(admin=person, name=f"Association {n}", rate_limited=True)


def _actor_message() -> tuple[str, Callable[[int], Any]]:
    actor, person = network_helpers.make_actor(), UserFactory()
    return "network_message", lambda n: network_actions.actor_message_send(
        user=person, actor=actor, body=f"Bonjour, message {n}."
    )


def _initiative() -> tuple[str, Callable[[int], Any]]:
    person = UserFactory()
    return "network", lambda n: network_helpers.make_initiative(
        holder=person, title=f"Un composteur numéro {n}", rate_limited=True
    )


def _news() -> tuple[str, Callable[[int], Any]]:
    holder = UserFactory()
    initiative = network_helpers.make_initiative(holder=holder)
    return "network", lambda n: network_actions.news_post(user=holder, initiative=initiative, body=f"Nouvelle {n}.")


def _actor_update() -> tuple[str, Callable[[int], Any]]:
    admin = UserFactory()
    actor = network_helpers.make_actor(admin=admin)
    return "network", lambda n: network_actions.actor_update(
        user=admin, actor=actor, kind="association", name=f"Les Amis du parc {n}", description="Une association."
    )


def _invitation() -> tuple[str, Callable[[int], Any]]:
    admin = UserFactory()
    actor = network_helpers.make_actor(admin=admin)
    return "network", lambda n: network_actions.invitation_create(
        user=admin, actor=actor, email=f"invite{n}@exemple.fr", role="membre"
    )


def _call() -> tuple[str, Callable[[int], Any]]:
    holder = UserFactory()
    initiative = network_helpers.make_initiative(holder=holder)
    return "network", lambda n: network_actions.call_create(
        user=holder, initiative=initiative, kind="locaux", what=f"Une salle {n}", when="Le samedi"
    )


def _help() -> tuple[str, Callable[[int], Any]]:
    holder, helper = UserFactory(), UserFactory()
    initiative = network_helpers.make_initiative(holder=holder)
    calls = [
        network_actions.call_create(
            user=holder,
            initiative=initiative,
            kind="locaux",
            what=f"Une salle {n}",
            when="Le samedi",
            rate_limited=False,
        )
        for n in range(3)
    ]
    return "network", lambda n: network_actions.help_offer(user=helper, call=calls[n], message="J'ai une salle.")


def _incubation() -> tuple[str, Callable[[int], Any]]:
    theme, _quartier = network_helpers.theme_and_quartier()
    network_helpers.manager_of(theme)
    holder = UserFactory()
    initiatives = [network_helpers.make_initiative(holder=holder, themes=[theme.pk]) for _n in range(3)]
    return "network", lambda n: network_actions.incubation_request(
        user=holder, initiative=initiatives[n], request="Un local et une subvention"
    )


LIMITED: dict[str, list[Callable[[], tuple[str, Callable[[int], Any]]]]] = {
    "budgets.ballot_cast": [_ballot],
    "budgets.paper_entry_key": [_paper_ballot],
    "missions.registration_create": [_registration],
    "missions.message_send": [_organisers_message],
    "missions.contact_organisers": [_contact_organisers],
    "reports.report_submit": [_report, _report_offline],
    "reports.report_submit_open311": [_report_open311],
    "surveys.response_save_step": [_survey_step],
    "surveys.response_submit": [_survey_response],
    "network.actor_create": [_actor],
    "network.actor_message_send": [_actor_message],
    "network.initiative_create": [_initiative],
    "network.news_post": [_news],
    "network.actor_update": [_actor_update],
    "network.invitation_create": [_invitation],
    "network.call_create": [_call],
    "network.help_offer": [_help],
    "network.incubation_request": [_incubation],
    "quality.feedback_give": [_feedback, _feedback_anonymous],
    "quality.recurring_point_answer": [_recurring_point],
    "quality.question_ask": [_page_question],
    "quality.question_answer": [_page_answer],
    "quality.counterpoint_add": [_counterpoint],
    "residency.residence_check_franceconnect": [_residence_check],
    "moderation.flag_submit": [_flag],
    "moderation.appeal_submit": [_appeal],
    "contributions.contribution_submit": [_contribution_online, _contribution_offline],
    "debate.comment_post": [_comment],
    "debate.official_answer_post": [_official_answer],
    "opinions.statement_submit": [_statement],
}


def _public_actions() -> set[str]:
    found = set()
    for config in apps.get_app_configs():
        if not config.name.startswith("cocite."):
            continue
        module_name = f"{config.name}.actions"
        if importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        # An actions package (decisions/actions/{routing,opinions,…}.py) counts every submodule's functions.
        modules = [module] + [
            importlib.import_module(f"{module_name}.{info.name}")
            for info in pkgutil.iter_modules(getattr(module, "__path__", []))
        ]
        for each in modules:
            for name, function in inspect.getmembers(each, inspect.isfunction):
                if function.__module__ == each.__name__ and not name.startswith("_"):
                    found.add(f"{config.label}.{name}")
    return found


def test_every_action_is_limited_or_says_why_not(settings: Any) -> None:
    found = _public_actions()
    unclassified = found - set(LIMITED) - set(NOT_LIMITED)
    assert not unclassified, f"classify these actions in LIMITED or NOT_LIMITED: {sorted(unclassified)}"
    assert not set(LIMITED) & set(NOT_LIMITED)
    assert not (set(LIMITED) | set(NOT_LIMITED)) - found, "stale entries"
    # Every limited action refuses the second write within a "1 per hour" window, and counts
    # per person and scope (another person, or the same person in another scope, is free).
    settings.RATE_LIMITS = dict.fromkeys(settings.RATE_LIMITS, "1/h")
    scenarios = 0
    for action, makers in LIMITED.items():
        for make in makers:
            scope, write = make()
            write(1)
            with pytest.raises(RateLimited) as refused:
                write(2)
            assert WHEN.search(refused.value.message), (action, refused.value.message)
            assert scope in settings.RATE_LIMITS
            scenarios += 1
    report_coverage(
        f"write limits: {len(found)} actions swept, {len(LIMITED)} limited ({scenarios} scenarios refused "
        f"past the limit), {len(NOT_LIMITED)} exempt with a reason"
    )
