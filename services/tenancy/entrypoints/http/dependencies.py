"""What tenancy's routes depend on: the request's unit of work and the caller, by who may call."""

from typing import Annotated

from fastapi import Depends

from services.tenancy.service_layer.unit_of_work import TenancyUnitOfWork
from shared.auth.access import ANY_ROLE, Principal, Role, allow
from shared.runtime.process import unit_of_work

UoW = Annotated[TenancyUnitOfWork, Depends(unit_of_work)]
#: Anyone signed in; a tenant's users then see only their own tenant's things.
Reader = Annotated[Principal, Depends(allow(*ANY_ROLE))]
#: Staff, who change tenants, plans, units and leases.
Staff = Annotated[Principal, Depends(allow(Role.manager))]
#: For routes that let anyone signed in read and need not know who.
ANYONE = [Depends(allow(*ANY_ROLE))]
