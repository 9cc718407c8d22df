"""The hostile-input class test: every route, as every role, with hostile query parameters,
path ids and form submissions. No response may be a 5xx and no exception may escape a view.

How it works (issue 13, "make the suite find this kind by itself"):

1. The demo data is seeded once for the module inside a transaction that is rolled back at
   the end (each request runs in a savepoint rolled back after it, so the POSTs' writes, even
   to the append-only decision log, never reach another request or another test).
2. Every route sample (`route_samples.py` of each app) is opened as each role: visitor,
   resident, agent, department manager, elected official, moderator, administrator, and the
   sample's own LOGIN_AS person. The pages are parsed (standard library `html.parser`): their
   links lead to the routes that have no sample (crawled the same way), their forms are kept.
   Named routes reached neither way are built from the demo data (`_extra_paths`).
3. The query parameters each route reads are discovered from its pages' links and GET forms,
   and from its view's source (`ast`: `request.GET.get("…")`, `getlist`, forms bound to
   `request.GET`, helpers the view calls with the request).
4. Each parameter gets the worst values of `hostile_corpus.py` (the most dangerous alone, the
   others all parameters at once, each parameter meeting each value); values of the whole
   corpus go to all the route's parameters at once, spread over the routes so that every value
   meets many routes; parameters are repeated, raw invalid UTF-8 is sent; path arguments are
   replaced by ids past the databases' range (as every role) and odd strings.
5. Every POST form found is submitted as rendered (by the roles that saw it and by a visitor, a
   resident and an agent), empty, with extra fields, with each field set to type-aware worst
   values, with all fields set to corpus values, with repeated fields, and with hostile files
   (a non-image, an empty file, PNG bombs, an SVG). POST-only routes whose form no page shows
   get the keys their view reads.
6. Hypothesis then draws more values (any text, numbers of any size, odd dates, JSON) for
   parameters and fields, derandomised.

Django's admin is swept more lightly (its parsing is Django's, its pages heavy): fewer values per
parameter and field, a page number past the end so a changelist parses, filters and counts
without rendering 100 rows. The budget: about 7,500 requests, under 2 minutes of CPU a pass.

Failures name the route, role, method, parameter or field, value and the exception. Tasks
queued on commit run (immediate backend) and a failed task counts as a failure too.
"""

from __future__ import annotations

import ast
import inspect
import itertools
import json
import re
import textwrap
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from http.cookies import SimpleCookie
from types import ModuleType
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache as django_cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import HttpResponse
from django.tasks import TaskResultStatus
from django.tasks.signals import task_finished
from django.test import Client, TestCase
from django.urls import Resolver404, resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cocite.accounts.models import User
from cocite.analysis.models import AnalysisRun
from cocite.contributions.models import Contribution, ContributionImage
from cocite.core.cache import visitor_pages
from cocite.core.testing import forget_on_commit_callbacks, report_coverage
from cocite.core.tests.browser.test_route_coverage import named_routes
from cocite.core.tests.demo import load_demo
from cocite.core.tests.hostile_corpus import FILES, PATH_IDS, PATH_STRINGS, RAW_QUERY_VALUES, VALUES, WORST
from cocite.core.tests.html_forms import PageParser, browser_data, field_kind
from cocite.core.tests.route_samples import Registry, load_registry
from cocite.opinions.models import Conversation

# Each test also runs in a savepoint of pytest-django's (inside the module's transaction).
pytestmark = pytest.mark.django_db

DEMO = "demo.bellerive.example"
ROLES: dict[str, str | None] = {
    "visitor": None,
    "resident": f"camille.martin@{DEMO}",
    "agent": f"j.caron@{DEMO}",
    "department manager": f"n.perrin@{DEMO}",
    "elected official": f"maire@{DEMO}",
    "moderator": f"moderation@{DEMO}",
    "administrator": f"admin@{DEMO}",
}
# The JSON API (/api/v1/) is swept by schemathesis from its OpenAPI description, every operation with
# generated inputs (cocite/api/tests/test_schemathesis.py); this sweep sends forms and query strings.
ROUTES = sorted(route for route in named_routes() if not route.startswith("api:"))
PARAM_NAME = re.compile(r"^[a-z_][a-z0-9_-]{0,40}$")
# Receivers of .get("…") that are not request data.
NOT_REQUEST_DATA = {"headers", "META", "COOKIES", "session", "cleaned_data", "kwargs", "settings", "environ"}
# Type-aware worst values for one form field (labels of hostile_corpus.VALUES).
FIELD_WORST = {
    "number": ["superscript two", "2**63", "1e309"],
    "date": ["impossible date", "far year", "superscript two"],
    "text": ["100 KB", "NUL", "deep json"],
    "choice": ["superscript two", "2**63", "400 digits"],
}
# Django's admin forms are Django's code; the project's fields and validators still get the worst.
FIELD_WORST_ADMIN = {
    "number": ["2**63"],
    "date": ["impossible date"],
    "text": ["deep json"],
    "choice": ["2**63"],
}
BY_LABEL = dict(VALUES)
# Query parameters Django's admin reads on every changelist (besides the filters its links show;
# "all", "_popup" and "e" are flags whose value is not read, "_to_field" is refused with a 400).
ADMIN_PARAMS = ["q", "o", "p"]
# Query parameters: each one alone with the values most likely to break a parser, then the rest of
# the worst values spread over all of them at once (each parameter meets each of those once).
ALONE = ["superscript two", "2**63", "400 digits", "NUL"]
TOGETHER = [label for label, _value in WORST if label not in ALONE]
# Django's admin pages are heavy and Django's own parsing is well tested: fewer values there
# (a 100 KB search still goes to `q`: it found SQLite's LIKE limit).
ADMIN_ALONE = ["superscript two", "400 digits", "NUL"]
SKIP_FIELDS = {"csrfmiddlewaretoken"}


