"""Keys of signed calendar feed links: a key opens exactly the feed it was made for, under the
secret it was made with, and the secret reaches booking like any other secret."""

import uuid
from pathlib import Path

import pytest
from pydantic import ValidationError

from services.booking.entrypoints.http.calendar_feed_keys import FeedKeys, space_feed, tenant_feed
from services.booking.settings import Settings

SECRET = "feed-secret-for-the-unit-tests-0123456789"
URL = "postgresql+asyncpg://booking:x@127.0.0.1:1/none"
TENANT = uuid.UUID("5b0f4a8e-9a56-4c38-9d41-0b1a3c2f7e11")


def test_a_key_opens_the_feed_it_was_made_for():
    keys = FeedKeys(SECRET)
    key = keys.key(tenant_feed(TENANT))
    assert keys.verifies(tenant_feed(TENANT), key)
    # Stable: a subscribed calendar keeps polling the same URL for months.
    assert FeedKeys(SECRET).key(tenant_feed(TENANT)) == key
    # It goes into a URL as it is.
    assert key.replace("-", "").replace("_", "").isalnum()


def test_a_key_opens_no_other_feed():
    keys = FeedKeys(SECRET)
    key = keys.key(tenant_feed(TENANT))
    assert not keys.verifies(tenant_feed(uuid.uuid4()), key)
    # The same id as a space is another feed.
    assert not keys.verifies(space_feed(TENANT), key)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda key: key[:-1] + ("A" if key[-1] != "A" else "B"),
        lambda key: key[:-1],
        lambda key: key + "A",
        lambda key: "",
        lambda key: key.upper(),
        lambda key: key[:-1] + "é",
    ],
    ids=["last-character", "cut", "longer", "empty", "case", "non-ascii"],
)
def test_a_tampered_key_opens_nothing(tamper):
    keys = FeedKeys(SECRET)
    key = keys.key(tenant_feed(TENANT))
    assert tamper(key) != key
    assert not keys.verifies(tenant_feed(TENANT), tamper(key))


def test_rotating_the_secret_revokes_every_link():
    key = FeedKeys(SECRET).key(tenant_feed(TENANT))
    assert not FeedKeys(SECRET + "-rotated").verifies(tenant_feed(TENANT), key)


def test_there_is_no_key_without_a_secret():
    with pytest.raises(ValueError, match="secret"):
        FeedKeys("")


def test_a_short_secret_is_refused_at_start():
    with pytest.raises(ValidationError, match="at least 32"):
        Settings(database_url=URL, calendar_feed_secret="too-short")
    assert Settings(database_url=URL).calendar_feed_secret.get_secret_value() == ""


def test_the_secret_comes_from_a_mounted_file_and_never_shows(monkeypatch, tmp_path: Path):
    path = tmp_path / "calendar-feed-secret"
    path.write_text(SECRET + "\n", encoding="utf-8")
    monkeypatch.delenv("CALENDAR_FEED_SECRET", raising=False)
    monkeypatch.setenv("CALENDAR_FEED_SECRET_FILE", str(path))
    settings = Settings(database_url=URL)
    assert settings.calendar_feed_secret.get_secret_value() == SECRET
    assert SECRET not in repr(settings)
