"""Property-based fuzzing of each service's HTTP API from its own OpenAPI document (schemathesis),
against the running services: whatever a client sends, valid or not, the answer is never a 5xx
and always one the document describes (status, content type, headers and body schema), data
the document forbids is refused, and data it allows is never refused as malformed.

Allowed data may still break a rule JSON Schema cannot state, which the document describes in
words: a booking that ends before it starts (422 `period-empty`), a tenant or plan that does not
exist (422 `unknown-tenant`), a cursor the API never gave out (400 `invalid-cursor`). So
schemathesis' positive_data_acceptance, which wants such requests taken, would only report those;
the check here holds what the schema can promise: no 422 `invalid-request` (request validation)
and no 400 `malformed-request` for a request the document allows.

The run is bounded (a few examples per operation and kind of data, fixed seed, no shrinking)
so it fits the suite's budget and a failure replays the same way; set FUZZ_MAX_EXAMPLES locally
to search harder. Operations are driven one by one with hypothesis rather than through
schemathesis' pytest plugin, whose lazy fixture loader does not run on pytest 9.
"""

import os
from collections import Counter
from dataclasses import dataclass, field

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from shared.auth.access import Role

pytestmark = pytest.mark.e2e

#: The problems request validation answers: the document allowed what the server would not read.
MALFORMED = {"urn:bitc:problem:invalid-request", "urn:bitc:problem:malformed-request"}


@schemathesis.check
def allowed_data_is_not_refused_as_malformed(ctx, response, case) -> None:
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return
    if response.status_code in (400, 422):
        problem = response.json()
        if problem.get("type") in MALFORMED:
            raise AssertionError(f"Data the document allows was refused: {problem}")


MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "3"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
    allowed_data_is_not_refused_as_malformed,
]
#: Valid data here would reconfigure the platform every other end-to-end test runs on (a type's
#: booking rules, a site closed, new spaces in searches, webhooks copied every message), so these
#: get invalid data only.
PLATFORM_WIDE = {
    "PUT /rules/{space_type}",
    "POST /closures",
    "POST /spaces",
    "POST /webhook-subscriptions",
}
CONFIG = schemathesis.Config.from_dict(
    {
        "generation": {
            # The Authorization header is ours (an admin token), not the generator's to vary.
            "with-security-parameters": False,
            # Reads ignore query parameters they do not know, as HTTP caches and cache-busters
            # expect. (This also stops it adding members to bodies: their refusal of unknown
            # members is tested in tests/unit/test_request_bodies.py and test_request_limits.)
            "allow-extra-parameters": False,
        }
    }
)
FUZZ = settings(
    deadline=None,  # the machine is shared; latency is measured elsewhere, not here
    suppress_health_check=list(HealthCheck),
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
)


@dataclass
class Run:
    cases: int = 0
    statuses: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    def summary(self, service: str) -> str:
        by_status = ", ".join(f"{status}: {n}" for status, n in sorted(self.statuses.items()))
        return f"{service}: {self.cases} requests ({by_status}); {len(self.failures)} failing"


def fuzz(base_url: str, headers: dict[str, str]) -> Run:
    schema = schemathesis.openapi.from_url(
        f"{base_url}/openapi.json", headers=headers, config=CONFIG
    )
    run = Run()
    for loaded in schema.get_all_operations():
        operation = loaded.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            if mode is GenerationMode.POSITIVE and operation.label in PLATFORM_WIDE:
                continue

            @FUZZ
            @given(case=operation.as_strategy(generation_mode=mode))
            def exercise(case) -> None:
                response = case.call(base_url=base_url, headers=headers, timeout=30)
                run.cases += 1
                run.statuses[response.status_code] += 1
                case.validate_response(response, checks=CHECKS, headers=headers)

            try:
                exercise()
            except Unsatisfiable:
                continue  # nothing invalid can be sent to it (no parameters, or free text)
            except (Exception, FailureGroup) as exc:  # every operation is tried; all are reported
                run.failures.append(f"{operation.label} [{mode.value}]: {exc}")
    return run


@pytest.mark.parametrize("service", ["tenancy", "booking", "notifications"])
def test_every_answer_is_documented_and_none_is_a_server_error(platform, tokens, service):
    # As admin, whom every route admits: the fuzzing is about input, roles have their own tests.
    run = fuzz(platform.service_urls[service], tokens.headers(Role.admin, subject="fuzzer"))
    print(run.summary(service))
    assert not run.failures, "\n\n".join(run.failures)
