"""Browser fixtures: Debian's Chromium through Playwright, one context per person.

Every person in a test (facilitator, projector, each phone) gets a context of their
own, so each has their own cookies, as separate devices would. Tests are plain sync
functions: Playwright's sync API runs its own event loop.
"""

import json
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

ROOT = Path(__file__).parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOT_DIR = ROOT / "test-artifacts" / "screenshots"
README_SCREENSHOT_DIR = ROOT / "docs" / "screenshots"

# Axe findings that fail a test; "moderate" and "minor" ones are printed only.
BLOCKING_IMPACTS = ("serious", "critical")

expect.set_options(timeout=5_000)
# A server's first grouping loads scikit-learn first (about 1 s on an idle machine, much
# more on a busy one): what waits for the first themes waits this long (milliseconds).
FIRST_GROUPING_MS = 30_000


@pytest.fixture(scope="module")
def browser() -> Browser:
    if not CHROMIUM.exists():
        pytest.fail("browser tests need Debian's Chromium at /usr/bin/chromium (make test "
                    "installs it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, live_server):
    """Open a new device (its own context) that has chosen English in the header.

    Fails the test afterwards if any page had a script error or a blocked resource
    (a Content-Security-Policy violation shows up as a console error).
    """
    contexts, problems = [], []

    def open_page(viewport: dict, phone: bool = False) -> Page:
        context = browser.new_context(base_url=live_server.url, viewport=viewport,
                                      is_mobile=phone, has_touch=phone)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
        page.on("console", lambda message: problems.append(f"{page.url}: {message.text}")
                if message.type == "error" and not is_http_status(message.text) else None)
        page.goto("/")
        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not problems, "errors in the browser:\n" + "\n".join(problems)


def is_http_status(console_text: str) -> bool:
    """Refused requests (409 and such) are part of the tests; the UI is checked instead.
    The first is Chromium's own line, the second htmx's."""
    return console_text.startswith(("Failed to load resource", "Response Status Error Code"))


@pytest.fixture
def check_accessibility():
    """Run axe-core on the page as it is now; fail on serious or critical violations."""

    def check_accessibility(page: Page, what: str) -> None:
        # add_script_tag would be an inline script, which the app's CSP rightly blocks.
        if not page.evaluate("typeof axe !== 'undefined'"):
            page.evaluate(AXE_SCRIPT.read_text())
        violations = page.evaluate("async () => (await axe.run()).violations")
        blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
        for violation in violations:
            if violation not in blocking:
                print(f"axe ({what}), not blocking: {describe(violation)}")
        assert not blocking, f"axe violations on {what}:\n" + "\n".join(map(describe, blocking))

    return check_accessibility


def describe(violation: dict) -> str:
    targets = [json.dumps(node["target"]) for node in violation["nodes"]]
    return (f"[{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})\n    on " + "\n    on ".join(targets))


@pytest.fixture
def screenshot():
    """Save a PNG of a page under test-artifacts/screenshots/; with readme_name, also
    copy it to docs/screenshots/, where the README shows it."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)

    def screenshot(page: Page, name: str, full_page: bool = False,
                   readme_name: str | None = None) -> Path:
        path = SCREENSHOT_DIR / f"{name}.png"
        if not full_page:  # taps scroll the page; show it from the top, as it opens
            page.evaluate("window.scrollTo(0, 0)")
        # caret="initial": hiding the caret leaves style="" on text fields, which a
        # later htmx swap copies, and the CSP then (rightly) reports.
        page.screenshot(path=path, full_page=full_page, animations="disabled", caret="initial")
        if readme_name:
            README_SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, README_SCREENSHOT_DIR / f"{readme_name}.png")
        return path

    return screenshot
