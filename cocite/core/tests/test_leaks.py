"""The leak class test (issue 13): nothing of a restricted démarche reaches someone who may not see it.

On top of the demo territory, every kind of row a démarche holds (the démarche, its rules, phases,
contributions, images, revisions, comments, routing, opinion requests, opinions and their internal
notes, decisions, results, milestones, updates, citizen checks, Pol.is conversations, statements,
moderation, themes, syntheses, merges, notifications…) gets a unique marker in each of its texts,
in an agents-only, an invitation-only and a draft démarche — and, in a public démarche, in what is
private there (internal notes, opinions not yet published, draft syntheses, routing reasons).
Then, as every role, the test requests every route (each app's route samples, plus every route
pointed at each seeded object, GET and, for write-only routes, an empty POST), every open-data
file and dashboard table, the decision log and its disclosures, the personal-data download, and
reads every mail the events and the digests sent; it fails on any marker in front of a role the
rules do not let see it (`may_see`, which asks the project's own permission functions).

`test_every_model_holding_text_gets_a_marker` makes a new model fail until this test seeds it or
says why it has no marker; `test_every_route_with_an_object_is_pointed_at_the_seeded_objects`
does the same for new routes.
"""

from __future__ import annotations

import datetime
import io
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import models, transaction
from django.db.models import F
from django.http import HttpResponse, StreamingHttpResponse
from django.test import Client, TestCase, override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from PIL import Image

from cocite.accounts.permissions import is_agent
from cocite.accounts.tests.factories import UserFactory
from cocite.analysis import actions as analysis_actions
from cocite.analysis import permissions as analysis_permissions
from cocite.analysis.merge import contribution_merge
from cocite.analysis.models import AnalysisRun, ContributionTheme, DuplicatePair, ThemeAssignment
from cocite.api import actions as api_actions
from cocite.api.models import PERSONAL_SCOPES, ApiToken, Scope
from cocite.budgets import actions as budget_actions
from cocite.contributions import actions as contribution_actions
from cocite.contributions.models import Contribution, ContributionImage
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core import ratelimit
from cocite.core.testing import forget_on_commit_callbacks, report_coverage
from cocite.core.tests.browser.test_route_coverage import named_routes
from cocite.core.tests.demo import load_demo
from cocite.core.tests.route_samples import load_registry
from cocite.debate import actions as debate_actions
from cocite.debate import permissions as debate_permissions
from cocite.debate.tests.factories import CommentFactory
from cocite.decisions import actions as decision_actions
from cocite.decisions import permissions as decision_permissions
from cocite.decisions.models import Opinion, OpinionRequest, Routing
from cocite.decisions.tests import factories as f
from cocite.demarches.models import Audience, Demarche, DemarcheComponent, Phase
from cocite.demarches.permissions import can_view_demarche
from cocite.demarches.queries import rules_in_force_for
from cocite.demarches.tests.factories import publish_version
from cocite.exploration import permissions as exploration_permissions
from cocite.exploration.models import FieldNote, FieldNotePhoto, Finding, Irritant, Journey, JourneyStep, Volunteer
from cocite.missions import actions as mission_actions
from cocite.missions.models import Slot
from cocite.moderation import actions as moderation_actions
from cocite.moderation.models import Flag, HeldBackWord
from cocite.moderation.reasons import PENDING
from cocite.network import actions as network_actions
from cocite.notifications.models import Follow, Notification, NotificationPreference
from cocite.opendata import export as opendata_export
from cocite.opinions.models import ModerationDecision, OpinionRun, Participant, Statement, Vote
from cocite.opinions.tests.factories import conversation_for
from cocite.quality import actions as quality_actions
from cocite.quality import permissions as quality_permissions
from cocite.quality.models import FaqEntry, PublicService
from cocite.quality.models import Source as QualitySource
from cocite.residency.models import Method, ResidenceVerification
from cocite.results import actions as result_actions
from cocite.results.models import CompletionCheck, ResultUpdate
from cocite.surveys import permissions as survey_permissions
from cocite.surveys.models import Answer as SurveyAnswer
from cocite.surveys.models import Choice as SurveyChoice
from cocite.surveys.models import Question, Survey
from cocite.surveys.models import Response as SurveyResponse
from cocite.territory.tests.factories import QuartierFactory

pytestmark = pytest.mark.django_db

ROLES = (
    "visitor",
    "resident",
    "invited",
    "former_invited",  # invited while the content was written, removed before the checks
    "agent",
    "pilot",  # an agent of the department running the restricted démarches
    "elected",
    "moderator",
    "administrator",
)

# Models that hold no text a person wrote about a démarche, with the reason (a new model must be
# seeded below or listed here: test_every_model_holding_text_gets_a_marker).
WITHOUT_MARKER = {
    "core.SearchDocument": "an index row: its text lives in the indexed contribution",
    "core.WorkerHeartbeat": "a task worker's liveness, no content",
    "operations.ScheduledRun": "a scheduled command's run (name, process, output), shown only in the administration",
    "territory.Organisation": "the commune itself, public by nature",
    "territory.Theme": "the commune's public themes",
    "territory.Quartier": "the commune's public quartiers",
    "territory.Department": "the commune's public departments",
    "territory.DepartmentMembership": "a job title, shown only in the administration",
    "accounts.User": "people's names get markers of their own (the `self` class)",
    "demarches.DemarcheComponent": "settings of a component, no text",
    "contributions.Support": "no text",
    "debate.UsefulMark": "no text",
    "notifications.Follow": "no text",
    "notifications.NotificationPreference": "no text",
    "notifications.PhaseAnnouncement": "no text",
    "toy.Proposal": "a resource of the test settings only (cocite/items/tests/toy), in no démarche a person sees",
    "items.Item": "the machinery's copy of its object's title (the object's markers show it)",
    "decisions.Routing": "no text",
    "decisions.DecisionItem": "a link",
    "decisions.DecisionOpinion": "a link",
    "decisions.LogHead": "the log's last hash, public",
    "decisions.LogEntry": "checked through the log export and pages (markers of what it records)",
    "decisions.LogSeal": "checked through the log export and pages (markers of what it records)",
    "decisions.Commitment": "no text",
    "opinions.Participant": "an external id, never shown",
    "api.ApiToken": "a token's name, shown only to its owner on their tokens page",
    "api.WebhookSubscription": "an administrator's configuration, shown only in the administration",
    "api.WebhookDelivery": "events of public démarches only (cocite/api/receivers.py), read in the administration",
    "opinions.Vote": "no text",
    "opinions.ReplacedVote": "no text",
    "opinions.OpinionRun": "computed figures about statements that carry markers",
    "analysis.AnalysisRun": "progress messages of the application",
    "analysis.ThemeAssignment": "reasons are codes of the application",
    "analysis.DuplicatePair": "no text",
    "analysis.SynthesisSource": "a link",
    "analysis.MergeRecord": "a status code",
    "residency.Street": "the commune's street names, public by nature",
    # Reports of the public space belong to no démarche: public by nature. What is not public (a report
    # hidden by the moderation, the Open311 keys) is swept in cocite/reports/tests/test_leaks_reports.py.
    "reports.Category": "the commune's public report categories",
    "reports.Report": "public, outside any démarche (hidden ones: cocite/reports/tests/test_leaks_reports.py)",
    "reports.ReportPhoto": "a public report's photo (hidden ones: cocite/reports/tests/test_leaks_reports.py)",
    "reports.ReportEvent": "a public report's timeline (hidden ones: cocite/reports/tests/test_leaks_reports.py)",
    "reports.ApiKey": "an Open311 key's name and hash, shown only in the administration (swept in reports' tests)",
    "surveys.Response": "no text (a quartier and an age band, codes)",
    "surveys.Participation": "no text",
    "budgets.Ballot": "a receipt the application draws at random, shown only to its voter (budgets tests)",
    "budgets.Count": "figures and ids computed from the ballots, and their hash",
    "residency.RollEntry": "the imported roll's normalised keys: matched, shown on no page (its admin lists no line)",
    "network.ActorInvitation": "an invited address: shown only to the actor's administrators, mailed to itself",
    "decisions.DecisionCitation": "a link, with the title of a published finding its page filters by viewer",
    "missions.Skill": "the commune's public list of skills",
    "missions.Registration": "the platform's consent sentence, copied as accepted (no text the person wrote)",
}