@dataclass
class Form:
    route: str
    role: str
    page: str  # the page the form was found on
    action: str
    method: str
    fields: list[dict[str, Any]] = field(default_factory=list)  # name, kind, value, checked, options
    buttons: list[tuple[str, str]] = field(default_factory=list)

    def key(self) -> tuple[str, str, tuple[str, ...]]:
        return (self.route, self.method, tuple(sorted({f["name"] for f in self.fields})))


# Discovering the query parameters a view reads


def _is_request_data(node: ast.AST) -> bool:
    """request.GET / request.POST / self.request.GET, or a local name for one (data, source, params…)."""
    if isinstance(node, ast.Attribute):
        return node.attr in ("GET", "POST")
    if isinstance(node, ast.Name):
        return node.id in ("data", "source", "params", "query", "querydict", "values", "GET", "POST")
    return False


@cache
def _module_tree(module: ModuleType) -> ast.Module | None:
    try:
        return ast.parse(inspect.getsource(module))
    except (OSError, TypeError):
        return None


def _function_node(tree: ast.Module, name: str) -> ast.AST | None:
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == name:
            return node
    return None


def _keys_in(node: ast.AST) -> set[str]:
    keys: set[str] = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and sub.args:
            first = sub.args[0]
            receiver = sub.func.value
            if (
                sub.func.attr in ("get", "getlist", "pop")
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
                and not (isinstance(receiver, ast.Attribute) and receiver.attr in NOT_REQUEST_DATA)
                and not (isinstance(receiver, ast.Name) and receiver.id in NOT_REQUEST_DATA)
            ):
                keys.add(first.value)
        elif (
            isinstance(sub, ast.Subscript)
            and _is_request_data(sub.value)
            and isinstance(sub.slice, ast.Constant)
            and isinstance(sub.slice.value, str)
        ):
            keys.add(sub.slice.value)
        elif (
            isinstance(sub, ast.Compare)
            and any(_is_request_data(c) for c in sub.comparators)
            and isinstance(sub.left, ast.Constant)
            and isinstance(sub.left.value, str)
        ):
            keys.add(sub.left.value)
    return {key for key in keys if PARAM_NAME.match(key)}


def _callees(node: ast.AST, module: ModuleType) -> list[Any]:
    """Project functions and form classes the view calls, with the request (or its data) or by name."""
    found = []
    for sub in ast.walk(node):
        if not isinstance(sub, ast.Call):
            continue
        target: Any = None
        if isinstance(sub.func, ast.Name):
            target = getattr(module, sub.func.id, None)
        elif isinstance(sub.func, ast.Attribute) and isinstance(sub.func.value, ast.Name):
            owner = getattr(module, sub.func.value.id, None)
            target = getattr(owner, sub.func.attr, None) if owner is not None else None
        target_module = getattr(target, "__module__", None) or ""
        if target is None or not target_module.startswith("cocite."):
            continue
        same_module = target_module == module.__name__
        passes_request = any(
            (isinstance(arg, ast.Name) and arg.id == "request") or _is_request_data(arg)
            for arg in [*sub.args, *(k.value for k in sub.keywords)]
        )
        if same_module or passes_request:
            found.append(target)
    return found


def view_params(func: Any, depth: int = 0, seen: set[Any] | None = None) -> set[str]:
    """Query/form keys a view (and the project helpers it hands the request to) reads."""
    seen = seen if seen is not None else set()
    func = inspect.unwrap(func)
    if func in seen or depth > 3:
        return set()
    seen.add(func)
    keys: set[str] = set()
    base_fields = getattr(func, "base_fields", None)
    if isinstance(base_fields, dict):  # a Django form class bound to request data
        keys |= {name for name in base_fields if PARAM_NAME.match(name)}
    module = inspect.getmodule(func)
    if module is None or not module.__name__.startswith("cocite."):
        return keys
    tree = _module_tree(module)
    name = getattr(func, "__name__", "")
    node = _function_node(tree, name) if tree is not None else None
    if node is None:
        try:
            node = ast.parse(textwrap.dedent(inspect.getsource(func)))
        except (OSError, TypeError, SyntaxError):
            return keys
    keys |= _keys_in(node)
    for callee in _callees(node, module):
        keys |= view_params(callee, depth + 1, seen)
    return keys


