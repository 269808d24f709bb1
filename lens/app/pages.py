"""The one list of the dashboard's pages: the router (dashboard.py) builds its menu from it, and
every test that visits each page (AppTest, security, browser), the benchmarks and the render
comparison read it, so a new page is one entry here plus its page file and its sections
(tests/test_pages_registry.py checks the three agree). Plain data: no Streamlit here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    """One page: its file, its place in the menu and its address."""

    file: str  # pages/<name>.py, which only composes its sections
    title: str  # in the menu
    icon: str
    url_path: str  # its address after the host ("" for the default page)
    heading: str  # how its own title starts (st.title in the page file)
    sections: tuple[str, ...]  # its modules in lens/sections/
    sample_query: str = ""  # an address's query that shows the page whole (a school's profile)

    @property
    def is_default(self) -> bool:
        return self.url_path == ""

    @property
    def address(self) -> str:
        """The page's path and sample query, as a link opens it: '/school?urn=900001'."""
        return "/" + self.url_path + (f"?{self.sample_query}" if self.sample_query else "")


PAGES = (
    Page(
        "pages/home.py",
        "Overview",
        ":material/dashboard:",
        "",
        "Partnership Lens",
        ("home",),
    ),
    Page(
        "pages/satisfaction.py",
        "Satisfaction vs effectiveness",
        ":material/compare_arrows:",
        "satisfaction",
        "Satisfaction versus effectiveness",
        ("satisfaction", "satisfaction_method"),
    ),
    Page(
        "pages/parent_view.py",
        "Parent View",
        ":material/forum:",
        "parent-view",
        "Parent View",
        ("parent_view",),
    ),
    Page(
        "pages/engagement.py",
        "Engagement with parents",
        ":material/family_restroom:",
        "engagement",
        "Engagement with parents",
        ("engagement",),
    ),
    Page(
        "pages/school.py",
        "School profile",
        ":material/school:",
        "school",
        "School profile",
        ("school",),
        sample_query="urn=900001",  # the small and the national demo's first school
    ),
    Page(
        "pages/explore.py",
        "Explore and export",
        ":material/table_view:",
        "explore",
        "Explore and export",
        ("explore",),
    ),
    Page(
        "pages/data_quality.py",
        "Data loaded and rejects",
        ":material/fact_check:",
        "data",
        "Data loaded and rejects",
        ("data_quality",),
    ),
    Page(
        "pages/accessibility.py",
        "Accessibility statement",
        ":material/accessibility_new:",
        "accessibility",
        "Accessibility statement",
        ("accessibility",),
    ),
)
PAGE_FILES = tuple(page.file for page in PAGES)


def page_for(file: str) -> Page:
    """The registry's entry for a page file ('pages/satisfaction.py')."""
    return next(page for page in PAGES if page.file == file)
