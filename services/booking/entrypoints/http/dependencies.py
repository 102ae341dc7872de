"""What booking's routes are given: the request's unit of work and the caller, admitted by role."""

from typing import Annotated

from fastapi import Depends

from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from shared.auth.access import ANY_ROLE, TENANT_USERS, Principal, Role, allow, anyone
from shared.runtime.process import unit_of_work

UoW = Annotated[BookingUnitOfWork, Depends(unit_of_work)]
#: Anyone signed in; a tenant's users see only their tenant's things.
Reader = Annotated[Principal, Depends(allow(*ANY_ROLE))]
#: Who may book and cancel: staff, and a tenant's users for their tenant.
Booker = Annotated[Principal, Depends(allow(Role.manager, *TENANT_USERS))]
Staff = Annotated[Principal, Depends(allow(Role.manager))]
#: For routes that need no caller but only admit signed-in ones.
ANYONE = [Depends(allow(*ANY_ROLE))]
#: For public information (the catalogue, free intervals): no token needed, one sent is checked.
PUBLIC = [Depends(anyone())]
