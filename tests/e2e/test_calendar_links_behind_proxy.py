"""Behind the Ingress (deploy/k8s/ingress.yaml), which ends TLS and passes Host and
X-Forwarded-Proto from a peer the service trusts (FORWARDED_ALLOW_IPS; uvicorn trusts the
loopback the test calls from), a signed calendar link carries the public https address."""

from urllib.parse import urlsplit

import pytest

from shared.auth.access import Role
from tests.e2e.api_steps import register
from tests.polling import eventually

pytestmark = pytest.mark.e2e


async def test_a_calendar_link_asked_for_through_the_ingress_is_https_on_the_public_host(
    api, tokens
):
    tenancy, booking, _ = api
    tenant = await register(tenancy, activate=True)
    member = tokens.headers(Role.tenant_member, tenant_id=tenant, subject="siti")
    proxied = {**member, "Host": "booking.spaces.bitc.example", "X-Forwarded-Proto": "https"}

    # Booking hears of the tenant through Kafka.
    link = await eventually(
        lambda: booking.get(f"/tenants/{tenant}/calendar-link", headers=proxied),
        until=lambda answer: answer.status_code != 404,
        what="booking knows the tenant",
    )

    assert link.status_code == 200, link.text
    url = urlsplit(link.json()["url"])
    assert (url.scheme, url.netloc) == ("https", "booking.spaces.bitc.example")
    assert url.path == f"/tenants/{tenant}/calendar.ics"
