"""The recorded GOV.UK pages in tests/fixtures/fetch/ have the shape GOV.UK publishes, by field.

The rules are transcribed from GOV.UK's own schemas and from the Whitehall code that fills them;
each says where it comes from. The Content API serves a page as the content store holds it, which
the "frontend" schema describes:

- PA_SDS: alphagov/publishing-api, content_schemas/dist/formats/statistical_data_set/frontend/
  schema.json (commit bfbca298e492656231e76a9ef8c7b12feb6d8d94); its source is
  content_schemas/formats/statistical_data_set.jsonnet
- PA_PUB: alphagov/publishing-api, content_schemas/dist/formats/publication/frontend/schema.json
  (commit ab056267d4efd08351076b9952e114d060a3e7d2); its source is
  content_schemas/formats/publication.jsonnet
- PA_ASSETS: alphagov/publishing-api, content_schemas/formats/shared/definitions/asset_links.jsonnet
  (file_attachment_asset, publication_attachment_asset)
- WH_ATTACHMENT: alphagov/whitehall, app/models/attachment.rb (Attachment#publishing_api_details)
- WH_FILE: alphagov/whitehall, app/models/file_attachment.rb
- WH_SDS: alphagov/whitehall, app/models/statistical_data_set.rb and
  app/presenters/publishing_api/statistical_data_set_presenter.rb
"""

from __future__ import annotations

import copy
import json
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft4Validator, FormatChecker

FIXTURES = Path(__file__).parent / "fixtures" / "fetch"
PAGES = sorted(p.name for p in FIXTURES.glob("*.json"))

# --- definitions shared by both frontend schemas (PA_SDS and PA_PUB, "definitions") --------------

STRING, BOOLEAN, INTEGER = {"type": "string"}, {"type": "boolean"}, {"type": "integer"}
DATE_TIME = {"type": "string", "format": "date-time"}
URI = {"type": "string", "format": "uri"}


