"""The console's navigation: every area's entry with the roles that may open it, so the menu
shows a person only what they may open and the route guard refuses the rest the same way."""

from dataclasses import dataclass

from shared.auth.principal import Role

STAFF = frozenset({Role.manager, Role.admin})
TENANT_USERS = frozenset({Role.tenant_member, Role.community_lead})
ADMIN = frozenset({Role.admin})
#: None: anyone, signed in or not.
ANYONE = None


@dataclass(frozen=True)
class NavEntry:
    #: An English msgid, translated when the menu is drawn.
    label: str
    url: str
    allowed: frozenset[Role] | None


#: A tenant's own pages (entrypoints/http/my_bookings.py, my_account.py).
TENANT_NAV = (
    NavEntry("My bookings", "/my/bookings", TENANT_USERS),
    NavEntry("Waitlist", "/my/waitlist", TENANT_USERS),
    NavEntry("Quota", "/my/quota", TENANT_USERS),
    NavEntry("Calendar", "/my/calendar", TENANT_USERS),
    NavEntry("Preferences", "/my/preferences", TENANT_USERS),
)

#: In menu order. An area adds its entry here and its label to its own .po file.
NAV: tuple[NavEntry, ...] = (
    NavEntry("Spaces", "/", ANYONE),
    *TENANT_NAV,
    NavEntry("Tenants", "/staff/tenants", STAFF),
    NavEntry("Units", "/staff/units", STAFF),
    NavEntry("Leases", "/staff/leases", STAFF),
    NavEntry("Occupancy", "/staff/occupancy", STAFF),
    NavEntry("Board", "/staff/board", STAFF),
    NavEntry("Approvals", "/staff/approvals", STAFF),
    NavEntry("Closures", "/staff/closures", STAFF),
    NavEntry("Notifications log", "/staff/notifications", STAFF),
    NavEntry("Reports", "/reports", STAFF),
    NavEntry("Audit log", "/admin/audit", ADMIN),
)


def visible_entries(roles: frozenset[Role] | None) -> list[NavEntry]:
    """The entries ``roles`` may open; ``None`` is a signed-out visitor."""
    held = roles or frozenset()
    return [
        entry
        for entry in NAV
        if entry.allowed is None or (roles is not None and held & (entry.allowed | ADMIN))
    ]
