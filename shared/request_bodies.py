"""The base of every request body the services accept.

Unknown members are refused (422) rather than dropped: a client that misspells an optional field
(``sponser_agency``) learns at once instead of believing it was stored, and nothing a client
sends slips past the schema the API documents.
"""

from pydantic import BaseModel, ConfigDict


class RequestBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