# Routes pointed at seeded objects: route name → (kind of object, kwargs of the object).
ObjectRoute = tuple[str, Callable[[Any], dict[str, Any]]]
BY_SLUG: Callable[[Any], dict[str, Any]] = lambda o: {"slug": o.slug}  # noqa: E731
BY_PK: Callable[[Any], dict[str, Any]] = lambda o: {"pk": o.pk}  # noqa: E731
OBJECT_ROUTES: dict[str, ObjectRoute] = {
    # The network of actors (cocite.network): profiles, initiatives, calls for help, offers of help.
    "network:actor": ("actor", BY_PK),
    "network:actor_edit": ("actor", BY_PK),
    "network:actor_logo": ("actor", BY_PK),
    "network:actor_contact": ("actor", BY_PK),
    "network:actor_invite": ("actor", BY_PK),
    "network:actor_leave": ("actor", BY_PK),
    "network:actor_verify": ("actor", BY_PK),
    "network:initiative": ("initiative", BY_PK),
    "network:initiative_stage": ("initiative", BY_PK),
    "network:call_create": ("initiative", BY_PK),
    "network:news_post": ("initiative", BY_PK),
    "network:incubation_request": ("initiative", BY_PK),
    "network:incubation_decide": ("initiative", BY_PK),
    "network:referent": ("initiative", BY_PK),
    "network:call_answer": ("call", BY_PK),
    "network:call_close": ("call", BY_PK),
    "network:call_matches": ("call", BY_PK),
    "network:help_accept": ("help", BY_PK),
    "network:help_decline": ("help", BY_PK),
    "demarches:detail": ("demarche", BY_SLUG),
    # The exploration (issue 21): the field work is the team's, published findings the démarche's audience.
    "exploration:findings": ("demarche", BY_SLUG),
    "exploration:workspace": ("demarche", BY_SLUG),
    "exploration:field_note_new": ("demarche", BY_SLUG),
    "exploration:journey_new": ("demarche", BY_SLUG),
    "exploration:finding_new": ("demarche", BY_SLUG),
    "exploration:field_note": ("field_note", BY_PK),
    "exploration:photo": ("field_note_photo", lambda p: {"pk": p.pk, "name": p.file_name}),
    "exploration:journey": ("journey", BY_PK),
    "exploration:irritant_contribution": ("irritant", BY_PK),
    "exploration:finding_publish": ("finding", BY_PK),
    "demarches:rules": ("demarche", BY_SLUG),
    # The reports carried into a démarche (« transformer en démarche »): the démarche's audience.
    "reports:demarche": ("demarche", BY_SLUG),
    "contributions:list": ("demarche", BY_SLUG),
    "contributions:submit": ("demarche", BY_SLUG),
    "contributions:similar": ("demarche", BY_SLUG),
    "opinions:main": ("demarche", BY_SLUG),
    "opinions:submit": ("demarche", BY_SLUG),
    "opinions:my_votes": ("demarche", BY_SLUG),
    "opinions:results": ("demarche", BY_SLUG),
    "opinions:moderation": ("demarche", BY_SLUG),
    "analysis:demarche": ("demarche", BY_SLUG),
    "analysis:synthesis": ("demarche", BY_SLUG),
    "analysis:themes": ("demarche", BY_SLUG),
    "analysis:run_start": ("demarche", BY_SLUG),
    "analysis:duplicates": ("demarche", BY_SLUG),
    "analysis:merge": ("demarche", BY_SLUG),
    "analysis:synthesis_edit": ("demarche", BY_SLUG),
    "analysis:synthesis_start": ("demarche", BY_SLUG),
    "analysis:synthesis_fill": ("demarche", BY_SLUG),
    "analysis:synthesis_publish": ("demarche", BY_SLUG),
    "analysis:line_add": ("demarche", BY_SLUG),
    "analysis:run_progress": ("run", lambda r: {"slug": r.demarche.slug, "run_id": r.pk}),
    "contributions:detail": ("contribution", BY_PK),
    "contributions:support": ("contribution", BY_PK),
    "contributions:edit": ("contribution", BY_PK),
    "contributions:withdraw": ("contribution", BY_PK),
    "contributions:history": ("contribution", BY_PK),
    "contributions:image": ("image", lambda i: {"pk": i.contribution_id, "image_pk": i.pk, "name": i.file_name}),
    "debate:page": ("contribution", BY_PK),
    "debate:post": ("contribution", BY_PK),
    "debate:official": ("contribution", BY_PK),
    "debate:thread": ("comment", BY_PK),
    "debate:reply": ("comment", BY_PK),
    "debate:edit": ("comment", BY_PK),
    "debate:delete": ("comment", BY_PK),
    "debate:useful": ("comment", BY_PK),
    "debate:history": ("comment", BY_PK),
    "notifications:open": ("notification", BY_PK),
    "notifications:follow": ("contribution", lambda c: {"kind": "contribution", "pk": c.pk}),
    "notifications:unfollow": ("contribution", lambda c: {"kind": "contribution", "pk": c.pk}),
    "decisions:inbox": ("department", BY_SLUG),
    "spaces:department": ("department", BY_SLUG),
    "spaces:quartier": ("quartier", BY_SLUG),
    "decisions:inbox_bulk": ("department", BY_SLUG),
    "decisions:workspace": ("contribution", lambda c: {"kind": "contributions", "pk": c.pk}),
    "decisions:route": ("contribution", lambda c: {"kind": "contributions", "pk": c.pk}),
    "decisions:request_opinions": ("contribution", lambda c: {"kind": "contributions", "pk": c.pk}),
    "decisions:opinion_answer": ("opinion_request", BY_PK),
    "decisions:detail": ("decision", BY_PK),
    "decisions:correct": ("decision", BY_PK),
    "results:detail": ("result", BY_PK),
    "budgets:main": ("demarche", BY_SLUG),
    "budgets:receipt": ("demarche", BY_SLUG),
    "budgets:manage": ("demarche", BY_SLUG),
    "budgets:paper": ("demarche", BY_SLUG),
    "budgets:export_csv": ("demarche", BY_SLUG),
    "budgets:export_pb": ("demarche", lambda o: {"slug": o.slug, "part": 0}),
    "budgets:project": ("budget_project", lambda o: {"slug": o.demarche.slug, "pk": o.pk}),
    "budgets:project_image": ("budget_project", lambda o: {"slug": o.demarche.slug, "pk": o.pk}),
    "results:manage": ("result", BY_PK),
    "results:done": ("result", BY_PK),
    "results:check": ("result", BY_PK),
    "opinions:vote": ("statement", BY_PK),
    "opinions:moderate": ("statement", BY_PK),
    "opinions:conversation": ("conversation", BY_PK),
    "opinions:run_status": ("conversation", BY_PK),
    "opinions:recompute": ("conversation", BY_PK),
    "analysis:theme": ("theme", BY_PK),
    "analysis:theme_validate": ("theme", BY_PK),
    "analysis:theme_rename": ("theme", BY_PK),
    "analysis:theme_merge": ("theme", BY_PK),
    "missions:detail": ("mission", BY_PK),
    "missions:mission_contact": ("mission", BY_PK),
    "missions:mission_manage": ("mission", BY_PK),
    "missions:mission_export": ("mission", BY_PK),
    "missions:mission_message": ("mission", BY_PK),
    "missions:mission_cancel": ("mission", BY_PK),
    "missions:event": ("event", BY_PK),
    "missions:event_contact": ("event", BY_PK),
    "missions:event_manage": ("event", BY_PK),
    "missions:event_export": ("event", BY_PK),
    "missions:event_message": ("event", BY_PK),
    "missions:event_cancel": ("event", BY_PK),
    "missions:event_notes": ("event", BY_PK),
    "missions:register": ("volunteering_slot", BY_PK),
    "missions:attendance": ("volunteering_slot", BY_PK),
    "missions:cancel": ("volunteering_registration", BY_PK),
    "missions:calendar": ("volunteering_registration", BY_PK),
    "analysis:move": ("theme", BY_PK),
    "analysis:duplicate_dismiss": ("duplicate", BY_PK),
    "analysis:line_edit": ("line", BY_PK),
    "analysis:line_delete": ("line", BY_PK),
    "spaces:person": ("person", BY_PK),
    "surveys:main": ("demarche", BY_SLUG),
    "surveys:create": ("demarche", BY_SLUG),
    "surveys:detail": ("survey", BY_PK),
    "surveys:results": ("survey", BY_PK),
    "surveys:export": ("survey", BY_PK),
    "surveys:edit": ("survey", BY_PK),
    "surveys:question_add": ("survey", BY_PK),
    "surveys:publish": ("survey", BY_PK),
    "surveys:question_edit": ("survey_question", BY_PK),
    "surveys:question_move": ("survey_question", BY_PK),
    "surveys:question_delete": ("survey_question", BY_PK),
    "moderation:flag": ("modcomment", lambda c: {"kind": "comment", "pk": c.pk}),
    "moderation:appeal": ("modcomment", lambda c: {"kind": "comment", "pk": c.pk}),
    "moderation:redact": ("modcomment", lambda c: {"kind": "comment", "pk": c.pk}),
    "moderation:appeal_decide": ("appeal", BY_PK),
    "moderation:sanction": ("person", BY_PK),
    "moderation:restore": ("modcomment", lambda c: {"kind": "comment", "pk": c.pk}),
    "moderation:lift": ("person", BY_PK),
    "quality:service": ("public_service", BY_SLUG),
    "quality:feedback": ("public_service", BY_SLUG),
    "quality:qr": ("public_service", BY_SLUG),
    "quality:poster": ("public_service", BY_SLUG),
    "quality:received": ("public_service", BY_SLUG),
    "quality:short": ("public_service", lambda s: {"code": s.short_code}),
    "quality:page": ("information_page", BY_SLUG),
    "quality:versions": ("information_page", BY_SLUG),
    "quality:edit": ("information_page", BY_SLUG),
    "quality:verify": ("information_page", BY_SLUG),
    "quality:promote": ("information_page", BY_SLUG),
    "quality:ask": ("information_page", BY_SLUG),
    "quality:answer": ("page_question", lambda q: {"slug": q.page.slug, "pk": q.pk}),
    "quality:counterpoint": ("page_question", lambda q: {"slug": q.page.slug, "pk": q.pk}),
    # The API (cocite/api): read with the session here, and with every kind of token below.
    "api:demarche_detail": ("demarche", BY_SLUG),
    "api:contribution_list": ("demarche", BY_SLUG),
    "api:contribution_create": ("demarche", BY_SLUG),
    "api:opinion_groups": ("demarche", BY_SLUG),
    "api:contribution_detail": ("contribution", BY_PK),
    "api:comment_list": ("contribution", BY_PK),
    "api:comment_create": ("contribution", BY_PK),
    "api:contribution_support": ("contribution", BY_PK),
    "api:contribution_route": ("contribution", BY_PK),
    "api:decision_detail": ("decision", BY_PK),
    "api:result_detail": ("result", BY_PK),
    "api:actor_detail": ("actor", BY_PK),
    "api:initiative_detail": ("initiative", BY_PK),
    "api:mission_detail": ("mission", BY_PK),
    "api:event_detail": ("event", BY_PK),
    "api:service_detail": ("public_service", BY_SLUG),
    "api:information_page_detail": ("information_page", BY_SLUG),
}
# The API's lists, requested by every role and every token (their samples are excluded: JSON, not pages).
API_LISTS = (
    "api:demarche_list",
    "api:decision_list",
    "api:log_list",
    "api:result_list",
    "api:theme_list",
    "api:actor_list",
    "api:initiative_list",
    "api:mission_list",
    "api:event_list",
    "api:service_list",
    "api:information_page_list",
)
# Routes with arguments that point at no démarche content (checked another way, or not at all).
OBJECT_ROUTES_ELSEWHERE = {
    "network:invitation": "a signed token in a mail to the invited address; the mails themselves are checked",
    "api_pages:token_revoke": "one's own API token, no démarche content (cocite/api/tests/test_api.py)",
    # Reports belong to no démarche; cocite/reports/tests/test_leaks_reports.py points every one of these
    # at a hidden report and at the Open311 keys.
    **{
        f"reports:{name}": "a report of the public space, outside any démarche (reports' own leak test)"
        for name in ("detail", "join", "follow", "status", "reassign", "confirm", "photo")
    },
    "reports:open311_discovery": "the Open311 API's format only (reports' own leak test)",
    "reports:open311_services": "the Open311 API's format only (reports' own leak test)",
    "reports:open311_service": "a public report category (reports' own leak test)",
    "reports:open311_requests": "the Open311 API's format only (reports' own leak test)",
    "reports:open311_request": "a report of the public space, outside any démarche (reports' own leak test)",
    "api:report_detail": "a report of the public space, outside any démarche (reports' own leak test)",
    "api:report_status": "a report of the public space, outside any démarche (reports' own leak test)",
    "budgets:ballot": "POST only (the cart's form on budgets:main, swept here)",
    "budgets:outcome": "a count exists only after the vote closes; the world's votes are open (budgets tests)",
    "notifications:unsubscribe": "a signed token in a mail; the mails themselves are checked",
    "opendata:file": "every file of the open-data directory is requested below",
    # An identity provider's id, not an object: these pages show no one's data (the sign-in and its
    # refusals are in accounts/tests/test_identity_providers.py; route samples reach them).
    "openid_connect_login": "an identity provider's id, not an object (route sampled)",
    "openid_connect_callback": "an identity provider's id, not an object (the hostile-input test requests it)",
}
ADMIN_ONLY_PREFIXES = ("admin:", "account_")
# The verified resident's status is never public: its end date, a day no other date of the world falls
# on, in every way a page or file may write it, is shown only to the resident (and administrators).
RESIDENCE_VERIFIED_AT = datetime.datetime(2061, 7, 13, 10, 0, tzinfo=datetime.UTC) - datetime.timedelta(days=365)
RESIDENCE_VERIFIED_UNTIL = datetime.datetime(2061, 7, 13, 10, 0, tzinfo=datetime.UTC)
RESIDENCE_FACTS = ("2061-07-13", "13 juillet 2061", "July 13, 2061", "13 July 2061", "13/07/2061", "07/13/2061")
# Texts no page shows to anyone (the back-office aside): their markers are never seen, by design.
SHOWN_NOWHERE = {
    "opinions.ModerationDecision.reason": "kept for the moderators' record in the back-office",
}