def _or_null(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


# "guid": the pattern as declared
GUID = {
    "type": "string",
    "pattern": "^[a-f0-9]{8}-[a-f0-9]{4}-[1-5][a-f0-9]{3}-[89ab][a-f0-9]{3}-[a-f0-9]{12}$",
}
# "absolute_path": "A path only. Query string and/or fragment are not allowed."
ABSOLUTE_PATH = {
    "type": "string",
    "pattern": "^/(([a-zA-Z0-9._~!$&'()*+,;=:@-]|%[0-9a-fA-F]{2})+"
    "(/([a-zA-Z0-9._~!$&'()*+,;=:@-]|%[0-9a-fA-F]{2})*)*)?$",
}
# "locale": the enum as declared
LOCALE = {
    "type": "string",
    "enum": (
        "ar az be bg bn cs cy da de dr el en es es-419 et fa fi fr gd gu he hi hr hu hy id is it "
        "ja ka kk ko lt lv ms mt ne nl no pa pa-pk pl ps pt ro ru si sk sl so sq sr sv sw ta th "
        "tk tr uk ur uz vi yi zh zh-hk zh-tw"
    ).split(),
}
# "publishing_app_name" and "rendering_app": the enums as declared
PUBLISHING_APP = {
    "type": "string",
    "enum": (
        "account-api calculators calendars collections-publisher contacts content-publisher "
        "content-tagger email-alert-frontend external-link-tracker feedback frontend "
        "government-frontend hmrc-manuals-api info-frontend licencefinder local-links-manager "
        "manuals-publisher maslow performanceplatform-big-screen-view publisher rummager "
        "search-admin search-api service-manual-publisher share-sale-publisher "
        "short-url-manager smartanswers special-route-publisher specialist-publisher static "
        "tariff travel-advice-publisher whitehall"
    ).split(),
}
RENDERING_APP = {
    "type": "string",
    "enum": (
        "account-api calculators calendars collections content-store email-alert-frontend "
        "email-campaign-frontend feedback finder-frontend frontend government-frontend "
        "info-frontend licencefinder performanceplatform-big-screen-view rummager search-api "
        "smartanswers spotlight static tariff whitehall-admin whitehall-frontend"
    ).split(),
}
# "frontend_links_with_base_path": items need base_path, content_id, locale, title; others allowed
FRONTEND_LINKS = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["base_path", "content_id", "locale", "title"],
        "additionalProperties": True,
        "properties": {
            "analytics_identifier": _or_null(STRING),
            "api_path": ABSOLUTE_PATH,
            "api_url": URI,
            "base_path": ABSOLUTE_PATH,
            "content_id": GUID,
            "document_type": STRING,
            "locale": LOCALE,
            "schema_name": STRING,
            "title": STRING,
            "web_url": URI,
        },
    },
}
CHANGE_HISTORY = {  # "change_history"
    "type": "array",
    "items": {
        "type": "object",
        "required": ["public_timestamp", "note"],
        "additionalProperties": False,
        "properties": {"note": STRING, "public_timestamp": DATE_TIME},
    },
}
GOVERNMENT = {  # "government" (deprecated, still sent)
    "type": "object",
    "required": ["title", "slug", "current"],
    "additionalProperties": False,
    "properties": {"current": BOOLEAN, "slug": STRING, "title": STRING},
}
TAGS = {  # "tags"
    "type": "object",
    "additionalProperties": False,
    "properties": {
        name: {"type": "array", "items": STRING}
        for name in ("additional_topics", "browse_pages", "policies", "primary_topic", "topics")
    },
}
# "publication_attachment_asset" (PA_ASSETS, and as expanded in PA_SDS / PA_PUB): one of a file,
# an html or an external attachment, each closed; file_size and number_of_pages are integers
_REFERENCES = {  # PublicationAttachmentAssetProperties
    "command_paper_number": STRING,
    "hoc_paper_number": STRING,
    "isbn": STRING,
    "parliamentary_session": STRING,
    "unique_reference": STRING,
    "unnumbered_command_paper": BOOLEAN,
    "unnumbered_hoc_paper": BOOLEAN,
}
_COMMON = {"id": STRING, "locale": LOCALE, "title": STRING, "url": URI}
ATTACHMENT = {
    "oneOf": [
        {
            "type": "object",
            "required": ["attachment_type", "content_type", "id", "url"],
            "additionalProperties": False,
            "properties": {
                **_COMMON,
                **_REFERENCES,
                "attachment_type": {"type": "string", "enum": ["file"]},
                "accessible": BOOLEAN,
                "alternative_format_contact_email": STRING,
                "attachment_data_id": STRING,  # in asset_links.jsonnet, not yet in the dist files
                "content_type": STRING,
                "file_size": INTEGER,
                "filename": STRING,
                "number_of_pages": INTEGER,
                "preview_url": URI,
            },
        },
        {
            "type": "object",
            "required": ["attachment_type", "id", "url"],
            "additionalProperties": False,
            "properties": {
                **_COMMON,
                **_REFERENCES,
                "attachment_type": {"type": "string", "enum": ["html"]},
            },
        },
        {
            "type": "object",
            "required": ["attachment_type", "id", "url"],
            "additionalProperties": False,
            "properties": {
                **_COMMON,
                **_REFERENCES,
                "attachment_type": {"type": "string", "enum": ["external"]},
            },
        },
    ]
}
# the link types each schema's "links" allows (closed: additionalProperties false)
_BASE_LINKS = (
    "available_translations child_taxons children document_collections finder government "
    "lead_organisations level_one_taxons mainstream_browse_pages meets_user_needs ministers "
    "ordered_related_items ordered_related_items_overrides organisations "
    "original_primary_publishing_organisation parent part_of_step_navs policies policy_areas "
    "primary_publishing_organisation related_to_step_navs role_appointments "
    "secondary_to_step_navs suggested_ordered_related_items taxons topic_taxonomy_taxons topics"
).split()
_PUBLICATION_LINKS = (
    _BASE_LINKS
    + (
        "people related_policies related_statistical_data_sets roles topical_events world_locations"
    ).split()
)


def _frontend(schema_name: str, document_types: list[str], details: dict, links: list[str]):
    """The top level both frontend schemas declare: required fields, closed, and their types."""
    return {
        "type": "object",
        "required": [
            "base_path",
            "content_id",
            "description",
            "details",
            "document_type",
            "links",
            "locale",
            "public_updated_at",
            "schema_name",
            "title",
            "updated_at",
        ],
        "additionalProperties": False,
        "properties": {
            "analytics_identifier": _or_null(STRING),
            "base_path": ABSOLUTE_PATH,
            "content_id": GUID,
            "description": _or_null(STRING),
            "details": details,
            "document_type": {"type": "string", "enum": document_types},
            "first_published_at": _or_null(DATE_TIME),
            "links": {
                "type": "object",
                "additionalProperties": False,
                "properties": {name: FRONTEND_LINKS for name in links},
            },
            "locale": LOCALE,
            "need_ids": {"type": "array", "items": STRING},
            "phase": {"type": "string", "enum": ["alpha", "beta", "live"]},
            "public_updated_at": _or_null(DATE_TIME),
            "publishing_app": PUBLISHING_APP,
            "publishing_request_id": _or_null(STRING),
            "publishing_scheduled_at": _or_null(DATE_TIME),
            "rendering_app": RENDERING_APP,
            "scheduled_publishing_delay_seconds": _or_null(INTEGER),
            "schema_name": {"type": "string", "enum": [schema_name]},
            "title": STRING,
            "updated_at": DATE_TIME,
            "withdrawn_notice": {
                "type": "object",
                "additionalProperties": False,
                "properties": {"explanation": STRING, "withdrawn_at": {"format": "date-time"}},
            },
        },
    }


