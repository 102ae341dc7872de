from pydantic import Field, SecretStr, field_validator

from shared.runtime.settings import ServiceSettings

#: An HMAC key shorter than this is guessable offline from any one link it signed.
MIN_FEED_SECRET_CHARS = 32


class Settings(ServiceSettings):
    http_port: int = 8002

    calendar_feed_secret: SecretStr = Field(
        default=SecretStr(""),
        description="Signs calendar feed links (docs/security.md); changing it revokes every "
        f"link given out. At least {MIN_FEED_SECRET_CHARS} characters; unset: no links are "
        "given out and the feeds need a bearer token",
    )

    @field_validator("calendar_feed_secret")
    @classmethod
    def _long_enough(cls, secret: SecretStr) -> SecretStr:
        length = len(secret.get_secret_value())
        if 0 < length < MIN_FEED_SECRET_CHARS:
            raise ValueError(f"must be at least {MIN_FEED_SECRET_CHARS} characters")
        return secret
