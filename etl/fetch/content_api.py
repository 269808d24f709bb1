"""A GOV.UK page's attachments, read from the Content API (`/api/content/<path>`).

File attachments are listed in `details.attachments` (title, url, content_type, filename,
file_size). Some pages only carry them rendered as HTML: a `publication` page's `details.documents`
(a list of attachment components; a `statistical_data_set` has no such field), or links inside
`details.body` of either. Those are read too, so a page published either way is understood. A
body link whose text says only "Download CSV 1.74KB" is titled by the heading and the words
before it in its paragraph, else by its file name.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

import requests

from etl.fetch.errors import FetchError
from etl.fetch.http import get
from etl.fetch.titles import names_the_file

DATA_SUFFIXES = (".csv", ".ods", ".xlsx")
CONTENT_TYPES = {
    ".csv": "text/csv",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Attachment:
    title: str
    url: str
    content_type: str | None
    filename: str
    file_size: int | None = None
    found_in: str = "details.attachments"
    link_text: str | None = None  # a link in page text: its own words, when the title is not them

    @property
    def suffix(self) -> str:
        """The data format, from the file name, else the URL, else the content type."""
        for name in (self.filename, url_filename(self.url)):
            suffix = PurePosixPath(name.lower()).suffix
            if suffix in DATA_SUFFIXES:
                return suffix
        by_type = {v: k for k, v in CONTENT_TYPES.items()}
        return by_type.get((self.content_type or "").split(";")[0].strip().lower(), "")


def url_filename(url: str) -> str:
    return unquote(PurePosixPath(urlsplit(url).path).name)


def page_urls(api_base: str, path: str) -> tuple[str, str]:
    """(the page people read, its Content API address)."""
    path = "/" + path.strip("/")
    site = api_base.removesuffix("/api/content")
    return site + path, api_base + path


def read_page(session: requests.Session, source: str, api_url: str, timeout: float) -> dict:
    """The page's JSON; a FetchError naming the API address when it cannot be had."""
    response = get(session, source, api_url, timeout=timeout)
    with response:
        if response.status_code == 404:
            raise FetchError(source, api_url, "page not found (HTTP 404)", "not_found")
        if response.status_code >= 400:
            raise FetchError(source, api_url, f"HTTP {response.status_code} {response.reason}")
        try:
            page = response.json()
        except ValueError:
            kind = response.headers.get("Content-Type", "no content type")
            raise FetchError(
                source, api_url, f"the Content API answered with {kind}, not JSON", "refused"
            ) from None
    if not isinstance(page, dict) or not isinstance(page.get("details"), dict):
        raise FetchError(source, api_url, "the answer has no 'details': not a content item")
    return page


def attachments_of(page: dict, page_url: str) -> list[Attachment]:
    """Every data-file attachment the page lists, structured ones first, each URL once."""
    details = page["details"]
    found: list[Attachment] = []
    for item in details.get("attachments") or []:
        if not isinstance(item, dict) or item.get("attachment_type", "file") != "file":
            continue
        if not item.get("url"):
            continue
        url = urljoin(page_url, item["url"])
        size = item.get("file_size")
        found.append(
            Attachment(
                title=str(item.get("title") or ""),
                url=url,
                content_type=item.get("content_type"),
                filename=str(item.get("filename") or url_filename(url)),
                file_size=size if isinstance(size, int) else None,
            )
        )
    documents = details.get("documents") or []
    html_parts = [("details.documents", d) for d in documents if isinstance(d, str)]
    if isinstance(details.get("body"), str):
        html_parts.append(("details.body", details["body"]))
    for where, html in html_parts:
        for link in _links(html):
            url = urljoin(page_url, link.href)
            name = url_filename(url)
            suffix = PurePosixPath(name.lower()).suffix
            if suffix not in DATA_SUFFIXES:
                continue
            if names_the_file(link.text):
                title, said = link.text, None
            else:
                title = link.context or PurePosixPath(name).stem.replace("_", " ")
                said = link.text
            found.append(Attachment(title, url, CONTENT_TYPES[suffix], name, None, where, said))
    unique: dict[str, Attachment] = {}
    for attachment in found:
        unique.setdefault(attachment.url, attachment)
    return list(unique.values())


@dataclass(frozen=True)
class _Link:
    href: str
    text: str
    context: str  # the latest heading and the words before the link in its paragraph


def _links(html: str) -> list[_Link]:
    parser = _LinkParser()
    parser.feed(html)
    parser.close()
    return [link for link in parser.links if link.text]


def _said(parts: list[str]) -> str:
    return " ".join("".join(parts).split())


class _LinkParser(HTMLParser):
    """Every <a> with its text and context; thumbnail links have no text and are dropped later."""

    HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
    BLOCKS = frozenset({"p", "li", "td", "th", "dt", "dd", "div", "section", "tr", "caption"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[_Link] = []
        self._href: str | None = None
        self._text: list[str] = []
        self._heading: list[str] | None = None  # being read
        self._last_heading = ""
        self._block: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HEADINGS:
            self._heading = []
        elif tag in self.BLOCKS:
            self._block = []
        if tag == "a":
            self._href = dict(attrs).get("href")
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)
        if self._href is not None:
            self._text.append(data)
        else:
            self._block.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HEADINGS and self._heading is not None:
            self._last_heading = _said(self._heading)
            self._heading, self._block = None, []
        if tag == "a" and self._href:
            before = _said(self._block).rstrip(":-\u2013\u2014 ")
            context = " ".join(part for part in (self._last_heading, before) if part)
            self.links.append(_Link(self._href, _said(self._text), context))
        if tag == "a":
            self._href = None
