"""Reading a whole list the services answer a page at a time (keyset pages: each page's
``next_cursor`` passed back as ``cursor``)."""

from typing import Any

from services.console.adapters.service_api import ServiceApi

#: Enough for a day's board or the approval queue; a bound, so one page view stays cheap.
MOST_PAGES = 20


async def all_pages(
    api: ServiceApi, path: str, params: dict[str, Any], most: int = MOST_PAGES
) -> list[dict]:
    """Every item, following ``next_cursor`` for at most ``most`` pages."""
    items: list[dict] = []
    cursor = None
    for _ in range(most):
        page = await api.get(path, params | ({"cursor": cursor} if cursor else {}))
        items += page["items"]
        cursor = page.get("next_cursor")
        if not cursor:
            break
    return items
