"""Creating a thing once per idempotency key (shared/http/idempotency.py), in its own
transaction: a retry with the same key gets what the first request created, read again."""

import uuid
from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from shared.http.idempotency import IdempotencyKey


class _Identified(Protocol):
    @property
    def id(self) -> uuid.UUID: ...


Created = TypeVar("Created", bound=_Identified)


async def create_once(
    uow: BookingUnitOfWork,
    key: IdempotencyKey | None,
    create: Callable[[], Awaitable[Created]],
    existing: Callable[[BookingUnitOfWork, uuid.UUID], Awaitable[Created]],
) -> Created:
    """``create()`` and commit, unless ``key`` already created something: then ``existing``
    reads that again by its id."""

    async def load(created_id: str) -> Created:
        return await existing(uow, uuid.UUID(created_id))

    async with uow:
        created = await uow.idempotency.create_once(key, create, load, lambda made: made.id)
        await uow.commit()
    return created
