"""The portal and the console in Chromium (Debian's), signed in through the development
e-identity provider: every page checked with axe (no serious or critical violation) and
screenshotted. The README's pictures are refreshed with
``HUB_TEST_SCREENSHOTS=docs/screenshots``; without it they go to a temporary folder, so a test
run leaves the checkout as it found it."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from axe_playwright_python.async_playwright import Axe
from playwright.async_api import Browser, Page, async_playwright

from tests.web.server import running_hub

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(
    os.environ.get("HUB_TEST_SCREENSHOTS") or Path(tempfile.gettempdir()) / "hub-screenshots"
)
CITIZEN = "nguyen-van-an"
STEWARD = "le-hoang-minh"


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One seeded hub for the module."""
    with running_hub(tmp_path_factory.mktemp("web")) as base:
        yield base


@pytest.fixture(scope="module")
def chromium() -> str:
    """Debian's Chromium; a missing browser fails the run, never skips it (make test installs
    it)."""
    assert CHROMIUM.exists(), "install Debian's chromium (make test does it)"
    return str(CHROMIUM)


@pytest.fixture(scope="module")
async def browser(chromium: str) -> AsyncIterator[Browser]:
    """One browser for the module."""
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        yield launched
        await launched.close()


async def sign_in(browser: Browser, hub: str, who: str, next_path: str) -> Page:
    """A new browser context signed in as a demo citizen through the provider's page."""
    context = await browser.new_context(base_url=hub, viewport={"width": 1100, "height": 900})
    page = await context.new_page()
    await page.goto(f"/auth/login?next={next_path}")
    await page.click(f"button[value={who}]")
    await page.wait_for_url(re.compile(re.escape(hub + next_path) + r"(\?.*)?$"))
    return page


async def check(page: Page, name: str) -> None:
    """No serious or critical axe violation; save the screenshot."""
    result = await Axe().run(page)
    serious = [
        (v["id"], v["description"])
        for v in result.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], serious
    await page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


async def test_a_citizen_sees_their_data_who_read_it_and_manages_consents_and_reports(
    browser: Browser, hub: str
) -> None:
    # Given the demo citizen signed in with e-identity
    page = await sign_in(browser, hub, CITIZEN, "/")
    # Then my data shows the values with their source systems
    assert "Nguyễn Văn An" in await page.content()
    assert await page.get_by_role("cell", name="health_insurance").count() >= 1
    await check(page, "portal-my-data")
    # When they open who read their data, then the land office's read is there, with its case
    await page.goto("/reads")
    assert "HS-2026-000123" in await page.content()
    await check(page, "portal-who-read")
    csv = await page.request.get(f"{hub}/reads.csv")
    assert csv.ok and "HS-2026-000123" in await csv.text()
    # When they grant a consent and revoke it
    await page.goto("/consents")
    await page.check("input[value='person.identity:read']")
    await page.click("text=Đồng ý >> nth=-1")
    await page.wait_for_url(re.compile(r"/consents\?done=granted"))
    assert "Đang hiệu lực" in await page.content()
    await check(page, "portal-consents")
    await page.click("form[action$='/revoke'] button")
    await page.wait_for_url(re.compile(r"/consents\?done=revoked"))
    assert "Đã rút lại" in await page.content()
    # When they report an error in their phone number
    await page.goto("/report?attribute=phone")
    await page.fill("#comment", "Số điện thoại đúng là 0912345678")
    await page.click("button[type=submit] >> text=Gửi")
    await page.wait_for_url(re.compile(r"/report\?done=sent"))
    assert "Đang chờ xử lý" in await page.content()
    await check(page, "portal-report")
    # And the language switch shows the page in English
    await page.click("text=English")
    assert "Report an error" in await page.content()
    # And the download holds the values with provenance
    data = await (await page.request.get(f"{hub}/my-data.json")).json()
    assert {v["system"] for v in data["person"]["values"]} >= {"health_insurance"}


async def test_the_steward_resolves_a_match_task_and_a_correction_request(
    browser: Browser, hub: str
) -> None:
    # Given a citizen's correction request and the demo steward signed in
    citizen = await sign_in(browser, hub, CITIZEN, "/report")
    await citizen.fill("#comment", "Ngày sinh sai")
    await citizen.select_option("#attribute", "address_street")
    await citizen.click("button[type=submit] >> text=Gửi")
    page = await sign_in(browser, hub, STEWARD, "/console/tasks")
    # Then the queue shows two records side by side with levels and weights
    assert await page.locator(".side").count() == 2
    await check(page, "console-match-review")
    first_task = await page.locator("form.decide").get_attribute("action")
    # When the steward types a reason and presses L, the next task loads without a reload
    await page.fill("#reason", "same person, same birth date")
    await page.locator("h1").click()
    await page.keyboard.press("l")
    await page.locator("#task.swapped").wait_for()
    assert await page.locator("#task .problem").count() == 0, await page.locator(
        "#task"
    ).inner_text()
    assert await page.locator("form.decide").get_attribute("action") != first_task
    # And the correction request opens beside the golden record, and is resolved
    await page.goto("/console/corrections")
    await check(page, "console-corrections")
    await page.click('.cards a:has-text("Địa chỉ")')
    await check(page, "console-correction")
    await page.fill("#c-value", "12 phố Hàng Bạc, Hoàn Kiếm")
    await page.fill("#c-reason", "checked with the citizen")
    await page.click("button[value=resolve]")
    await page.wait_for_url(re.compile(r"/console/corrections$"))
    # Then the citizen sees the answer
    await citizen.goto("/report")
    assert "checked with the citizen" in await citizen.content()
    # And the golden record, quality and audit pages pass axe
    await page.goto("/console/audit?citizen_id=001085012345")
    assert "HS-2026-000123" in await page.content()
    await check(page, "console-audit")
    await page.goto("/console/quality")
    assert await page.locator("svg.chart rect").count() == 30
    await check(page, "console-quality")
    await page.goto("/console/corrections/1")
    await page.click("a[href^='/console/records/'] >> nth=-1")
    await check(page, "console-golden-record")
