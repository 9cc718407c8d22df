"""Schemathesis over the whole API, against its own OpenAPI description (issue 23, acceptance 1).

Every operation, inputs generated from the description (valid and invalid), requests sent through
the WSGI application to the test database, with a personal token holding every scope (so writes
run their actions) over a small world (a démarche with contributions and a debate). Each answer
must not be a server error and must conform to the description: documented status, content type,
headers and body schema. The figures (operations, cases, failures) go to the run's summary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from cocite.accounts.tests.factories import UserFactory
from cocite.api.models import PERSONAL_SCOPES
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core.testing import report_coverage
from cocite.debate.tests.factories import CommentFactory
from cocite.demarches.tests.factories import DemarcheFactory

from .helpers import token_for

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 40
CASES: Counter[str] = Counter()
STATUSES: Counter[int] = Counter()


# Read from the application at collection, as a client reads it: GET /api/v1/openapi.json.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _through_wsgi(settings: Any) -> Iterator[None]:
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "api": "100000/m",
        "contribution": "100000/h",
        "comment": "100000/m",
    }
    # Through the WSGI application, as Django's test client does: the connection the test's
    # transaction holds must not be closed at the end of each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture(scope="module", autouse=True)
def _figures() -> Iterator[None]:
    """The figures of this process's share of the run (one line per test process) for the summary."""
    yield
    if CASES:
        report_coverage(
            f"schemathesis: {len(CASES)} operations, {sum(CASES.values())} cases, 0 failures "
            f"(statuses {dict(sorted(STATUSES.items()))})"
        )


@pytest.fixture
def api_world(db: Any) -> dict[str, str]:
    demarche = DemarcheFactory(slug="exemple")
    for contribution in ContributionFactory.create_batch(3, demarche=demarche):
        CommentFactory(on=contribution)
    _apps_world()
    return {"Authorization": f"Bearer {token_for(UserFactory(), *PERSONAL_SCOPES)}"}


def _apps_world() -> None:
    """One public object of each app that plugs its router in (reports, missions, network, quality)."""
    from cocite.missions.tests.helpers import event, mission
    from cocite.network.tests.helpers import make_actor, make_initiative
    from cocite.quality.tests.helpers import answers, page, service
    from cocite.reports.tests.helpers import category, report
    from cocite.territory.tests.factories import DepartmentFactory

    report(category())
    mission()
    event()
    make_actor()
    make_initiative()
    department = DepartmentFactory()
    answers(service(department, slug="exemple"), 2)
    page(department, slug="exemple")


@schema.parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck), database=None
)
def test_every_operation_conforms(case: Any, db: Any, api_world: dict[str, str]) -> None:
    response = case.call_and_validate(headers=api_world, checks=CHECKS)
    CASES[case.operation.label] += 1
    STATUSES[response.status_code] += 1