_DETAILS_COMMON = {
    "attachments": {"type": "array", "items": ATTACHMENT},
    "body": STRING,  # "The main content provided as HTML rendered from govspeak"
    "change_history": CHANGE_HISTORY,
    "emphasised_organisations": {"type": "array", "items": GUID},
    "first_public_at": DATE_TIME,
    "government": GOVERNMENT,
    "political": BOOLEAN,
    "tags": TAGS,
}
SCHEMAS = {
    # PA_SDS "details": required body and political; closed; no "documents"
    "statistical_data_set": _frontend(
        "statistical_data_set",
        ["statistical_data_set"],
        {
            "type": "object",
            "required": ["body", "political"],
            "additionalProperties": False,
            "properties": _DETAILS_COMMON,
        },
        _BASE_LINKS,
    ),
    # PA_PUB "details": required body, documents ("attachments_with_thumbnails": HTML strings)
    # and political; closed
    "publication": _frontend(
        "publication",
        (
            "guidance form foi_release promotional notice correspondence research "
            "official_statistics transparency standard statutory_guidance independent_report "
            "national_statistics corporate_report policy_paper decision map regulation "
            "international_treaty impact_assessment imported"
        ).split(),
        {
            "type": "object",
            "required": ["body", "documents", "political"],
            "additionalProperties": False,
            "properties": {
                **_DETAILS_COMMON,
                "documents": {"type": "array", "items": STRING},
                "featured_attachments": {"type": "array", "items": STRING, "uniqueItems": True},
                "brexit_no_deal_notice": {"type": "array"},
                "national_applicability": {"type": "object"},
            },
        },
        _PUBLICATION_LINKS,
    ),
}

FORMATS = FormatChecker(formats=())


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value: object) -> bool:
    return not isinstance(value, str) or datetime.fromisoformat(value).tzinfo is not None


@FORMATS.checks("uri")
def _uri(value: object) -> bool:
    parts = urlsplit(value) if isinstance(value, str) else None
    return parts is None or bool(parts.scheme and parts.netloc)


def problems(page: dict) -> list[str]:
    """Every way the page breaks its schema, as 'path: message'."""
    schema = SCHEMAS.get(page.get("schema_name"))
    if schema is None:
        return [f"schema_name: {page.get('schema_name')!r} is not one transcribed here"]
    validator = Draft4Validator(schema, format_checker=FORMATS)
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(page)'}: {error.message}"
        for error in validator.iter_errors(page)
    ]


def load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


@pytest.mark.parametrize("name", PAGES)
def test_each_recorded_page_follows_its_publishing_schema(name):
    assert problems(load(name)) == []


def test_every_page_type_the_fetch_reads_has_a_recorded_page():
    kinds = {load(name)["schema_name"] for name in PAGES}
    assert kinds == {"statistical_data_set", "publication"}
    with_body_links_only = [
        name
        for name in PAGES
        if "attachments" not in load(name)["details"] and "documents" not in load(name)["details"]
    ]
    assert with_body_links_only == ["parent_view_body.json"]


@pytest.mark.parametrize("name", [n for n in PAGES if load(n)["schema_name"] != "publication"])
def test_whitehall_sends_the_attachment_fields_it_sends(name):
    """WH_ATTACHMENT: every attachment has attachment_type, id (a string), title and url, and,
    as a statistical data set allows attachment references (WH_SDS), the two reference booleans,
    which `compact` keeps (false is not nil); WH_FILE: a file adds accessible, content_type,
    file_size, filename and number_of_pages, and preview_url only for a CSV."""
    for item in load(name)["details"].get("attachments", []):
        assert {"attachment_type", "id", "title", "url"} <= set(item)
        assert item["unnumbered_command_paper"] is False and item["unnumbered_hoc_paper"] is False
        if item["attachment_type"] == "file":
            assert {"accessible", "content_type", "file_size", "filename"} <= set(item)
            assert ("preview_url" in item) == item["filename"].lower().endswith(".csv")


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda p: p["details"].update(documents=["<section></section>"]), "'documents' was"),
        (lambda p: p["details"]["attachments"][0].update(file_size="5086"), "is not valid under"),
        (lambda p: p["details"]["attachments"][-1].update(accessible=True), "is not valid under"),
        (lambda p: p["details"]["attachments"][0].pop("attachment_type"), "is not valid under"),
        (lambda p: p["details"].pop("political"), "'political' is a required property"),
        (lambda p: p.update(updated_at="13 March 2026"), "is not a 'date-time'"),
        (lambda p: p.update(content_id="not-a-guid"), "does not match"),
    ],
    ids=[
        "documents on a data set",
        "file size as text",
        "accessible on an html attachment",
        "no attachment type",
        "no political",
        "a date in words",
        "a content id that is not a guid",
    ],
)
def test_the_check_catches_a_page_that_breaks_its_schema(change, said):
    page = copy.deepcopy(load("monthly_mi.json"))
    assert page["details"]["attachments"][-1]["attachment_type"] == "html"
    change(page)
    found = problems(page)
    assert any(said in problem for problem in found), found
