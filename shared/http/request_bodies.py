"""The base of every request body the services accept.

Unknown members are refused (422) rather than dropped: a client that misspells an optional field
(``sponser_agency``) learns at once instead of believing it was stored, and nothing a client
sends slips past the schema the API documents. Text holding the NUL character is refused too:
PostgreSQL cannot store it, so it would otherwise fail as a server error deep in a write.
"""

from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, model_validator

NUL = "\x00"


def _written_out(value: Any) -> Any:
    # pydantic would read a number (or a numeric string) as Unix time: "-91534385" is 1967.
    number = value if isinstance(value, int | float) else None
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return value
    if number is not None:
        raise ValueError("write the date and time out in RFC 3339, e.g. 2026-12-02T19:00:00+07:00")
    return value


#: A moment with its UTC offset, as RFC 3339 text only, in bodies and in query parameters alike.
OffsetDateTime = Annotated[AwareDatetime, BeforeValidator(_written_out)]


class RequestBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _refuse_nul(cls, data: Any) -> Any:
        if holds_nul(data):
            raise ValueError("text may not contain the NUL character (\\u0000)")
        return data


def holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(holds_nul(key) or holds_nul(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(holds_nul(item) for item in value)
    return False
