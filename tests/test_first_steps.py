"""The "Har något hänt?" box: the urgent call and its number first, each situation opening on tap."""

from __future__ import annotations

import re

import pytest

from macros.law_views import first_steps, urgent_contact
from macros.loader import load_handbook
from tests.browser_helpers import PHONE
from tests.build_helpers import ROOT
from tests.test_browser import base_url, browser  # noqa: F401  (module-scoped fixtures)

# Contact details are left out of the search index (the same on most pages): views.contact_routes
IT_SUPPORT = ('<span data-pagefind-ignore>telefon <a href="tel:080000000">08-000 00 00</a>, ärende i stadens '
              "självservice på intranätet (dygnet runt)</span>")


def test_the_urgent_call_comes_first_and_its_number_only_once(handbook):
    html = first_steps(handbook, "index.md")
    assert urgent_contact(handbook) == "it-support"
    assert re.search(r'<p class="admonition-title">Har något hänt\? Gör så här först</p>'
                     r'<p class="lis-akut"><strong>Ring IT-support direkt:</strong> (.*?)\.</p>', html).group(1) == (
        IT_SUPPORT)
    assert html.count("08-000 00 00") == 1  # not again in the situation, nor in the out-of-hours chain
    assert re.findall(r"<details><summary>(.*?)</summary>", html) == [
        "Du har klickat på en länk i ett misstänkt mejl (phishing)", "I alla fall",
        "Kvällar, nätter och helger (fristerna löper även då)"]
    assert "<li><strong>IT-support</strong>: Spärrar konton dygnet runt. Kontakt: som ovan.</li>" in html
    assert "<details open" not in html  # every situation starts closed: the box stays short


@pytest.mark.browser
def test_on_a_phone_the_incident_action_and_the_number_are_on_the_first_screen(base_url, browser):  # noqa: F811
    hb = load_handbook(ROOT / "data")
    role = hb.role(urgent_contact(hb) or "")
    assert role.phone
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(base_url, wait_until="load")
    urgent = page.locator(".lis-forsta-stegen .lis-akut")
    box = urgent.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
    assert role.phone in urgent.inner_text() and f"Ring {role.name} direkt" in urgent.inner_text()
    assert page.locator(".lis-forsta-stegen").inner_text().count(role.phone) == 1
    heading = page.locator("h1").bounding_box()
    assert heading is not None and heading["y"] < 1.1 * PHONE["height"]  # was 2.3 screens down
    first = page.locator(".lis-forsta-stegen details").first
    steps = first.locator("ol")
    assert not steps.is_visible()
    first.locator("summary").click()  # a tap opens the situation
    assert steps.is_visible()
    context.close()
