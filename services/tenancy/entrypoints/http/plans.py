"""Membership plan routes: the plans tenants are on, and staff's edits to them."""

from datetime import UTC, datetime

from fastapi import APIRouter

from services.tenancy.domain.plan import Plan
from services.tenancy.entrypoints.http.dependencies import ANYONE, Staff, UoW
from services.tenancy.entrypoints.http.plan_schemas import PlanEdit, PlanIn, PlanOut
from services.tenancy.service_layer import plans
from shared.http.idempotency import Create
from shared.http.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, decode_cursor, page_of
from shared.http.problem_docs import problems

router = APIRouter(prefix="/plans", tags=["plans"])


@router.post(
    "",
    status_code=201,
    summary="Create a membership plan",
    responses=problems({409: "A plan with that code exists"}),
)
async def create_plan(body: PlanIn, uow: UoW, caller: Staff, create: Create) -> PlanOut:
    plan = Plan(
        **body.model_dump(exclude={"quotas"}),
        quotas=tuple(body.quotas),
        updated_at=datetime.now(UTC),
    )
    created = await plans.create_plan(uow, plan, create.key, actor=caller.actor)
    return create.located(f"/plans/{created.code}", PlanOut.model_validate(created))


@router.get("", summary="List membership plans by code", dependencies=ANYONE)
async def list_plans(
    uow: UoW, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Page[PlanOut]:
    decoded = decode_cursor(cursor, str)
    after = decoded[0] if decoded else None
    found = await plans.list_plans(uow, after, limit)
    return page_of(found, limit, PlanOut.model_validate, lambda p: (p.code,))


@router.get(
    "/{code}",
    summary="A membership plan and what it grants",
    dependencies=ANYONE,
    responses=problems({404: "No such plan"}),
)
async def get_plan(code: str, uow: UoW) -> PlanOut:
    return PlanOut.model_validate(await plans.get_plan(uow, code))


@router.patch(
    "/{code}",
    summary="Edit a plan; new terms reach every tenant on it",
    responses=problems({404: "No such plan"}),
)
async def edit_plan(code: str, body: PlanEdit, uow: UoW, caller: Staff) -> PlanOut:
    changes = {k: v for k, v in body.model_dump(exclude_unset=True).items() if v is not None}
    if body.quotas is not None:
        changes["quotas"] = body.quotas
    return PlanOut.model_validate(await plans.edit_plan(uow, code, changes, actor=caller.actor))