# ---------------------------------------------------------------------------
# The world: people, markers and the objects that hold them
# ---------------------------------------------------------------------------


@dataclass
class Marker:
    token: str
    where: str  # "app.Model.field"
    demarche: Demarche | None
    audience: str  # public | administration | internal | analysts | self | everyone | department
    subject: Any = None  # the opinion request of an internal note, the person of a name


@dataclass
class World:
    people: dict[str, Any] = field(default_factory=dict)
    markers: list[Marker] = field(default_factory=list)
    objects: dict[str, list[Any]] = field(default_factory=dict)
    demarches: dict[str, Demarche] = field(default_factory=dict)

    def mark(
        self, where: str, text: str, demarche: Demarche | None, audience: str = "public", subject: Any = None
    ) -> str:
        token = f"QZ{len(self.markers):04d}X"
        self.markers.append(Marker(token, where, demarche, audience, subject))
        return f"{token} {text}"

    def keep(self, kind: str, *objects: Any) -> None:
        self.objects.setdefault(kind, []).extend(objects)


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


def _people(world: World) -> None:
    pilot_department = f.department()
    world.people["pilot_department"] = pilot_department
    world.people["resident"] = UserFactory(display_name="Habitante témoin")
    world.people["invited"] = UserFactory(display_name="Invitée témoin")
    world.people["former_invited"] = UserFactory(display_name="Ex-invitée témoin")
    world.people["agent"] = f.member(f.department(), display_name="Agent témoin")
    world.people["pilot"] = f.manager(pilot_department, display_name="Pilote témoin")
    world.people["elected"] = UserFactory(is_elected_official=True, display_name="Élue témoin")
    world.people["moderator"] = UserFactory(is_moderator=True, display_name="Modératrice témoin")
    world.people["administrator"] = UserFactory(is_superuser=True, is_staff=True, display_name="Admin témoin")
    world.keep("department", pilot_department, world.people["agent"].department_memberships.get().department)
    # Real names are never published: only the person (and the back-office) may read them.
    for role in ("resident", "invited", "former_invited", "pilot"):
        person = world.people[role]
        person.last_name = world.mark("accounts.User.last_name", "Nomdefamille", None, "self", person).split()[0]
        person.save(update_fields=["last_name"])
    # A verified resident (cocite.residency): how, where and until when are the person's alone; the
    # status itself (its distinctive end date) is checked apart, in every page and file (RESIDENCE_FACTS).
    resident = world.people["resident"]
    ResidenceVerification.objects.create(
        person=resident,
        method=Method.FRANCECONNECT_STREET,
        street=world.mark("residency.ResidenceVerification.street", "rue", None, "self", resident),
        acr=world.mark("residency.ResidenceVerification.acr", "eidas", None, "self", resident),
        verified_at=RESIDENCE_VERIFIED_AT,
        expires_at=RESIDENCE_VERIFIED_UNTIL,
    )
    type(resident).objects.filter(pk=resident.pk).update(
        residence_verified_at=RESIDENCE_VERIFIED_AT, residence_verified_until=RESIDENCE_VERIFIED_UNTIL
    )
    resident.refresh_from_db()
    # A photo kept from a contribution form that came back with errors: its owner's alone.
    kept = contribution_actions.pending_image_keep(
        user=resident,
        upload=_png(),
        name=world.mark("contributions.PendingImage.original_name", "photo", None, "self", resident).split()[0]
        + ".png",
    )
    assert kept.pk  # its token is a secret of the form, shown to nobody: the name is the marker
    # Every way a mail leaves: at once, daily and weekly digests (checked at send time).
    frequencies = ("immediate", "daily", "weekly")
    for index, role in enumerate(ROLES[1:]):
        NotificationPreference.objects.update_or_create(
            user=world.people[role], defaults={"email_frequency": frequencies[index % 3]}
        )


def _demarche(world: World, key: str, *, audience: str, status: str) -> Demarche:
    pilot_department = world.people["pilot_department"]
    d_public = status != Demarche.Status.DRAFT and audience in (Audience.EVERYONE, Audience.VERIFIED)
    placeholder = Demarche(pk=None)

    def mark(where: str, text: str) -> str:
        # The démarche's own texts are public in a public démarche (no marker needed there).
        return text if d_public else world.mark(where, text, placeholder)

    demarche = f.demarche_with_rules(
        audience=audience,
        status=status,
        phase="collecte",
        slug=f"zq-fuite-{key}",
        managing_department=pilot_department,
        title=mark("demarches.Demarche.title", f"Démarche {key}"),
        framing_question=mark("demarches.Demarche.framing_question", "Quelle question ?"),
        context=mark("demarches.Demarche.context", "Un contexte."),
        phase_override_reason="",
    )
    for marker in world.markers:
        if marker.demarche is placeholder:
            marker.demarche = demarche
    placeholder = demarche  # the markers written from now on belong to it
    if not d_public:
        world.mark("demarches.Demarche.slug", "", demarche)
        world.markers[-1].token = demarche.slug
        Phase.objects.filter(demarche=demarche).update(description=mark("demarches.Phase.description", "Phase"))
        rulebook = demarche.rulebook
        type(rulebook).objects.filter(pk=rulebook.pk).update(title=mark("demarches.Rulebook.title", "Règles"))
        publish_version(
            rulebook,
            number=2,
            text=mark("demarches.RuleVersion.text", "Texte"),
            change_note=mark("demarches.RuleVersion.change_note", "Changement"),
            who_may_take_part=mark("demarches.RuleVersion.who_may_take_part", "Qui"),
            what_happens_to_contributions=mark("demarches.RuleVersion.what_happens_to_contributions", "Quoi"),
            decider=mark("demarches.RuleVersion.decider", "Décideur"),
        )
    DemarcheComponent.objects.get_or_create(demarche=demarche, name="opinions", defaults={"position": 1})
    DemarcheComponent.objects.get_or_create(demarche=demarche, name="surveys", defaults={"position": 2})
    world.demarches[key] = demarche
    world.keep("demarche", demarche)
    return demarche


