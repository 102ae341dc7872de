"""Screenshots of pages for the docs (docs/console.md shows them from docs/console/)."""

from pathlib import Path

from playwright.async_api import Page

DOCS_SHOTS = Path(__file__).resolve().parents[2] / "docs" / "console"


async def screenshot(page: Page, name: str) -> Path:
    """The whole page as docs/console/<name>.png, replacing an older one."""
    DOCS_SHOTS.mkdir(parents=True, exist_ok=True)
    path = DOCS_SHOTS / f"{name}.png"
    await page.screenshot(path=str(path), full_page=True, animations="disabled")
    return path
