"""What browser tests do often: check a page with axe-core, sign in through
the real form, and read the database afresh after the browser wrote to it."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from manifesto.extensions import db
from tests.factories import DEFAULT_PASSWORD

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 800}

# Axe().run would inject its 500 KB script again on every call; we use the
# axe-core it bundles (4.12) and inject it once per document instead.
_axe = Axe()


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"
            f" <{violation.get('helpUrl', '')}>"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}")
            lines.append(f"       {node.get('html', '').strip()[:300]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ").strip()
            if summary:
                lines.append(f"       {summary[:400]}")
    return "\n".join(lines)


def axe_violations(page: Page) -> list[dict]:
    """Run axe-core (WCAG 2.0–2.2 A/AA rules) on the page as it is now.

    axe is injected with page.evaluate (Chrome DevTools Runtime.evaluate),
    which the page's Content-Security-Policy does not govern, so no
    bypass_csp is needed; it is injected once per document."""
    page.wait_for_load_state("load")
    if page.evaluate("() => typeof window.axe === 'undefined'"):
        page.evaluate(_axe.axe_script)
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return results["violations"]


def _size(page: Page) -> str:
    size = page.viewport_size or {}
    return f"{size.get('width')}×{size.get('height')}"


def assert_no_axe_violations(page: Page) -> None:
    violations = axe_violations(page)
    if violations:
        raise AssertionError(
            f"axe found {len(violations)} accessibility violation(s) on {page.url} at {_size(page)}:\n"
            + describe_violations(violations)
        )


def sideways_overflow(page: Page) -> int:
    """WCAG 1.4.10 (reflow): pixels the page scrolls sideways (0 is right)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def check_page(page: Page, viewports: tuple[dict, ...] = (DESKTOP, PHONE)) -> None:
    """The accessibility checks every main page gets: axe at each width, and
    no sideways scrolling at phone width. The layout is re-flowed by resizing
    the window rather than reloading, so the state a test set up (errors
    shown, a disclosure opened) is checked at every width."""
    problems = []
    original = page.viewport_size
    for viewport in viewports:
        page.set_viewport_size(viewport)
        violations = axe_violations(page)
        if violations:
            problems.append(f"at {_size(page)}, {len(violations)} axe violation(s):\n"
                            + describe_violations(violations))
        if viewport["width"] <= PHONE["width"] and (overflow := sideways_overflow(page)) > 1:
            problems.append(f"at {_size(page)}, the page scrolls sideways by {overflow}px")
    if original:
        page.set_viewport_size(original)
    assert not problems, f"accessibility problems on {page.url}:\n" + "\n".join(problems)


def sign_in(page: Page, email: str, password: str = DEFAULT_PASSWORD) -> None:
    """Sign in through the real log-in form, as a person would."""
    page.goto("/account/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.locator("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def fresh() -> None:
    """Forget what the test's own session has cached, so the next query sees
    what the server committed."""
    db.session.rollback()
    db.session.expire_all()
