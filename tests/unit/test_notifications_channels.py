"""How the channels classify what the far side answered, and the webhook signature format."""

import hashlib
import hmac

import pytest

from services.notifications.adapters.channels import http_failure
from services.notifications.adapters.channels.webhook import signature_header


@pytest.mark.parametrize(
    ("status", "permanent"),
    [(400, True), (401, True), (404, True), (410, True), (408, False), (429, False), (503, False)],
)
def test_only_requests_that_can_never_work_are_permanent(status, permanent):
    assert http_failure(status).permanent is permanent


def test_the_signature_is_hmac_sha256_over_timestamp_dot_body():
    body = b'{"id":"1","category":"booking_confirmed"}'

    header = signature_header("s3cret", 1_800_000_000, body)

    expected = hmac.new(b"s3cret", b"1800000000." + body, hashlib.sha256).hexdigest()
    assert header == f"t=1800000000,v1={expected}"