# The run


@dataclass
class Failure:
    route: str
    role: str
    method: str
    where: str
    value: str
    problem: str

    def __str__(self) -> str:
        return f"{self.route} as {self.role}: {self.method} {self.where} = {self.value} -> {self.problem}"


def _shorten(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 20]}…({len(text)} chars)"


@dataclass
class Site:
    registry: Registry
    sessions: dict[str, str | None] = field(default_factory=dict)
    clients: dict[str, Client] = field(default_factory=dict)
    # route -> role -> url
    urls: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    statuses: dict[tuple[str, str], int] = field(default_factory=dict)
    link_params: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    forms: dict[tuple[str, str, tuple[str, ...]], Form] = field(default_factory=dict)
    form_roles: dict[tuple[str, str, tuple[str, ...]], set[str]] = field(default_factory=lambda: defaultdict(set))
    failures: dict[str, list[Failure]] = field(default_factory=lambda: defaultdict(list))
    # counters for report_coverage
    requests: int = 0
    route_roles: set[tuple[str, str]] = field(default_factory=set)
    params_tried: set[tuple[str, str]] = field(default_factory=set)
    fields_tried: set[tuple[str, str]] = field(default_factory=set)
    values_tried: set[str] = field(default_factory=set)
    failed_tasks: list[str] = field(default_factory=list)
    # CPU seconds and requests by kind of route (« admin » or the app), for the report
    cpu_by_kind: Counter[str] = field(default_factory=Counter)
    requests_by_kind: Counter[str] = field(default_factory=Counter)
    # (route, role, url) found by the crawl, not visited yet
    pending: list[tuple[str, str, str]] = field(default_factory=list)

    # HTTP

    def login(self, role: str, email: str | None) -> None:
        client = Client()
        if email is not None:
            client.force_login(User.objects.get(email=email))
        cookie = client.cookies.get(django_settings.SESSION_COOKIE_NAME)
        self.sessions[role] = cookie.value if cookie is not None else None
        self.clients[role] = client

    def request(
        self,
        route: str,
        role: str,
        method: str,
        path: str,
        *,
        data: Any = None,
        where: str = "",
        value: str = "",
        headers: dict[str, str] | None = None,
        content_type: str | None = None,
    ) -> HttpResponse | None:
        """One request in a savepoint rolled back after it; a 5xx or an exception is recorded."""
        client = self.clients[role]
        client.cookies = SimpleCookie()
        session = self.sessions[role]
        if session:
            client.cookies[django_settings.SESSION_COOKIE_NAME] = session
        django_cache.clear()
        visitor_pages.clear()
        self.requests += 1
        kind = route.split(":", 1)[0]
        self.requests_by_kind[kind] += 1
        cpu_before = time.process_time()
        self.route_roles.add((route, role))
        tasks_before = len(self.failed_tasks)
        kwargs: dict[str, Any] = {"headers": headers or {}}
        if content_type is not None:
            kwargs["content_type"] = content_type
        try:
            with transaction.atomic():
                try:
                    with TestCase.captureOnCommitCallbacks(execute=True):
                        if method == "GET":
                            response = client.get(path, data, **kwargs)
                        else:
                            response = client.post(path, data, **kwargs)
                        body = self._consume(response)
                finally:
                    transaction.set_rollback(True)
                    self.cpu_by_kind[kind] += time.process_time() - cpu_before
        except Exception as error:
            frames = traceback.extract_tb(error.__traceback__)
            ours = [f"{f.filename.split('/cocite/', 1)[-1]}:{f.lineno}" for f in frames if "/cocite/" in f.filename]
            last = f"{frames[-1].filename.split('/site-packages/')[-1]}:{frames[-1].lineno}"
            problem = (
                f"{type(error).__name__}: {str(error)[:200]} (in {' > '.join(ours[-3:]) or '-'}; raised at {last})"
            )
            self.failures[route].append(Failure(route, role, method, where or path, _shorten(value), problem))
            return None
        if response.status_code >= 500:
            self.failures[route].append(
                Failure(route, role, method, where or path, _shorten(value), f"HTTP {response.status_code}")
            )
        if len(self.failed_tasks) > tasks_before:
            for task in self.failed_tasks[tasks_before:]:
                self.failures[route].append(Failure(route, role, method, where or path, _shorten(value), task))
        response.hostile_body = body  # type: ignore[attr-defined]
        return response

    @staticmethod
    def _consume(response: HttpResponse) -> bytes:
        # The test client closes the response itself (a second close() would fire
        # request_finished, whose handler drops a connection that is inside a transaction).
        if getattr(response, "streaming", False):
            return b"".join(response.streaming_content)  # type: ignore[attr-defined]
        return response.content

    # Crawling

    def visit(self, route: str, role: str, url: str) -> None:
        """A plain GET of the page; its links and forms are recorded."""
        self.urls[route].setdefault(role, url)
        response = self.request(route, role, "GET", url, where=url)
        if response is None:
            return
        self.statuses[(route, role)] = response.status_code
        if "html" not in response.get("Content-Type", ""):
            return
        parser = PageParser()
        parser.feed(response.hostile_body.decode("utf-8", "replace"))  # type: ignore[attr-defined]
        for link in parser.links:
            self._link(link, role, url)
        for raw in parser.forms:
            self._form(raw, role, url)

    def _resolve(self, url: str, base: str = "/") -> tuple[str, str, str] | None:
        parts = urlsplit(url)
        if (parts.scheme or parts.netloc) and parts.netloc not in ("", "testserver"):
            return None
        path = parts.path or urlsplit(base).path
        if not path.startswith("/") or path.startswith((django_settings.STATIC_URL, django_settings.MEDIA_URL)):
            return None
        try:
            match = resolve(path)
        except Resolver404:
            return None
        if not match.view_name:
            return None
        return match.view_name, path, parts.query

    def _link(self, link: str, role: str, page: str) -> None:
        if link.startswith(("#", "mailto:", "tel:", "javascript:")):
            return
        resolved = self._resolve(link, base=page)
        if resolved is None:
            return
        route, path, query = resolved
        self.link_params[route] |= {key for key, _value in parse_qsl(query, keep_blank_values=True)}
        self.pending.append((route, role, path + (f"?{query}" if query else "")))

    def _form(self, raw: dict[str, Any], role: str, page: str) -> None:
        action = raw["action"] or page
        resolved = self._resolve(action, base=page)
        if resolved is None:
            return
        route, path, query = resolved
        fields = [f for f in raw["fields"] if f["name"] not in SKIP_FIELDS]
        if raw["method"] == "get":
            self.link_params[route] |= {f["name"] for f in fields}
            self.pending.append((route, role, path + (f"?{query}" if query else "")))
            return
        form = Form(route, role, page, path + (f"?{query}" if query else ""), "POST", fields, raw["buttons"])
        self.forms.setdefault(form.key(), form)
        self.form_roles[form.key()].add(role)

    def crawl(self, roles_for: Callable[[str], list[str]]) -> None:
        for route, sample in self.registry.samples.items():
            url = sample()
            for role in roles_for(route):
                self.visit(route, role, url)
        visited = {(route, role) for route, roles in self.urls.items() for role in roles}
        while self.pending:
            batch, self.pending = self.pending, []
            for route, role, url in batch:
                if (route, role) in visited:
                    continue
                visited.add((route, role))
                self.visit(route, role, url)


