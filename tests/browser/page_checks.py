"""What every browser test checks on a page: the axe-core audit, the phone-width layout, a
screenshot for docs/console.md; and the dev sign-in every test starts with."""

import os
import tempfile
from pathlib import Path

from playwright.async_api import Page

HERE = Path(__file__).resolve().parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
DOCS_SCREENSHOTS = HERE.parents[1] / "docs" / "console"
#: Violations of these impacts fail a test (issue #15's bar); minor and moderate are reported.
BLOCKING = {"serious", "critical"}


async def audit(page: Page) -> list[dict]:
    """axe-core's violations on the page as it is now (WCAG 2.1 A and AA rules)."""
    if not AXE.exists():
        raise AssertionError(f"{AXE} is missing: run tools/ensure-test-tools (npm ci)")
    await page.add_script_tag(path=str(AXE))
    result = await page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', "
        "values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return result["violations"]


async def assert_accessible(page: Page) -> None:
    """No serious or critical accessibility violation; the message names each one and where."""
    blocking = [v for v in await audit(page) if v["impact"] in BLOCKING]
    described = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in blocking
    ]
    assert not blocking, f"{page.url}: " + "; ".join(described)


async def assert_fits_the_width(page: Page) -> None:
    """The page itself never scrolls sideways (wide tables scroll inside their own box); the
    message names the elements that stick out, so a failure says what to fix."""
    overflow = await page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    if overflow <= 0:
        return
    culprits = await page.evaluate(
        """() => {
            const edge = document.documentElement.clientWidth;
            return [...document.querySelectorAll("body *")]
                .filter(e => e.getBoundingClientRect().right > edge + 1)
                .slice(0, 5)
                .map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : "")
                          + " " + (e.textContent || "").trim().slice(0, 40));
        }"""
    )
    raise AssertionError(f"{page.url} is {overflow} px wider than the screen: {culprits}")


async def screenshot(page: Page, name: str) -> Path:
    """The page as a person sees it. With CONSOLE_SCREENSHOTS=1 it goes to docs/console/<name>.png
    (the pictures docs/console.md shows); otherwise to a temporary folder, so every run still
    proves the page can be drawn whole."""
    folder = (
        DOCS_SCREENSHOTS
        if os.environ.get("CONSOLE_SCREENSHOTS") == "1"
        else Path(tempfile.gettempdir()) / "bitc-console-screenshots"
    )
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    await page.screenshot(path=str(path), full_page=True)
    return path


async def sign_in_as(page: Page, role: str, tenant_id: str = "", next_url: str = "/") -> None:
    """Through the dev sign-in page (AUTH_DEVELOPMENT stacks only), as a person would."""
    await page.goto(f"/sign-in/dev?next={next_url}")
    await page.select_option("#dev-role", role)
    if tenant_id:
        await page.fill("#dev-tenant-text", tenant_id)
    await page.click("form.stacked-form button[type=submit]")
    await page.wait_for_load_state()


async def check_page(page: Page, name: str) -> None:
    """The audit and the screenshot every page of the console gets in its area's tests."""
    await assert_accessible(page)
    await screenshot(page, name)
