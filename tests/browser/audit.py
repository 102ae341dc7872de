"""The accessibility audit of a page: axe-core (from npm, tests/browser/package.json, installed
by tools/ensure-test-tools) injected into the page and run there, as the issue's quality bar
asks: no serious or critical violation on any of our pages."""

from pathlib import Path
from typing import Any

from playwright.async_api import Page

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
#: axe's impact levels a page must never have.
BLOCKING = ("serious", "critical")


async def axe_results(page: Page) -> dict[str, Any]:
    """axe's whole report on the page as it is now (violations, passes, incomplete, ...)."""
    if not AXE.is_file():
        raise AssertionError(f"{AXE} is missing: run tools/ensure-test-tools (npm ci)")
    await page.add_script_tag(path=str(AXE))
    results: dict[str, Any] = await page.evaluate("() => axe.run(document)")
    return results


def blocking_violations(results: dict[str, Any]) -> list[dict[str, Any]]:
    return [rule for rule in results["violations"] if rule["impact"] in BLOCKING]


async def assert_accessible(page: Page) -> None:
    """Fail listing every serious or critical violation: rule, impact, help and where."""
    found = blocking_violations(await axe_results(page))
    assert not found, f"axe found on {page.url}:\n" + "\n".join(map(_described, found))


def _described(rule: dict[str, Any]) -> str:
    where = ", ".join(" ".join(node["target"]) for node in rule["nodes"][:5])
    return f"- {rule['id']} ({rule['impact']}): {rule['help']} at {where} ({rule['helpUrl']})"