def _roles_for(registry: Registry) -> Callable[[str], list[str]]:
    def roles(route: str) -> list[str]:
        chosen = list(ROLES)
        email = registry.login_as.get(route)
        if email is not None and email not in ROLES.values():
            chosen.append(f"sample user {email.split('@')[0]}")
        return chosen

    return roles


def _extra_paths(missing: set[str]) -> dict[str, str]:
    """Paths for named routes that no sample, link or form of the crawled pages reached.

    The others are built from the demo data here; admin routes from their model (its first
    object, or id 1 when there is none). A new route that none of these reaches fails
    the coverage check of `test_no_hostile_input_makes_a_server_error`.
    """
    contribution = Contribution.objects.order_by("pk").first()
    assert contribution is not None
    resident = User.objects.get(email=ROLES["resident"])
    own = Contribution.objects.filter(author=resident).order_by("pk").first() or contribution
    run = AnalysisRun.objects.order_by("pk").first()
    conversation = Conversation.objects.order_by("pk").first()
    paths: dict[str, str] = {
        "healthz": reverse("healthz"),
        "operations:metrics": reverse("operations:metrics"),
        "theme_css": reverse("theme_css"),
        "address_search": reverse("address_search") + "?q=rue+des+ecoles",
        "address_reverse": reverse("address_reverse") + "?lat=47.84&lon=1.95",
        "favicon": reverse("favicon"),
        "set_language": reverse("set_language"),
        "switch_language": reverse("switch_language") + "?lang=en&next=/",
        "account_confirm_login_code": reverse("account_confirm_login_code"),
        "account_confirm_reauthentication_code": reverse("account_confirm_reauthentication_code"),
        "account_set_password": reverse("account_set_password"),
        # Mid-flow pages of the second factor (they redirect outside it) and the recovery codes.
        "mfa_authenticate": reverse("mfa_authenticate"),
        "mfa_download_recovery_codes": reverse("mfa_download_recovery_codes"),
        "mfa_view_recovery_codes": reverse("mfa_view_recovery_codes"),
        "accounts:personal_data": reverse("accounts:personal_data"),
        "openid_connect_callback": reverse("openid_connect_callback", kwargs={"provider_id": "franceconnect"})
        + "?code=sample-code&state=sample-state",
        "socialaccount_login_error": reverse("socialaccount_login_error"),
        "admin:autocomplete": reverse("admin:autocomplete")
        + "?term=a&app_label=territory&model_name=departmentmembership&field_name=user",
        "admin:view_on_site": reverse(
            "admin:view_on_site", args=[ContentType.objects.get_for_model(Contribution).pk, contribution.pk]
        ),
        "admin:auth_user_password_change": reverse("admin:auth_user_password_change", args=[resident.pk]),
        "admin:app_list": reverse("admin:app_list", args=["territory"]),
        "opendata:file": reverse("opendata:file", kwargs={"name": "contributions.csv"}),
        "admin:password_change": reverse("admin:password_change"),
        "admin:password_change_done": reverse("admin:password_change_done"),
        "admin:jsi18n": reverse("admin:jsi18n"),
        "admin:login": reverse("admin:login"),
        "admin:logout": reverse("admin:logout"),
        "notifications:open": reverse("notifications:open", kwargs={"pk": 1}),
        "contributions:withdraw": reverse("contributions:withdraw", kwargs={"pk": own.pk}),
    }
    image = ContributionImage.objects.order_by("pk").first()
    paths["contributions:image"] = reverse(
        "contributions:image",
        kwargs={"pk": image.contribution_id, "image_pk": image.pk, "name": image.file_name}
        if image is not None
        else {"pk": contribution.pk, "image_pk": 1, "name": "photo.jpg"},
    )
    paths["analysis:synthesis_start"] = reverse("analysis:synthesis_start", kwargs={"slug": contribution.demarche.slug})
    if run is not None:
        paths["analysis:run_progress"] = reverse(
            "analysis:run_progress", kwargs={"slug": run.demarche.slug, "run_id": run.pk}
        )
    if conversation is not None:
        paths["opinions:run_status"] = reverse("opinions:run_status", kwargs={"pk": conversation.pk})
    for model in apps.get_models():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        for route in missing:
            if not route.startswith(prefix) or route in paths:
                continue
            action = route.removeprefix(prefix)
            if action in ("add", "changelist"):
                paths[route] = reverse(route)
            else:
                first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
                paths[route] = reverse(route, args=[first or 1])
    # What the apps declare for their routes that are no page (files, exports, POST-only actions).
    for route, sample in load_registry().request_samples.items():
        if route in missing and route not in paths:
            paths[route] = sample()
    return {route: path for route, path in paths.items() if route in missing}