def _content(world: World, demarche: Demarche, *, public: bool, author: Any, capture: Any) -> None:
    """Every kind of row a démarche holds, each text with a marker (private parts only when public)."""
    pilot, admin = world.people["pilot"], world.people["administrator"]
    department = world.people["pilot_department"]

    def m(where: str, text: str, audience: str = "public", subject: Any = None) -> str:
        if public and audience == "public":
            return text
        return world.mark(where, text, demarche, audience, subject)

    draft = demarche.status == Demarche.Status.DRAFT
    with capture(execute=True):
        if draft:
            contribution = f.contribution(
                demarche=demarche,
                title=m("contributions.Contribution.title", "Une idée assez longue"),
                body=m("contributions.Contribution.body", "Le texte"),
                author=author,
            )
        else:
            contribution = contribution_actions.contribution_submit(
                author=author,
                demarche=demarche,
                kind="idee",
                title=m("contributions.Contribution.title", "Une idée assez longue"),
                body=m("contributions.Contribution.body", "Le texte"),
                images=[(_png(), m("contributions.ContributionImage.alt_text", "Une photo"))],
            )
            contribution.refresh_from_db()
    offline = f.contribution(
        demarche=demarche,
        title=m("contributions.Contribution.title", "Une autre idée assez longue"),
        body=m("contributions.Contribution.body", "Le texte"),
        author=None,
        channel="papier",
        offline_author_name=m("contributions.Contribution.offline_author_name", "Madame"),
    )
    twin = f.contribution(
        demarche=demarche,
        title=m("contributions.Contribution.title", "Une idée en double assez longue"),
        body=m("contributions.Contribution.body", "Le texte"),
    )
    if draft:
        image = ContributionImage.objects.create(
            contribution=contribution,
            image=SimpleUploadedFile("x.png", _png().read()),
            alt_text=m("contributions.ContributionImage.alt_text", "Une photo"),
        )
    else:
        image = contribution.images.get()
    contribution.revisions.create(
        title=m("contributions.ContributionRevision.title", "Ancien titre assez long"),
        body=m("contributions.ContributionRevision.body", "Ancien texte"),
    )
    world.keep("contribution", contribution, offline, twin)
    world.keep("image", image)
    Routing.objects.filter(item__in=f.items_of([contribution, offline, twin])).update(department=department)
    routing_event = f.item_of(contribution).routing_events.create(
        reason=m("decisions.RoutingEvent.reason", "Motif", "administration"), to_department=department
    )
    assert routing_event.pk

    # Debate: a comment, a reply, an official answer, a masked comment with its reason and a revision.
    with capture(execute=True):
        comment = CommentFactory(on=contribution, author=author, body=m("debate.Comment.body", "Un argument"))
        reply = CommentFactory(parent=comment, author=pilot, body=m("debate.Comment.body", "Une réponse"))
        CommentFactory(
            on=contribution,
            author=pilot,
            body=m("debate.Comment.body", "Réponse du service"),
            official_title=m("debate.Comment.official_title", "Le service répond"),
            department=department,
        )
        CommentFactory(
            on=contribution,
            author=author,
            body=m("debate.Comment.body", "Propos masqué"),
            masked_reason=m("debate.Comment.masked_reason", "Motif de masquage"),
            masked_at=timezone.now(),
        )
        comment.revisions.create(body=m("debate.CommentRevision.body", "Première version", "moderation"))
        if not draft:
            debate_actions.comment_post(
                author=author, body=m("debate.Comment.body", "Un argument publié"), stance="pour", target=contribution
            )
    world.keep("comment", comment, reply)
    _moderation(world, demarche, contribution, author=author, public=public, mark=m, capture=capture)

    # Arbitration: opinions asked and given (with internal notes); the one on the decided contribution
    # is published with the decision, the one on its twin stays within the administration.
    def ask_and_answer(target: Contribution, audience: str) -> tuple[OpinionRequest, Opinion]:
        with capture(execute=True):
            (request,), _skipped = decision_actions.opinions_request(
                actor=pilot,
                items=[f.item_of(target)],
                departments=[department],
                aspects=[OpinionRequest.Aspect.COST],
                deadline=timezone.localdate() + datetime.timedelta(days=10),
                question=m("decisions.OpinionRequest.question", "Combien ?", audience),
            )
            opinion = decision_actions.opinion_give(
                actor=pilot,
                request=request,
                feasibility=Opinion.Feasibility.FEASIBLE,
                recommendation=Opinion.Recommendation.FAVOURABLE,
                text=m("decisions.Opinion.text", "Un avis motivé et argumenté", audience),
                legal_points=m("decisions.Opinion.legal_points", "Rien", audience),
                estimated_cost="1234.56",
                internal_note=m("decisions.OpinionInternalNote.text", "Entre nous", "internal", request),
            )
        return request, opinion

    request, opinion = ask_and_answer(contribution, "public" if not draft else "administration")
    twin_request, _twin_opinion = ask_and_answer(twin, "administration")
    world.keep("opinion_request", request, twin_request)
    if not draft:
        with capture(execute=True):
            decision = f.publish(
                actor=pilot,
                items=[contribution],
                opinions=[opinion],
                explanation=m("decisions.Decision.explanation", f.EXPLANATION),
                criteria_notes=m("decisions.Decision.criteria_notes", "Critères"),
                deliberation_ref=m("decisions.Decision.deliberation_ref", "DCM")[:60],
            )
            correction = decision_actions.decision_correct(
                actor=pilot,
                original=decision,
                correction_reason=m("decisions.Decision.correction_reason", "Une erreur de date"),
                outcome="retenue",
                explanation=m("decisions.Decision.explanation", f.EXPLANATION),
                body="conseil_municipal",
                decided_on=timezone.localdate(),
            )
            result = result_actions.result_create(
                actor=pilot,
                title=m("results.Result.title", "Un résultat suivi"),
                description=m("results.Result.description", "Ce qui sera fait"),
                department=department,
                decisions=[correction],
                milestones=[(m("results.Milestone.title", "Étape"), timezone.localdate())],
            )
            result_actions.result_update_progress(
                actor=pilot, result=result, progress=30, note=m("results.ResultUpdate.note", "Avancement")
            )
            result_actions.result_mark_done(
                actor=pilot,
                result=result,
                open_milestones_reason=m("results.ResultUpdate.open_milestones_reason", "Étape ouverte"),
            )
            CompletionCheck.objects.create(
                result=result, user=author, round=1, done=False, comment=m("results.CompletionCheck.comment", "Non")
            )
        world.keep("decision", decision, correction)
        world.keep("result", result)
        # Participatory budget: a project from the retained contribution, the vote open, a paper entry.
        with capture(execute=True):
            DemarcheComponent.objects.get_or_create(demarche=demarche, name="budgets", defaults={"position": 2})
            opinion.refresh_from_db()
            project = budget_actions.project_create(
                actor=pilot,
                demarche=demarche,
                title=m("budgets.Project.title", "Un projet au vote"),
                description=m("budgets.Project.description", "Ce que fera le projet"),
                items=[f.item_of(contribution)],
                cost_opinion=opinion,
                image=_png(),  # the description is shown with the image only
                image_alt=m("budgets.Project.image_alt", "Le lieu du projet"),
            )
            version = rules_in_force_for(demarche)
            assert version is not None
            budget_actions.budget_rules_publish(
                rule_version=version,
                total_budget=10**6,
                method="approval_budget",
                counting_rule="greedy",
                opens_at=timezone.now() - datetime.timedelta(hours=1),
                closes_at=timezone.now() + datetime.timedelta(days=10),
            )
            budget_actions.paper_entry_key(
                agent=pilot,
                demarche=demarche,
                station=m("budgets.PaperEntry.station", "Mairie annexe", "agents"),
                sheet="B1",
                project_ids=[project.pk],
            )
        world.keep("budget_project", project)
        assert ResultUpdate.objects.filter(result=result).exists()

    # Opinion mapping: a conversation, statements (one moderated), votes.
    conversation = conversation_for(demarche)
    type(conversation).objects.filter(pk=conversation.pk).update(
        title=m("opinions.Conversation.title", "Conversation"),
        topic=m("opinions.Conversation.topic", "Le sujet"),
        imported_from=m("opinions.Conversation.imported_from", "Ailleurs"),
    )
    statement = Statement.objects.create(
        conversation=conversation, text=m("opinions.Statement.text", "Une proposition"), author=author
    )
    refused = Statement.objects.create(
        conversation=conversation,
        text=m("opinions.Statement.text", "Une proposition refusée"),
        author=author,
        status=Statement.Status.REJECTED,
    )
    ModerationDecision.objects.create(
        statement=refused,
        decision=ModerationDecision.Decision.REJECT,
        reason=m("opinions.ModerationDecision.reason", "Hors sujet"),
    )
    participant = Participant.objects.create(conversation=conversation, user=author)
    Vote.objects.create(conversation=conversation, statement=statement, participant=participant, value=1)
    OpinionRun.objects.create(conversation=conversation)
    world.keep("conversation", conversation)
    world.keep("statement", statement, refused)

    # Surveys: a published survey (its free-text answers are the team's and their author's) and a draft.
    survey = Survey.objects.create(
        demarche=demarche,
        status=Survey.Status.PUBLISHED,
        title=m("surveys.Survey.title", "Questionnaire"),
        introduction=m("surveys.Survey.introduction", "Introduction"),
    )
    survey_question = Question.objects.create(
        survey=survey,
        position=1,
        kind=Question.Kind.SINGLE,
        label=m("surveys.Question.label", "Une question"),
        help_text=m("surveys.Question.help_text", "Une aide"),
        scale_min_label=m("surveys.Question.scale_min_label", "Bas"),
        scale_max_label=m("surveys.Question.scale_max_label", "Haut"),
    )
    yes = SurveyChoice.objects.create(question=survey_question, position=0, label=m("surveys.Choice.label", "Oui"))
    SurveyChoice.objects.create(question=survey_question, position=1, label=m("surveys.Choice.label", "Non"))
    free = Question.objects.create(
        survey=survey, position=2, kind=Question.Kind.LONG_TEXT, label=m("surveys.Question.label", "Remarques")
    )
    response = SurveyResponse.objects.create(survey=survey, user=author, submitted_at=timezone.now())
    SurveyAnswer.objects.create(response=response, question=survey_question, choice=yes)
    SurveyAnswer.objects.create(
        response=response,
        question=free,
        text=world.mark("surveys.Answer.text", "Réponse libre", demarche, "survey_answer", author),
    )
    SurveyAnswer.objects.create(
        response=response,
        question=free,
        text=world.mark("surveys.Answer.text", "Autre réponse", demarche, "survey_answer", author),
    )
    draft_survey = Survey.objects.create(
        demarche=demarche,
        title=world.mark("surveys.Survey.title", "Questionnaire en préparation", demarche, "survey_team"),
        introduction=world.mark("surveys.Survey.introduction", "Introduction", demarche, "survey_team"),
    )
    draft_question = Question.objects.create(
        survey=draft_survey,
        position=1,
        kind=Question.Kind.SHORT_TEXT,
        label=world.mark("surveys.Question.label", "Question en préparation", demarche, "survey_team"),
    )
    world.keep("survey", survey, draft_survey)
    world.keep("survey_question", survey_question, draft_question)

    # Analysis: a run, a theme, a duplicate pair, a merge, a published synthesis and a draft.
    run = AnalysisRun.objects.create(demarche=demarche, requested_by=pilot, status=AnalysisRun.Status.DONE)
    theme = ContributionTheme.objects.create(
        demarche=demarche,
        run=run,
        label=m("analysis.ContributionTheme.label", "Thème", "analysts" if public else "public"),
    )
    ThemeAssignment.objects.create(contribution=contribution, theme=theme, reason="computed")
    duplicate = DuplicatePair.objects.create(demarche=demarche, first=contribution, second=twin, run=run, score=0.95)
    merged = f.contribution(
        demarche=demarche,
        title=m("contributions.Contribution.title", "Une idée fusionnée assez longue"),
        body=m("contributions.Contribution.body", "Le texte"),
        author=None,
        channel="papier",
        offline_author_name=m("analysis.MergeCredit.offline_author_name", "Monsieur"),
    )
    analyst = admin if draft else pilot  # a draft is seen by administrators only
    with capture(execute=True):
        contribution_merge(analyst=analyst, target=offline, sources=[merged])
        synthesis = analysis_actions.synthesis_draft(analyst=analyst, demarche=demarche)
        analysis_actions.synthesis_update(
            analyst=analyst,
            synthesis=synthesis,
            title=m("analysis.Synthesis.title", "Synthèse publiée"),
            introduction=m("analysis.Synthesis.introduction", "Introduction"),
        )
        line = analysis_actions.line_add(
            analyst=analyst,
            synthesis=synthesis,
            text=m("analysis.SynthesisLine.text", "Une ligne"),
            source_ids=[contribution.pk],
        )
        analysis_actions.synthesis_publish(analyst=analyst, synthesis=synthesis)
        draft_synthesis = analysis_actions.synthesis_draft(analyst=analyst, demarche=demarche)
        analysis_actions.synthesis_update(
            analyst=analyst,
            synthesis=draft_synthesis,
            title=m("analysis.Synthesis.title", "Synthèse en cours", "analysts"),
            introduction=m("analysis.Synthesis.introduction", "Brouillon", "analysts"),
        )
        draft_line = analysis_actions.line_add(
            analyst=analyst,
            synthesis=draft_synthesis,
            text=m("analysis.SynthesisLine.text", "Ligne en cours", "analysts"),
            source_ids=[contribution.pk],
        )
    world.keep("contribution", merged)
    world.keep("run", run)
    world.keep("theme", theme)
    world.keep("duplicate", duplicate)
    world.keep("line", line, draft_line)


