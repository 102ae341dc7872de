"""The examples the docs give work as written: every curl to a service's API sends a token,
and what the notification events' examples show is what the service really publishes."""

import re
from pathlib import Path

import pytest

from bitc.event_contract.catalogue import public_events
from bitc.event_contract.examples import example_cloudevent
from contracts.topics import NOTIFICATIONS_EVENTS
from services.notifications.domain.categories import Category

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
#: Open without a token (docs/security.md).
_OPEN = re.compile(r"/(health/live|health/ready|metrics|openapi\.json)\b")
#: A bearer token, or a header held in a variable the page sets to one ("$AUTH").
_TOKEN = re.compile(r"""-H\s+["'](Authorization:\s*Bearer\s|\$\w+["'])""", re.IGNORECASE)
_RULE_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)+")


def curl_commands(page: Path) -> list[str]:
    """Each curl command of the page's shell blocks, continuation lines joined."""
    commands = []
    for block in re.findall(r"```(?:sh|bash|shell)\n(.*?)```", page.read_text(), re.DOTALL):
        for command in block.replace("\\\n", " ").splitlines():
            if re.search(r"\bcurl\b", command) and re.search(r"localhost:800\d", command):
                commands.append(command)
    return commands


CURLS = [(page.relative_to(ROOT), c) for page in DOCS for c in curl_commands(page)]


def test_the_webhook_page_shows_how_to_subscribe_with_curl():
    assert any(str(page) == "docs/webhooks.md" for page, _ in CURLS)


@pytest.mark.parametrize(("page", "command"), CURLS, ids=[f"{p}:{c[:40]}" for p, c in CURLS])
def test_every_curl_to_a_service_api_sends_a_token(page, command):
    assert _OPEN.search(command) or _TOKEN.search(command), f"{page}: no token in `{command}`"


NOTIFICATION_EVENTS = [e for e in public_events() if e.model.topic == NOTIFICATIONS_EVENTS]


@pytest.mark.parametrize("event", NOTIFICATION_EVENTS, ids=lambda e: e.file_stem)
def test_notification_examples_show_values_the_service_really_sends(event):
    data = example_cloudevent(event)["data"]

    assert data["category"] in {c.value for c in Category}
    if "reason" in data:
        # Failures are described in words ("HTTP 503"), not with a booking rule's slug.
        assert not _RULE_SLUG.fullmatch(data["reason"]), data["reason"]