@pytest.fixture(scope="module")
def site(django_db_setup: None, django_db_blocker: Any) -> Iterator[Site]:
    """The demo data and the crawl, in a transaction rolled back after the module's tests."""
    started, cpu_started = time.perf_counter(), time.process_time()
    registry = load_registry()
    failed_tasks: list[str] = []

    def on_task_finished(sender: Any, task_result: Any, **kwargs: Any) -> None:
        if task_result.status == TaskResultStatus.FAILED:
            last = task_result.errors[-1].traceback.strip().splitlines()[-1] if task_result.errors else ""
            failed_tasks.append(f"task {task_result.task.name} failed: {last[:200]}")

    hostile: Site | None = None
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_demo(run_on_commit=True)
            forget_on_commit_callbacks()
            task_finished.connect(on_task_finished)
            hostile = Site(registry=registry)
            hostile.failed_tasks = failed_tasks
            roles = _roles_for(registry)
            for role, email in ROLES.items():
                hostile.login(role, email)
            for email in set(registry.login_as.values()) - set(ROLES.values()):
                hostile.login(f"sample user {email.split('@')[0]}", email)
            hostile.crawl(roles)
            # Routes that neither a sample, a link nor a form reached: built paths, crawled from there.
            reached = set(hostile.urls) | {key[0] for key in hostile.forms}
            for route, path in _extra_paths(set(ROUTES) - reached).items():
                for role in ROLES:
                    hostile.visit(route, role, path)
            hostile.crawl(lambda route: [])
            # Every route as every role at least once (plain GET of a URL another role reached,
            # or of the action of a form).
            for route in ROUTES:
                url = _some_url(hostile, route)
                for role in roles(route) if url is not None else []:
                    if role not in hostile.urls.get(route, {}):
                        hostile.visit(route, role, url)
            crawl_requests = hostile.requests
            crawl_cpu = time.process_time() - cpu_started
            yield hostile
        finally:
            task_finished.disconnect(on_task_finished)
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
    if hostile is not None:
        report_coverage(
            f"hostile input: {len({r for r, _ in hostile.route_roles})} routes, "
            f"{len(hostile.route_roles)} route × role pairs, {len(hostile.params_tried)} query parameters, "
            f"{len(hostile.fields_tried)} form fields of {len(hostile.forms)} forms, "
            f"{len(hostile.values_tried)} distinct hostile values, {hostile.requests} requests "
            f"({crawl_requests} to crawl, {crawl_cpu:.0f} s CPU) in {time.perf_counter() - started:.0f} s "
            f"({time.process_time() - cpu_started:.0f} s CPU); the costliest kinds of route: "
            + ", ".join(
                f"{kind} {seconds:.0f} s / {hostile.requests_by_kind[kind]} requests"
                for kind, seconds in hostile.cpu_by_kind.most_common(6)
            )
        )