def _moderation(
    world: World, demarche: Demarche, contribution: Contribution, *, author: Any, public: bool, mark: Any, capture: Any
) -> None:
    """Flags, a hidden comment and a hidden contribution, an appeal, a redaction and a warning: what was
    hidden and why is the moderators' (and, for the decisions, its author's) only."""
    m = mark
    # Only administrators moderate what a restricted démarche holds (a moderator does not see it).
    moderator = world.people["moderator"] if public else world.people["administrator"]
    other = world.people["administrator"]
    reporter = world.people["resident"] if public else world.people["administrator"]
    with capture(execute=True):
        hidden = CommentFactory(
            on=contribution,
            author=author,
            body=m("debate.Comment.body", "Propos masqué par la modération", "moderation"),
        )
        Contribution.objects.filter(pk=contribution.pk).update(comment_count=F("comment_count") + 1)
        hidden_contribution = ContributionFactory(
            demarche=demarche,
            author=author,
            title=m("contributions.Contribution.title", "Contribution masquée par la modération", "moderation"),
            body=m("contributions.Contribution.body", "Texte masqué", "moderation"),
        )
        redacted = CommentFactory(
            on=contribution, author=author, body=m("debate.Comment.body", "Mon voisin Jean Dupont", "moderation")
        )
        if reporter.pk != author.pk:
            moderation_actions.flag_submit(
                user=reporter,
                kind="comment",
                object_id=hidden.pk,
                reason="autre_motif",
                text=m("moderation.Flag.text", "Ce commentaire insulte", "moderation"),
            )
        else:
            Flag.objects.create(
                kind="comment",
                object_id=hidden.pk,
                reporter=world.people["moderator"],
                reason="autre_motif",
                text=m("moderation.Flag.text", "Ce commentaire insulte", "moderation"),
            )
        note = m("moderation.ModerationAction.note", "Une insulte caractérisée", "moderation_and_author", author)
        moderation_actions.items_hide(
            actor=moderator, kind="comment", object_ids=[hidden.pk], reason="propos_injurieux", note=note
        )
        moderation_actions.items_hide(
            actor=moderator, kind="contribution", object_ids=[hidden_contribution.pk], reason="spam_publicite"
        )
        moderation_actions.item_redact(
            actor=moderator,
            kind="comment",
            object_id=redacted.pk,
            texts={"body": "Mon voisin [nom retiré]"},
        )
        appeal = moderation_actions.appeal_submit(
            user=author,
            kind="comment",
            object_id=hidden.pk,
            text=m("moderation.Appeal.text", "Je conteste ce masquage", "moderation"),
        )
        if public:
            moderation_actions.appeal_decide(
                actor=other,
                appeal_id=appeal.pk,
                restore=False,
                note=m("moderation.Appeal.decision_note", "Le masquage est maintenu", "moderation_and_author", author),
            )
            moderation_actions.person_sanction(
                actor=moderator,
                user=author,
                kind="sanction_avertissement",
                reason="propos_injurieux",
                note=m("moderation.Sanction.note", "Restez courtois", "moderation_and_author", author),
            )
        # Pre-moderation: a comment and a contribution waiting for a moderator's approval; their text is
        # the moderators' and their author's only (the author's page of it says it waits).
        # The commune's list of words held back for moderation: the moderators' (and the admin's) only; the
        # queue's « À valider » names the word that held the pending comment back.
        word = HeldBackWord.objects.create(
            expression=m("moderation.HeldBackWord.expression", "Mot retenu", "moderation")
        )
        pending = CommentFactory(
            on=contribution,
            author=author,
            body=m("debate.Comment.body", "Commentaire en attente de validation", "moderation_and_author", author)
            + f" {word.expression}",
            masked_at=timezone.now(),
            masked_reason=PENDING,
        )
        pending_contribution = ContributionFactory(
            demarche=demarche,
            author=author,
            title=m("contributions.Contribution.title", "Contribution en attente", "moderation_and_author", author),
            body=m("contributions.Contribution.body", "Texte en attente", "moderation_and_author", author),
            masked_at=timezone.now(),
            masked_reason=PENDING,
        )
        # An image hidden on its contribution: its description is the moderators' and its author's only
        # (and its file is served to moderators only: moderation/tests/test_images_and_profiles.py).
        illustrated = ContributionFactory(demarche=demarche, author=author, title="Contribution illustrée")
        picture = ContributionImage.objects.create(
            contribution=illustrated,
            image=_png(),
            alt_text=m("contributions.ContributionImage.alt_text", "Plaque du voisin", "moderation_and_author", author),
        )
        moderation_actions.items_hide(
            actor=moderator, kind="contribution_image", object_ids=[picture.pk], reason="donnees_personnelles"
        )
        # A public profile hidden for its pseudonym: « Pseudonyme masqué » everywhere, the pseudonym as it
        # was for the moderators only (the person's comment stays, under the neutral name).
        # (Once, in the public démarche: a profile belongs to no démarche, its moderators are the site's.)
        insulting = None
        if public:
            insulting = UserFactory(display_name=m("accounts.User.display_name", "Pseudo", "moderation"))
            CommentFactory(on=contribution, author=insulting, body="Un avis signé d'un pseudonyme masqué")
            Contribution.objects.filter(pk=contribution.pk).update(comment_count=F("comment_count") + 1)
            moderation_actions.items_hide(
                actor=moderator, kind="profile", object_ids=[insulting.pk], reason="propos_injurieux"
            )
    world.keep("modcomment", hidden, redacted, pending)
    world.keep("modcontribution", hidden_contribution, pending_contribution)
    world.keep("modimage", picture)
    if insulting is not None:
        world.keep("modprofile", insulting)
    world.keep("appeal", appeal)


def _notifications_for_everyone(world: World, demarche: Demarche) -> None:
    """A notification row about the démarche for every person, as if they had followed it when they could."""
    contribution = Contribution.objects.filter(demarche=demarche).order_by("pk").first()
    assert contribution is not None
    content_type = ContentType.objects.get_for_model(Contribution)
    for role in ROLES[1:]:
        notification = Notification.objects.create(
            recipient=world.people[role],
            kind=Notification.Kind.STATUS_CHANGED,
            target_type=content_type,
            target_id=contribution.pk,
            demarche=demarche,
            payload={
                "title": world.mark("notifications.Notification.payload", "Titre", demarche, "recipient", role),
                "old_status": "recue",
                "new_status": "retenue",
            },
            url=contribution.get_absolute_url(),
            event_key=f"leak-test:{demarche.pk}:{role}",
        )
        world.keep("notification", notification)


def _network(world: World) -> None:
    """The network of actors: public profiles and initiatives; a message to an actor, declared skills
    and an offer of help not yet accepted are the writer's (and the actor's or holders' — here the
    administrator)."""
    people = world.people
    admin, resident = people["administrator"], people["resident"]
    demarche = network_actions.network_demarche()

    def m(where: str, text: str, audience: str = "public", subject: Any = None) -> str:
        return world.mark(where, text, demarche, audience, subject)

    actor = network_actions.actor_create(
        user=admin,
        kind="association",
        name=m("network.Actor.name", "Association"),
        description=m("network.Actor.description", "Présentation"),
        address=m("network.Actor.address", "rue"),
        offers=[("propose", "locaux", m("network.ActorOffer.details", "salle"))],
        rate_limited=False,
    )
    network_actions.actor_message_send(
        user=resident, actor=actor, body=m("network.ActorMessage.body", "message", "self", resident)
    )
    network_actions.skills_set(
        user=resident,
        categories=["locaux"],
        skills=m("network.PersonSkills.skills", "menuiserie", "self", resident),
        themes=[],
        suggest_me=True,
    )
    initiative = network_actions.initiative_create(
        user=admin,
        actor=actor,
        title=m("network.Initiative.title", "Initiative"),
        need=m("network.Initiative.need", "besoin"),
        solution=m("network.Initiative.solution", "solution"),
        rate_limited=False,
    )
    call = network_actions.call_create(
        user=admin,
        initiative=initiative,
        kind="locaux",
        what=m("network.CallForHelp.what", "salle"),
        when="samedi",
        rate_limited=False,
    )
    answer = network_actions.help_offer(
        user=resident,
        call=call,
        message=m("network.HelpOffer.message", "proposition", "self", resident),
        rate_limited=False,
    )
    network_actions.news_post(
        user=admin, initiative=initiative, body=m("network.NewsPost.body", "nouvelle"), rate_limited=False
    )
    network_actions.incubation_request(
        user=admin,
        initiative=initiative,
        request=m("network.Incubation.request", "soutien"),
        rate_limited=False,
    )
    world.keep("actor", actor)
    world.keep("initiative", initiative)
    world.keep("call", call)
    world.keep("help", answer)


