"""What a keyboard user meets, as an accessibility audit (WCAG 2.2 AA) walked it in chromium: the
tab order of a projector's shut sidebar, focus kept out from under the header, every focused
control outlined, toolbars seen when focused, control edges of 3:1, and a title for each tab."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import open_page
from tests.browser.test_in_browser import _hex
from tests.test_charts import contrast

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FOCUSED = """() => {
    const e = document.activeElement;
    const r = e.getBoundingClientRect();
    const label = e.closest('label');
    const style = getComputedStyle(label && e.type === 'checkbox' ? label : e);
    let opacity = 1;
    for (let t = e; t; t = t.parentElement) opacity *= parseFloat(getComputedStyle(t).opacity);
    return {name: e.getAttribute('aria-label') || e.innerText.trim().slice(0, 60),
            testid: e.getAttribute('data-testid'), tag: e.tagName, type: e.type || null,
            inside: r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight,
            outline: style.outlineStyle, colour: style.outlineColor, opacity};
}"""


def _on_white(css: str) -> str:
    """A computed colour as drawn on white: 'rgba(11, 12, 12, 0.2)' is #cecece, not #0b0c0c."""
    red, green, blue, *alpha = (float(v) for v in re.findall(r"[\d.]+", css))
    a = alpha[0] if alpha else 1.0
    return "#" + "".join(f"{round(c * a + 255 * (1 - a)):02x}" for c in (red, green, blue))


def _tab(page, times: int, key: str = "Tab") -> list[dict]:  # noqa: ANN001 - a Playwright page
    stops = []
    for _ in range(times):
        page.keyboard.press(key)
        stops.append(page.evaluate(FOCUSED))
    return stops


def test_a_shut_sidebar_takes_no_tab_stops(browser, server):
    """On a projector (1024 px) the sidebar starts shut; its links and boxes were still tab stops,
    sixteen of them drawn off-screen before "Expand sidebar". The first stops are now the skip
    link, "Expand sidebar" and the page, and every stop is on the screen."""
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    try:
        open_page(page, server + "/")
        page.wait_for_selector(
            'section[data-testid="stSidebar"][data-collapsed="true"]', state="attached"
        )
        stops = _tab(page, 3)
        assert [s["testid"] for s in stops[:2]] == ["stSkipToContent", "stExpandSidebarButton"]
        assert all(s["inside"] for s in _tab(page, 12)), "a tab stop off the screen"
    finally:
        context.close()


def test_every_control_reached_by_keyboard_is_outlined_and_seen(server, page):
    """Streamlit's focus ring is 2.4:1 against the page and a tick box shows focus only as a faint
    fill; a chart's toolbar took focus while transparent. Walking Explore's filters and the
    Overview's charts by Tab, every focused button, link, box and summary has a solid outline of
    3:1 or more against white, and nothing focused is transparent."""
    seen = set()
    for address in ("/explore", "/"):
        open_page(page, server + address)
        page.locator('[data-testid="stSkipToContent"]').focus()
        for stop in _tab(page, 70):
            kind = stop["type"] if stop["tag"] == "INPUT" else stop["tag"]
            if kind not in ("A", "BUTTON", "SUMMARY", "checkbox"):
                continue  # text and select boxes draw their own dark border when focused
            if stop["testid"] == "stSidebarNavLink":
                continue  # the page links' own test (test_in_browser) holds them
            seen.add(kind)
            assert stop["opacity"] == 1, stop
            assert stop["outline"] == "solid", stop
            assert contrast(_hex(stop["colour"]), "#ffffff") >= 3, stop
    assert seen == {"A", "BUTTON", "SUMMARY", "checkbox"}  # each kind was met


UNDER_HEADER = """e => {
    // any of the focused control's centre and corners drawn under the page's header
    const r = e.getBoundingClientRect();
    if (!r.width || !r.height) return false;
    const points = [[r.left + r.width / 2, r.top + r.height / 2], [r.left + 2, r.top + 2],
                    [r.right - 2, r.bottom - 2], [r.left + 2, r.bottom - 2]];
    return points.some(([x, y]) => {
        const hit = document.elementFromPoint(x, Math.max(0, y));
        return !!hit && !!hit.closest('[data-testid=stHeader]');
    });
}"""


@pytest.mark.parametrize("address", ["/", "/satisfaction", "/parent-view"])
def test_tabbing_backwards_never_hides_the_focused_control_under_the_header(server, page, address):
    """Shift+Tab scrolled each control to the top edge, under Streamlit's 60 px header: the
    download buttons, the Snapshot box, expander headings. Walking back up from the page's end,
    no focused control in the page is drawn under the header, even in part."""
    open_page(page, server + address)
    page.locator('[data-testid="stSkipToContent"]').focus()
    hidden = []
    for _ in range(45):
        page.keyboard.press("Shift+Tab")
        page.wait_for_timeout(150)  # the page scrolls the control into view
        focused = page.locator(":focus")
        if focused.count() and focused.evaluate("e => !!e.closest('[data-testid=stMain]')"):
            if focused.evaluate(UNDER_HEADER):
                hidden.append(page.evaluate(FOCUSED)["name"])
    assert hidden == []


def test_empty_boxes_and_switches_have_edges_of_three_to_one(server, page):
    """An empty text box, a tick box and a switch that is off were drawn at 1.6:1 on white."""
    open_page(page, server + "/explore")
    edge = page.get_by_role("textbox", name="Name contains", exact=True).evaluate(
        "e => getComputedStyle(e.parentElement).borderTopColor"
    )
    assert contrast(_on_white(edge), "#ffffff") >= 3
    track = (
        page.locator("label")
        .filter(has=page.locator('input[role="switch"]:not(:checked)'))
        .first.locator(":scope > span + div")
        .evaluate("e => getComputedStyle(e).backgroundColor")
    )
    assert contrast(_on_white(track), "#ffffff") >= 3


def test_each_page_and_profile_has_its_own_tab_title(server, page):
    """Every tab read "Partnership Lens", so tabs opened from profile links could not be told
    apart and a screen reader heard nothing when the page changed."""
    open_page(page, server + "/parent-view")
    assert page.title() == "Parent View \u2013 Leeds \u2013 Partnership Lens"
    open_page(page, server + "/school?urn=900001")
    name, _, rest = page.title().partition(" \u2013 ")
    assert rest == "School profile \u2013 Partnership Lens"
    assert page.get_by_role("heading", name=name, exact=True).count() == 1  # the school's name