# The sweeps


def _able_roles(site: Site, route: str) -> list[str]:
    """Roles that got the page (2xx), else every role that reached it."""
    able = [role for role in site.urls[route] if 200 <= site.statuses.get((route, role), 0) < 300]
    return able or list(site.urls[route])


def _params(site: Site, route: str, url: str) -> list[str]:
    keys = set(site.link_params.get(route, set()))
    keys |= {key for key, _value in parse_qsl(urlsplit(url).query, keep_blank_values=True)}
    match = resolve(urlsplit(url).path)
    view = match.func
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        for name in ("get", "post", "dispatch", "get_context_data", "get_queryset", "form_valid"):
            method = getattr(view_class, name, None)
            if method is not None and getattr(method, "__module__", "").startswith("cocite."):
                keys |= view_params(method)
    else:
        keys |= view_params(view)
    if route.startswith("admin:") and route.endswith("_changelist"):
        keys |= set(ADMIN_PARAMS)
    return sorted(keys)


def _with(url: str, changes: dict[str, list[str]]) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in changes]
    query += [(k, v) for k, values in changes.items() for v in values]
    return parts.path + ("?" + urlencode(query) if query else "")


# The whole corpus is spread over the routes: each "all parameters at once" request takes the
# next value, so every value meets many routes without trying each value on each route.
_CORPUS_TURN = itertools.cycle(VALUES)
_RAW_TURN = itertools.cycle(RAW_QUERY_VALUES)
GET_CORPUS_PER_ROUTE = 2
FORM_CORPUS_PER_FORM = 2
ADMIN_FORM_CORPUS_PER_FORM = 2


def _post_only(site: Site, route: str) -> bool:
    statuses = [site.statuses.get((route, role)) for role in site.urls.get(route, {})]
    return bool(statuses) and all(status == 405 for status in statuses)


def sweep_get(site: Site, route: str) -> None:
    """Each parameter alone with the worst values; the other worst values, corpus values, repeated
    values and raw bytes in all the parameters at once."""
    if route not in site.urls or _post_only(site, route):
        return
    roles = _able_roles(site, route)
    turn = itertools.count()

    def get(changes: dict[str, list[str]], where: str, value: str, headers: dict[str, str] | None = None) -> None:
        role = roles[next(turn) % len(roles)]
        site.request(route, role, "GET", _with(site.urls[route][role], changes), where=where, value=value,
                     headers=headers)  # fmt: skip

    params = _params(site, route, site.urls[route][roles[0]])
    admin = route.startswith("admin:")
    changelist = admin and route.endswith("_changelist")
    if not params:
        # The view reads no parameter: one stray parameter, with one value, checks it stays so.
        label, value = next(_CORPUS_TURN)
        site.values_tried.add(label)
        get({"page": [value]}, "?page", value)
        return
    # A changelist page past the last one makes Django's admin parse the parameters, filter, search
    # and count, then answer with a redirect instead of rendering 100 rows.
    past_the_end = {"p": ["99999"]} if changelist else {}
    for param in params:
        site.params_tried.add((route, param))
        alone = ALONE if not admin else [*ADMIN_ALONE, *(["100 KB"] if param in ("q", "term") else [])]
        for label in alone:
            site.values_tried.add(label)
            get({**past_the_end, param: [BY_LABEL[label]]}, f"?{param}", BY_LABEL[label])
    # The other worst values, all parameters at once, each parameter meeting each value once.
    for shift in range(len(TOGETHER) if not admin else 0):
        changes = {param: [BY_LABEL[TOGETHER[(shift + i) % len(TOGETHER)]]] for i, param in enumerate(params)}
        site.values_tried.update(TOGETHER)
        get(changes, "?" + "&".join(params), " / ".join(f"{p}={v[0][:20]!r}" for p, v in changes.items()))
    for index in range(GET_CORPUS_PER_ROUTE if not admin else 1):
        label, value = next(_CORPUS_TURN)
        site.values_tried.add(label)
        get({p: [value] for p in params}, "?" + "&".join(params), value, {"HX-Request": "true"} if index % 2 else None)
    get({p: ["1", "²", str(2**64)] for p in params}, "repeated", "1, ², 2**64")
    label, raw = next(_RAW_TURN)
    site.values_tried.add(label)
    role = roles[next(turn) % len(roles)]
    base = site.urls[route][role]
    raw_url = base + ("&" if "?" in base else "?") + "&".join(f"{p}={raw}" for p in params)
    site.request(route, role, "GET", raw_url, where="raw query", value=raw)