def build_world(capture: Any) -> World:
    world = World()
    load_demo()
    _people(world)
    people = world.people
    agents = _demarche(world, "agents", audience=Audience.AGENTS, status=Demarche.Status.PUBLISHED)
    invited = _demarche(world, "invited", audience=Audience.INVITED, status=Demarche.Status.PUBLISHED)
    invited.invited.add(people["invited"], people["former_invited"])
    draft = _demarche(world, "draft", audience=Audience.EVERYONE, status=Demarche.Status.DRAFT)
    public = _demarche(world, "public", audience=Audience.EVERYONE, status=Demarche.Status.PUBLISHED)
    # Everyone follows everything they can reach the follow button of (and more): mails are checked.
    for demarche in (agents, invited, draft, public):
        for role in ROLES[1:]:
            Follow.objects.get_or_create(user=people[role], content_type_id=_ct(Demarche), object_id=demarche.pk)
    _content(world, agents, public=False, author=people["pilot"], capture=capture)
    _content(world, invited, public=False, author=people["invited"], capture=capture)
    _content(world, draft, public=False, author=people["administrator"], capture=capture)
    _content(world, public, public=True, author=people["resident"], capture=capture)
    with capture(execute=True):
        _network(world)
    # One quartier holds every démarche and contribution: its public page lists them (spaces:quartier).
    quartier = QuartierFactory(name="Quartier témoin", slug="quartier-temoin")
    for demarche in (agents, invited, draft, public):
        demarche.quartiers.add(quartier)
    Contribution.objects.filter(demarche__in=[agents, invited, draft, public]).update(quartier=quartier)
    world.keep("quartier", quartier)
    # Public profiles of the authors of each démarche's content (spaces:person).
    world.keep("person", people["pilot"], people["invited"], people["administrator"], people["resident"])
    # A result following a public and an agents-only decision is as restricted as the latter.
    decisions = {d.demarche_id: d for d in world.objects["decision"] if d.supersedes_id}
    with capture(execute=True):
        cross = result_actions.result_create(
            actor=people["pilot"],
            title=world.mark("results.Result.title", "Un suivi commun", agents),
            description=world.mark("results.Result.description", "Deux décisions", agents),
            department=people["pilot_department"],
            decisions=[decisions[public.pk], decisions[agents.pk]],
        )
    world.keep("result", cross)
    _volunteering(world, agents, capture)
    _hidden_later_kinds(world, capture)
    for demarche in (agents, invited, draft):
        _notifications_for_everyone(world, demarche)
    # Access lost after the events: their notifications and mails must stop showing the démarche.
    invited.invited.remove(people["former_invited"])
    for key, demarche in world.demarches.items():
        _exploration(world, demarche, volunteer=people["resident"] if key == "public" else None)
    _quality(world)
    for role in ROLES[1:]:
        for attribute in ("_cocite_named_in", "_cocite_department_roles", "_cocite_is_agent"):
            people[role].__dict__.pop(attribute, None)
    return world


def _exploration(world: World, demarche: Demarche, *, volunteer: Any) -> None:
    """The démarche's exploration (issue 21): field notes with a photo, a journey with an irritant, a
    draft and a published finding, a volunteer. Written through the ORM: the world's démarches collect
    (the actions record only during exploration); who reads them is what is tested."""
    DemarcheComponent.objects.get_or_create(demarche=demarche, name="exploration", defaults={"position": 3})
    author = world.people["pilot"]

    def team(where: str, text: str) -> str:
        return world.mark(where, text, demarche, "exploration_team")

    note = FieldNote.objects.create(
        demarche=demarche,
        kind=FieldNote.Kind.OBSERVATION,
        title=team("exploration.FieldNote.title", "Matinée au guichet"),
        happened_on=timezone.localdate(),
        place=team("exploration.FieldNote.place", "Guichet"),
        participants_count=4,
        participant_profiles=team("exploration.FieldNote.participant_profiles", "Parents"),
        named_participants=team("exploration.FieldNote.named_participants", "Camille"),
        names_consent=True,
        notes=team("exploration.FieldNote.notes", "Attente"),
        learned=team("exploration.FieldNote.learned", "Pièces"),
        author=author,
    )
    photo = FieldNotePhoto.objects.create(
        note=note, image=_png(), alt_text=team("exploration.FieldNotePhoto.alt_text", "File"), consent=True
    )
    journey = Journey.objects.create(
        demarche=demarche,
        title=team("exploration.Journey.title", "Inscrire son enfant"),
        case=Journey.Case.values[0],
        who=team("exploration.Journey.who", "Parent seul"),
        goal=team("exploration.Journey.goal", "Inscrire"),
        author=author,
    )
    step = JourneyStep.objects.create(
        journey=journey,
        position=1,
        title=team("exploration.JourneyStep.title", "Le formulaire"),
        channel=JourneyStep.Channel.values[0],
        feeling=JourneyStep.Feeling.values[0],
        notes=team("exploration.JourneyStep.notes", "Perdu"),
    )
    irritant = Irritant.objects.create(step=step, text=team("exploration.Irritant.text", "Pièce introuvable"))
    draft = Finding.objects.create(
        demarche=demarche,
        title=team("exploration.Finding.title", "Constat en cours"),
        summary=team("exploration.Finding.summary", "Brouillon"),
        author=author,
    )
    published = Finding.objects.create(
        demarche=demarche,
        title=world.mark("exploration.Finding.title", "Constat publié", demarche),
        summary=world.mark("exploration.Finding.summary", "Publié", demarche),
        published=True,
        author=author,
    )
    if volunteer is not None:
        Volunteer.objects.create(
            demarche=demarche,
            person=volunteer,
            interview=True,
            availability=world.mark(
                "exploration.Volunteer.availability", "le mardi", demarche, "exploration_volunteer", volunteer
            ),
            consented_at=timezone.now(),
        )
    world.keep("field_note", note)
    world.keep("field_note_photo", photo)
    world.keep("journey", journey)
    world.keep("irritant", irritant)
    world.keep("finding", draft, published)


def _quality(world: World) -> None:
    """Services' feedback and information pages (cocite.quality): public, except the free texts of the
    feedback, which only the owning department (and administrators) read."""
    people = world.people
    department = people["pilot_department"]
    service = PublicService.objects.create(
        name=world.mark("quality.PublicService.name", "Prestation", None, "everyone"),
        slug="prestation-temoin",
        short_code="temoin",
        department=department,
        description=world.mark("quality.PublicService.description", "Description", None, "everyone"),
    )
    quality_actions.feedback_give(
        service=service,
        respondent=people["resident"],
        satisfaction=2,
        ease=1,
        clarity=0,
        help="desk",
        comment=world.mark("quality.Feedback.comment", "Avis libre", None, "department", department),
    )
    quality_actions.recurring_point_answer(
        author=people["pilot"],
        service=service,
        point=world.mark("quality.RecurringPoint.point", "Point", None, "everyone"),
        answer=world.mark("quality.RecurringPoint.answer", "Réponse", None, "everyone"),
    )
    today = timezone.localdate()
    page = quality_actions.page_create(
        author=people["pilot"],
        department=department,
        title="Page témoin",
        slug="page-temoin",
        body=world.mark("quality.InformationPage.body", "Texte de la page", None, "everyone"),
        verified_role=world.mark("quality.InformationPage.verified_role", "Fonction", None, "everyone"),
        verified_on=today,
        review_by=today + datetime.timedelta(days=30),
    )
    quality_actions.page_edit(
        author=people["pilot"],
        page=page,
        title=page.title,
        body=page.body + "\n\nAjout.",
        note=world.mark("quality.PageVersion.note", "Changement", None, "everyone"),
    )
    QualitySource.objects.create(
        page=page, label=world.mark("quality.Source.label", "Source", None, "everyone"), url="https://example.org/"
    )
    question = quality_actions.question_ask(
        author=people["resident"],
        page=page,
        kind="contestation",
        statement=world.mark("quality.PageQuestion.statement", "Passage", None, "everyone"),
        body=world.mark("quality.PageQuestion.body", "Contestation", None, "everyone"),
        source_url="https://example.org/source",
    )
    quality_actions.counterpoint_add(
        author=people["agent"],
        question=question,
        department_id=people["agent"].department_memberships.get().department_id,
        body=world.mark("quality.Counterpoint.body", "Avis contraire", None, "everyone"),
    )
    open_question = quality_actions.question_ask(
        author=people["resident"], page=page, kind="question", body="Une question ouverte ?"
    )
    quality_actions.question_answer(
        author=people["pilot"],
        question=question,
        answer=world.mark("quality.PageQuestion.answer", "Réponse du service", None, "everyone"),
    )
    FaqEntry.objects.create(
        page=page,
        question=world.mark("quality.FaqEntry.question", "Question fréquente", None, "everyone"),
        answer="Réponse.",
        comment_id=0,
        source_url="/",
    )
    world.keep("public_service", service)
    world.keep("information_page", page)
    world.keep("page_question", question, open_question)


def _volunteering(world: World, agents: Demarche, capture: Any) -> None:
    """A public meeting of the agents-only démarche (its texts are as restricted as the démarche), a
    partner organisation's mission (its contact is for its organisers alone: the agent who published
    it), an agent registered to the meeting and the organiser's message to them (by mail only)."""
    people = world.people
    pilot, agent = people["pilot"], people["agent"]
    start = timezone.now() + datetime.timedelta(days=5)
    meeting = mission_actions.event_publish(
        author=pilot,
        title=world.mark("missions.Event.title", "Réunion interne", agents),
        description=world.mark("missions.Event.description", "Ordre du jour", agents),
        department=people["pilot_department"],
        organisation_name=world.mark("missions.Event.organisation_name", "Collectif", agents),
        organisation_contact=world.mark("missions.Event.organisation_contact", "joignable", None, "self", pilot),
        address=world.mark("missions.Event.address", "Salle", agents),
        accessibility=world.mark("missions.Event.accessibility", "Ascenseur", agents),
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        capacity=5,
        demarche=agents,
    )
    notes = world.mark("missions.Event.notes", "Compte rendu", agents)
    type(meeting).objects.filter(pk=meeting.pk).update(notes=notes, notes_published_at=timezone.now())
    mission = mission_actions.mission_publish(
        author=pilot,
        title="Mission témoin",
        what="Aider.",
        why="Parce que.",
        department=None,
        organisation_name="Association témoin",
        organisation_contact=world.mark("missions.Mission.organisation_contact", "joignable", None, "self", pilot),
        address="Parc",
        capacity=2,
        slots=[(start, start + datetime.timedelta(hours=2))],
    )
    slot = Slot.objects.get(event=meeting)
    with capture(execute=True):
        registration = mission_actions.registration_create(person=agent, slot=slot, consent=True)
        mission_actions.message_send(
            author=pilot,
            activity=meeting,
            subject=world.mark("missions.Message.subject", "Objet", None, "self", agent),
            body=world.mark("missions.Message.body", "Texte", None, "self", agent),
        )
    world.keep("event", meeting)
    world.keep("mission", mission)
    world.keep("volunteering_slot", slot, *Slot.objects.filter(mission=mission))
    world.keep("volunteering_registration", registration)