def _some_url(site: Site, route: str) -> str | None:
    if site.urls.get(route):
        return next(iter(site.urls[route].values()))
    return next((form.action for key, form in site.forms.items() if key[0] == route), None)


_ROLE_TURN = itertools.cycle(ROLES)


def sweep_path(site: Site, route: str) -> None:
    """Path arguments replaced: ids past the databases' range (2**63 as every role), odd strings."""
    url = _some_url(site, route)
    if url is None:
        return
    path = urlsplit(url).path
    match = resolve(path)
    arguments = {str(value) for value in [*match.args, *match.kwargs.values()]}
    segments = path.split("/")
    method = "POST" if _post_only(site, route) or route not in site.urls else "GET"
    for index, segment in enumerate(segments):
        if segment not in arguments:
            continue
        values = [*PATH_IDS, ("superscript two", "²")] if segment.isdigit() else PATH_STRINGS
        for position, (label, value) in enumerate(values):
            changed = "/".join(value if i == index else s for i, s in enumerate(segments))
            for role in list(ROLES) if position == 0 else [next(_ROLE_TURN)]:
                site.values_tried.add(label)
                site.request(route, role, method, changed, data={} if method == "POST" else None,
                             where=f"path segment {segment!r}", value=value)  # fmt: skip


def _submit(site: Site, form: Form, role: str, data: dict[str, Any], where: str, value: Any) -> None:
    site.request(form.route, role, "POST", form.action, data=data, where=where, value=value)


def _count(entry: dict[str, Any]) -> bool:
    return str(entry["name"]).endswith(("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS"))


def _alt_texts(form: Form) -> dict[str, list[str]]:
    """Alternative texts filled in, so an upload reaches the image checks."""
    return {e["name"]: ["Une image"] for e in form.fields if e["name"].startswith("alt")}


def _synthesised_forms(site: Site, route: str) -> None:
    """A POST-only route whose form no crawled page shows: the keys its view reads, empty."""
    url = next(iter(site.urls[route].values()))
    fields = [{"name": key, "kind": "text", "value": "", "checked": False, "options": []}
              for key in _params(site, route, url) if key != "page"]  # fmt: skip
    for role in site.urls[route]:
        form = Form(route, role, url, url, "POST", fields, [])
        site.forms.setdefault(form.key(), form)
        site.form_roles[form.key()].add(role)


def sweep_forms(site: Site, route: str) -> None:
    """Every POST form aimed at the route, submitted as rendered, empty, padded and with hostile values."""
    if not any(key[0] == route for key in site.forms) and site.urls.get(route) and _post_only(site, route):
        _synthesised_forms(site, route)
    admin = route.startswith("admin:")
    # Django's admin: the add form gets the per-field values; a change form of the same model only
    # when there is no add form (same fields, same validation).
    model_has_add_form = (
        admin
        and route.endswith("_change")
        and any(key[0] == route.removesuffix("_change") + "_add" for key in site.forms)
    )
    for key, form in [(key, form) for key, form in site.forms.items() if key[0] == route]:
        role = form.role
        base = browser_data(form.fields)
        variants = [dict(base)] + [{**base, name: [value]} for name, value in form.buttons]
        variant_turn = itertools.cycle(variants)
        # As rendered, by the roles that saw it and by roles that did not (refused in words). Every
        # role has already requested the route in the crawl.
        for who in sorted(site.form_roles[key] | {"visitor", "resident", "agent"}) if not admin else [role]:
            _submit(site, form, who, variants[0], "as rendered", "")
        if admin and route.endswith("_delete"):
            # Django's delete confirmation deletes on any POST body (cascading through the demo
            # data, then rolled back): once as rendered is the whole of its parsing.
            continue
        for variant in variants[1:]:
            _submit(site, form, role, variant, "as rendered, other button", variant)
        _submit(site, form, role, {}, "no field", "")
        _submit(site, form, role, {**base, "zzz_extra": ["1"], "id": [str(2**64)], "pk": ["²"]}, "extra fields", "")
        names = list(dict.fromkeys(e["name"] for e in form.fields if field_kind(e) != "file" and not _count(e)))
        file_fields = list(dict.fromkeys(e["name"] for e in form.fields if field_kind(e) == "file"))
        if not model_has_add_form:
            worst = FIELD_WORST_ADMIN if admin else FIELD_WORST
            for entry in {e["name"]: e for e in form.fields}.values():  # a checkbox list once
                kind = field_kind(entry)
                if kind == "file":
                    continue
                site.fields_tried.add((route, entry["name"]))
                # A formset count of 2**63 makes Django build and render 2,000 inline forms (13 s):
                # bounded by Django, a cost rather than a finding; one unreadable count is enough.
                for label in worst[kind] if not _count(entry) else ["superscript two"]:
                    site.values_tried.add(label)
                    value = BY_LABEL[label]
                    _submit(site, form, role, {**next(variant_turn), entry["name"]: [value]}, entry["name"], value)
        if names:
            repeated = {n: [*base.get(n, [""]), "²"] for n in names}
            _submit(site, form, role, {**next(variant_turn), **repeated}, "every field repeated", "²")
            for _index in range(ADMIN_FORM_CORPUS_PER_FORM if admin else FORM_CORPUS_PER_FORM):
                label, value = next(_CORPUS_TURN)
                site.values_tried.add(label)
                _submit(site, form, role, {**next(variant_turn), **{n: [value] for n in names}}, "all fields", value)
        file_turn = itertools.cycle(FILES)
        for position, name in enumerate(file_fields):
            site.fields_tried.add((route, name))
            for label, filename, content_type, content in FILES if position == 0 else [next(file_turn)]:
                site.values_tried.add(label)
                upload = SimpleUploadedFile(filename, content, content_type=content_type)
                _submit(site, form, role, {**variants[-1], name: upload, **_alt_texts(form)}, name, label)
        body = "&".join(f"{n}=%ff%fe" for n in names) or "x=%ff"
        site.request(form.route, role, "POST", form.action, data=body, where="raw body", value="%ff%fe",
                     content_type="application/x-www-form-urlencoded")  # fmt: skip


def route_problems(site: Site, route: str) -> str:
    """Sweeps one route (query parameters, path arguments, forms): its server errors, each kind once."""
    sweep_get(site, route)
    sweep_path(site, route)
    sweep_forms(site, route)
    failures = site.failures.get(route, [])
    unique: dict[tuple[str, str], Failure] = {}
    for failure in failures:
        unique.setdefault((failure.where, failure.problem), failure)
    return f"{len(failures)} server errors on {route}:\n" + "\n".join(str(f) for f in unique.values()) if unique else ""


def coverage_problems(site: Site) -> str:
    missing = sorted(set(ROUTES) - {route for route, _role in site.route_roles})
    if missing:
        return f"routes the hostile-input test never reached: {missing}"
    roles = set(ROLES)
    partial = sorted(route for route in ROUTES if not roles <= {r for rr, r in site.route_roles if rr == route})
    return f"routes not tried as every role: {partial}" if partial else ""


# Values Hypothesis generates on top of the fixed corpus: any text, numbers of any size written
# every way, dates out of range, JSON. Derandomised, so a run is repeatable.
GENERATED = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.floats().map(repr),
    st.from_regex(r"\A[0-9]{15,25}([.,][0-9]{1,3})?\Z"),
    st.from_regex(r"\A-?[0-9]{1,6}-[0-9]{1,3}-[0-9]{1,3}([T ][0-9]{1,2}:[0-9]{1,2})?\Z"),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
        max_leaves=8,
    ).map(lambda value: json.dumps(value, allow_nan=True)),
)


def _targets(site: Site) -> list[tuple[str, str, str]]:
    """(method, route, name): every query parameter and every form field the sweeps found."""
    found = {("GET", route, param) for route, param in site.params_tried}
    for key, form in site.forms.items():
        found |= {("POST", key[0], entry["name"]) for entry in form.fields if field_kind(entry) != "file"}
    if not found:  # this test alone: discover the parameters of the sampled routes
        for route in site.urls:
            if not _post_only(site, route):
                url = next(iter(site.urls[route].values()))
                found |= {("GET", route, param) for param in _params(site, route, url)}
    return sorted(found)


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(data=st.data())
def generated_values_make_no_server_error(site: Site, data: st.DataObject) -> None:
    method, route, name = data.draw(st.sampled_from(_targets(site)), label="target")
    value = data.draw(GENERATED, label="value")
    before = len(site.failures.get(route, []))
    if method == "GET":
        role = _able_roles(site, route)[0]
        site.request(route, role, "GET", _with(site.urls[route][role], {name: [value]}), where=f"?{name}", value=value)
    else:
        form = next(
            form for key, form in site.forms.items() if key[0] == route and name in {e["name"] for e in form.fields}
        )
        _submit(site, form, form.role, {**browser_data(form.fields), name: [value]}, name, value)
    new = site.failures.get(route, [])[before:]
    assert not new, "\n".join(str(failure) for failure in new)


def test_no_hostile_input_makes_a_server_error(site: Site) -> None:
    """Every route swept, then every route × role checked as tried, then the generated values.

    One test rather than one per route: the demo data and the crawl (the `site` fixture, about three
    minutes) are built by each xdist worker that runs a test of this module, and per-route tests get
    spread over both workers by work stealing. Every route is still swept when one fails, and the
    message names each failing route.
    """
    problems = [problem for route in ROUTES if (problem := route_problems(site, route))]
    if coverage := coverage_problems(site):
        problems.append(coverage)
    try:
        generated_values_make_no_server_error(site)
    except AssertionError as error:  # Hypothesis re-raises the shrunk example's assertion
        problems.append(f"generated values: {error}")
    assert not problems, "\n\n".join(problems)