def _hidden_later_kinds(world: World, capture: Any) -> None:
    """An actor, an initiative, a news post, a mission and a meeting hidden by the moderation: what they
    said is the moderators' only, and for a mission or a meeting its organiser's (in their own space);
    their pages keep a tombstone, their volunteers' « Mes inscriptions » says « Contenu masqué »."""
    people = world.people
    admin, pilot, agent = people["administrator"], people["pilot"], people["agent"]
    network = network_actions.network_demarche()
    public = world.demarches["public"]

    def hidden(where: str, text: str) -> str:
        return world.mark(where, text, network, "moderation")

    def organisers(where: str, text: str) -> str:  # the organiser's own hidden activity, in their space
        return world.mark(where, text, public, "moderation_and_author", pilot)

    start = timezone.now() + datetime.timedelta(days=6)
    with capture(execute=True):
        actor = network_actions.actor_create(
            user=admin,
            kind="association",
            name=hidden("network.Actor.name", "Association masquée"),
            description=hidden("network.Actor.description", "Présentation masquée"),
            address="rue du Moulin",
            offers=[],
            rate_limited=False,
        )
        initiative = network_actions.initiative_create(
            user=admin,
            actor=world.objects["actor"][0],
            title=hidden("network.Initiative.title", "Initiative masquée"),
            need=hidden("network.Initiative.need", "Besoin masqué"),
            solution=hidden("network.Initiative.solution", "Solution masquée"),
            rate_limited=False,
        )
        news = network_actions.news_post(
            user=admin,
            initiative=world.objects["initiative"][0],
            body=hidden("network.NewsPost.body", "Nouvelle masquée"),
            rate_limited=False,
        )
        mission = mission_actions.mission_publish(
            author=pilot,
            title=organisers("missions.Mission.title", "Mission masquée"),
            what=organisers("missions.Mission.what", "Tâche masquée"),
            why=organisers("missions.Mission.why", "Raison masquée"),
            department=None,
            organisation_name="Association témoin",
            organisation_contact="Par la mairie",
            address="Parc",
            capacity=3,
            slots=[(start, start + datetime.timedelta(hours=2))],
        )
        meeting = mission_actions.event_publish(
            author=pilot,
            title=organisers("missions.Event.title", "Rencontre masquée"),
            description=organisers("missions.Event.description", "Programme masqué"),
            department=people["pilot_department"],
            organisation_name="Collectif témoin",
            organisation_contact="Par la mairie",
            address="Salle des fêtes",
            accessibility="Plain-pied",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            capacity=5,
        )
    # An agent had signed up to both (their organiser sees their name): « Mes inscriptions » keeps the
    # slot, not the hidden title. Signed up while they were public: the confirmations are not captured.
    mission_actions.registration_create(person=agent, slot=Slot.objects.get(mission=mission), consent=True)
    mission_actions.registration_create(person=agent, slot=Slot.objects.get(event=meeting), consent=True)
    with capture(execute=True):
        for kind, obj in (
            ("actor", actor),
            ("initiative", initiative),
            ("initiative_news", news),
            ("mission", mission),
            ("rencontre", meeting),
        ):
            moderation_actions.items_hide(
                actor=people["moderator"], kind=kind, object_ids=[obj.pk], reason="propos_injurieux"
            )
    world.keep("actor", actor)
    world.keep("initiative", initiative)
    world.keep("mission", mission)
    world.keep("event", meeting)


def _ct(model: type[models.Model]) -> int:
    return ContentType.objects.get_for_model(model).pk


# ---------------------------------------------------------------------------
# Who may see a marker: the project's own rules
# ---------------------------------------------------------------------------


def may_see(role: str, user: Any, marker: Marker) -> bool:
    if marker.audience == "recipient" and marker.subject != role:
        return False  # one's notifications are one's own, administrators' included
    if role == "administrator":
        return True
    if marker.audience == "self":
        return bool(getattr(user, "pk", None) == marker.subject.pk)
    if marker.audience == "everyone":
        return True
    if marker.audience == "department":
        return quality_permissions.speaks_for(user, marker.subject.pk)
    demarche = marker.demarche
    assert demarche is not None
    fresh = Demarche.objects.get(pk=demarche.pk)
    if not can_view_demarche(user, fresh):
        return False
    if marker.audience in ("public", "recipient"):
        return True
    if marker.audience == "administration":
        return decision_permissions.can_view_workspace(user)
    if marker.audience == "internal":
        request = marker.subject
        routed = Routing.objects.filter(item_id=request.item_id).values_list("department_id", flat=True)
        return decision_permissions.can_read_internal_note(user, request, routed.first())
    if marker.audience == "analysts":
        return analysis_permissions.can_analyse(user, fresh)
    if marker.audience == "agents":
        return is_agent(user)
    if marker.audience == "moderation":
        return debate_permissions.can_see_revisions(user)
    if marker.audience == "survey_team":
        return survey_permissions.can_manage(user, fresh)
    if marker.audience == "survey_answer":
        return survey_permissions.can_manage(user, fresh) or getattr(user, "pk", None) == marker.subject.pk
    if marker.audience == "exploration_team":
        return exploration_permissions.can_see_field_work(user, fresh)
    if marker.audience == "exploration_volunteer":
        return exploration_permissions.can_see_field_work(user, fresh) or getattr(user, "pk", None) == marker.subject.pk
    if marker.audience == "moderation_and_author":
        return debate_permissions.can_see_revisions(user) or getattr(user, "pk", None) == marker.subject.pk
    raise AssertionError(marker.audience)


@dataclass
class Sweep:
    world: World
    allowed: dict[str, set[str]]  # role → tokens the role may see
    leaks: list[str] = field(default_factory=list)
    requests: int = 0
    server_errors: list[str] = field(default_factory=list)
    mails: int = 0
    where: set[str] = field(default_factory=set)
    seen: set[str] = field(default_factory=set)  # tokens some role was shown (the test is not blind)
    residence_seen: set[str] = field(default_factory=set)  # the status's facts its owner was shown

    def check(self, role: str, what: str, text: str, requested: str = "", audiences: set[str] | None = None) -> None:
        # A page may repeat the address it was asked (language switch, login redirect, the search
        # box): what the person typed is not a leak.
        slugs = {t for t in self.slug_tokens if t in text}
        for token in (set(TOKEN.findall(text)) | slugs) - set(TOKEN.findall(requested)):
            if token in requested:
                continue
            self.seen.add(token)
            marker = self.by_token[token]
            if token not in self.allowed[role] and (audiences is None or marker.audience in audiences):
                self.leaks.append(f"{role} saw {marker.where} ({marker.audience}) of « {_key(marker)} » in {what}")

    def check_residence(self, role: str, what: str, text: str) -> None:
        """The verified resident's status (its end date) reaches only them and administrators."""
        if role in ("resident", "administrator"):
            self.residence_seen |= {fact for fact in RESIDENCE_FACTS if fact in text}
            return
        for fact in RESIDENCE_FACTS:
            if fact in text:
                self.leaks.append(f"{role} saw the resident's verified-residence status (« {fact} ») in {what}")

    @cached_property
    def by_token(self) -> dict[str, Marker]:
        return {m.token: m for m in self.world.markers}

    @cached_property
    def slug_tokens(self) -> list[str]:
        return [m.token for m in self.world.markers if m.where == "demarches.Demarche.slug"]


TOKEN = re.compile(r"QZ\d{4}X")


def _key(marker: Marker) -> str:
    return marker.demarche.slug if marker.demarche is not None else "—"


def _body(response: HttpResponse | StreamingHttpResponse) -> str:
    streamed = isinstance(response, StreamingHttpResponse)
    content = b"".join(response.streaming_content) if streamed else response.content  # type: ignore[union-attr,arg-type]
    headers = " ".join(f"{k}: {v}" for k, v in response.items())
    return headers + "\n" + content.decode("utf-8", errors="replace")


def _clients(world: World) -> Iterator[tuple[str, Any, Client]]:
    for role in ROLES:
        client = Client(raise_request_exception=False)
        user: Any = AnonymousUser()
        if role != "visitor":
            user = world.people[role]
            client.force_login(user)
        yield role, user, client


def _object_paths(world: World) -> list[tuple[str, str]]:
    paths = []
    for name, (kind, kwargs_of) in OBJECT_ROUTES.items():
        for obj in world.objects.get(kind, []):
            paths.append((name, reverse(name, kwargs=kwargs_of(obj))))
    return paths


# ---------------------------------------------------------------------------
# The tests
# ---------------------------------------------------------------------------


def test_every_route_with_an_object_is_pointed_at_the_seeded_objects() -> None:
    """A new route with arguments must say which seeded object it shows (or why it shows none)."""
    with_arguments = set()
    for name in named_routes():
        if name.startswith(ADMIN_ONLY_PREFIXES) or name in ("set_language",):
            continue
        try:
            reverse(name)
        except NoReverseMatch:  # a route needing arguments does not reverse bare
            with_arguments.add(name)
    missing = sorted(with_arguments - set(OBJECT_ROUTES) - set(OBJECT_ROUTES_ELSEWHERE))
    assert not missing, f"routes with arguments the leak test does not point at seeded objects: {missing}"


@dataclass
class Built:
    world: World
    mails: list[Any]  # what the events mailed while the world was built


@pytest.fixture(scope="module")
def built(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    """The world, built once for the module's tests (the seed and the sweep's setup were most of their
    time twice): in a transaction rolled back after them, each test in a savepoint of it (pytest-django's),
    with the media (the open-data files) in a folder of its own, the site's language and the rate limits'
    clock held still as each test has them (cocite/conftest.py)."""
    middle_of_the_next_hour = (time.time() // 3600 + 1) * 3600 + 1800
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("leaks-media"))),
        translation.override(django_settings.LANGUAGE_CODE),
        pytest.MonkeyPatch.context() as monkeypatch,
    ):
        monkeypatch.setattr(ratelimit, "clock", lambda: middle_of_the_next_hour)
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            mail.outbox = []
            world = build_world(TestCase.captureOnCommitCallbacks)
            forget_on_commit_callbacks()
            yield Built(world, list(mail.outbox))
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_every_model_holding_text_gets_a_marker(built: Built) -> None:
    world = built.world
    seeded = {m.where.rsplit(".", 1)[0] for m in world.markers}
    missing = []
    for model in apps.get_models():
        if not model.__module__.startswith("cocite."):
            continue
        label = model._meta.label
        texts = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField) and not f.choices
        ]
        if texts and label not in seeded and label not in WITHOUT_MARKER:
            missing.append(f"{label} ({', '.join(texts)})")
    assert not missing, f"models with text the leak test seeds no marker into: {missing}"
    # Every marker really is in the database (a typo in a field name would make the sweep blind).
    assert len({m.token for m in world.markers}) == len(world.markers)


def test_no_marker_reaches_a_role_that_may_not_see_it(django_capture_on_commit_callbacks: Any, built: Built) -> None:
    world = built.world
    mail.outbox = list(built.mails)
    people = {role: (world.people.get(role) or AnonymousUser()) for role in ROLES}
    allowed = {role: {m.token for m in world.markers if may_see(role, people[role], m)} for role in ROLES}
    sweep = Sweep(world, allowed)

    # Mails: the events sent some at once; the digests send the rest (visibility checked at send time).
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", "--frequency", "daily", stdout=io.StringIO())
        call_command("send_digests", "--frequency", "weekly", stdout=io.StringIO())
    by_email = {getattr(world.people.get(r), "email", ""): r for r in ROLES}
    for message in mail.outbox:
        bodies = [message.subject, str(message.body)]
        bodies += [str(content) for content, _type in getattr(message, "alternatives", [])]
        for address in message.to:
            role = by_email.get(address)
            if role is not None:
                sweep.mails += 1
                sweep.check(role, f"a mail « {message.subject} »", "\n".join(bodies))
                sweep.check_residence(role, f"a mail « {message.subject} »", "\n".join(bodies))

    opendata_export.generate()
    files = sorted(p.name for p in opendata_export.directory().iterdir() if p.is_file())
    samples = load_registry().samples
    sample_paths = [(name, sample()) for name, sample in sorted(samples.items())]
    object_paths = _object_paths(world)
    extra = [("decisions:journal_export", reverse("decisions:journal_export"))]
    extra += [("decisions:journal_disclosures", reverse("decisions:journal_disclosures"))]
    extra += [("opendata:file", reverse("opendata:file", kwargs={"name": name})) for name in files]
    # A merged contribution's own page (its address otherwise leads to the target).
    extra += [("contributions:detail", f"{c.get_absolute_url()}?origine=1") for c in world.objects["contribution"]]
    # Hidden contributions keep their page (a tombstone) and their flag and appeal pages.
    for hidden in world.objects["modcontribution"]:
        extra.append(("contributions:detail", hidden.get_absolute_url()))
        for route in ("moderation:flag", "moderation:appeal", "moderation:redact", "moderation:restore"):
            extra.append((route, reverse(route, kwargs={"kind": "contribution", "pk": hidden.pk})))
    # Hidden images keep their tombstone on their contribution's page; hidden profiles their page.
    for picture in world.objects["modimage"]:
        extra.append(("contributions:detail", picture.contribution.get_absolute_url()))
        extra.append(("contributions:image", picture.get_absolute_url()))
        for route in ("moderation:flag", "moderation:appeal", "moderation:redact", "moderation:restore"):
            extra.append((route, reverse(route, kwargs={"kind": "contribution_image", "pk": picture.pk})))
    for person in world.objects.get("modprofile", []):
        extra.append(("spaces:person", reverse("spaces:person", kwargs={"pk": person.pk})))
        for route in ("moderation:flag", "moderation:appeal", "moderation:redact", "moderation:restore"):
            extra.append((route, reverse(route, kwargs={"kind": "profile", "pk": person.pk})))
    # French search over a public démarche never finds what another démarche holds.
    public_list = reverse("contributions:list", kwargs={"slug": world.demarches["public"].slug})
    for marker in world.markers:
        if marker.where == "contributions.Contribution.title":
            extra.append(("contributions:list", f"{public_list}?q={marker.token}"))
    # The site's search finds every marked text by the markers' common prefix (« qz »), in every group.
    site_search = reverse("spaces:search")
    extra.append(("spaces:search", f"{site_search}?q=qz"))
    for group in ("demarches", "contributions", "decisions", "resultats"):
        extra.append(("spaces:search", f"{site_search}?q=qz&groupe={group}"))
    dashboards = _dashboard_tables()
    for role, user, client in _clients(world):
        for name, path in [*sample_paths, *object_paths, *extra, *dashboards]:
            if role != "visitor" and client.session.get(SESSION_KEY) != str(user.pk):
                client.force_login(user)  # an email confirmation link of someone else signs one out
            response = client.get(path)
            sweep.requests += 1
            sweep.where.add(name)
            if response.status_code >= 500:
                sweep.server_errors.append(f"{role} GET {path}: {response.status_code}")
            body = _body(response)  # read once: a streamed response (CSV, open data) is empty the second time
            sweep.check(role, f"GET {path}", body, path)
            sweep.check_residence(role, f"GET {path}", body)
            if response.status_code == 405:  # a write-only route: what does an empty POST answer?
                with transaction.atomic():  # undone at once: what one role writes must not change the others' view
                    response = client.post(path, {})
                    transaction.set_rollback(True)
                cache.clear()
                sweep.requests += 1
                if response.status_code >= 500:
                    sweep.server_errors.append(f"{role} POST {path}: {response.status_code}")
                body = _body(response)
                sweep.check(role, f"POST {path}", body, path)
                sweep.check_residence(role, f"POST {path}", body)
        if role != "visitor":
            # One's own data holds what one wrote, even where one no longer has access: only other
            # people's personal data (names, notifications) would be a leak there.
            response = client.post(reverse("accounts:personal_data"))
            sweep.requests += 1
            body = _body(response)
            sweep.check(role, "the personal-data download", body, audiences={"self", "recipient"})
            sweep.check_residence(role, "the personal-data download", body)

    api_requests = _api_sweep(world, sweep, object_paths)

    report_coverage(
        f"leaks: {len(world.markers)} markers in {len({m.where for m in world.markers})} fields of "
        f"{len({m.where.rsplit('.', 1)[0] for m in world.markers})} models, {len(ROLES)} roles, "
        f"{sweep.requests} requests over {len(sweep.where)} routes ({len(object_paths)} object paths, "
        f"{len(files)} open-data files, {len(dashboards)} dashboard tables), {sweep.mails} mails read; "
        f"the API: {api_requests} requests with personal and application tokens"
    )
    # The sweep is not blind: every marker was shown somewhere to someone allowed to see it.
    unseen = sorted(
        {
            f"{m.where} ({m.audience}{' of ' + m.subject if m.audience == 'recipient' else ''}) of {_key(m)}"
            for m in world.markers
            if m.token not in sweep.seen
            and m.where not in SHOWN_NOWHERE
            and any(m.token in tokens for tokens in allowed.values())
        }
    )
    assert not unseen, f"markers nobody was ever shown (a blind spot of the sweep): {unseen}"
    assert "2061-07-13" in sweep.residence_seen, "the resident was never shown their own status (a blind spot)"
    assert not sweep.server_errors, "\n".join(sweep.server_errors[:50])
    assert not sweep.leaks, f"{len(sweep.leaks)} leak(s):\n" + "\n".join(sorted(set(sweep.leaks))[:80])


def _api_sweep(world: World, sweep: Sweep, object_paths: list[tuple[str, str]]) -> int:
    """The API read with tokens: each role's personal token (every scope), and application tokens
    without and with « read_agents » (which read as a visitor, and as their agent account)."""
    paths = [(name, path) for name, path in object_paths if name.startswith("api:")]
    paths += [(name, reverse(name)) for name in API_LISTS]
    paths += [("api:log_list", f"{reverse('api:log_list')}?page=2")]
    readers: list[tuple[str, str]] = []
    for role in ROLES[1:]:
        _token, secret = api_actions.token_create(user=world.people[role], name="leaks", scopes=PERSONAL_SCOPES, days=1)
        readers.append((role, secret))
    service = world.people["agent"]
    for scopes, reads_as in (((Scope.ROUTE, Scope.ANSWER), "visitor"), ((Scope.READ_AGENTS,), "agent")):
        _token, secret = api_actions.token_create(
            user=service, name="leaks", scopes=scopes, days=1, kind=ApiToken.Kind.APPLICATION,
            created_by=world.people["administrator"],
        )  # fmt: skip
        readers.append((reads_as, secret))
    requests = 0
    for role, secret in readers:
        client = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {secret}")
        for name, path in paths:
            response = client.get(path)
            requests += 1
            sweep.where.add(name)
            if response.status_code >= 500:
                sweep.server_errors.append(f"{role} (token) GET {path}: {response.status_code}")
            body = _body(response)
            sweep.check(role, f"GET {path} with a token", body, path)
            sweep.check_residence(role, f"GET {path} with a token", body)
    return requests


def _dashboard_tables() -> list[tuple[str, str]]:
    page = Client().get(reverse("analysis:platform")).content.decode()
    keys = sorted(set(re.findall(r"format=csv&amp;table=([\w-]+)", page)))
    return [("analysis:platform", f"{reverse('analysis:platform')}?format=csv&table={key}") for key in keys]
