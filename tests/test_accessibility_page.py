"""The accessibility statement page: every known problem with its criteria and a way round it,
the deployment's own contact as a link (or a plain warning that none has been given), and the
enforcement procedure, as the regulations ask (regulation 8(4) of the 2018 regulations as
amended: the inaccessible parts and why, alternatives, a contact, the enforcement procedure)."""

from __future__ import annotations

import pytest

from lens.sections import accessibility
from tests.conftest import start


def _statement(monkeypatch, **settings):  # noqa: ANN001, ANN202 - an AppTest
    from lens.data import queries

    changed = queries.SETTINGS.model_copy(update=settings)
    monkeypatch.setattr(accessibility, "SETTINGS", changed)
    at = start()
    at.switch_page("pages/accessibility.py").run()
    assert not at.exception
    return at


def _text(at) -> str:  # noqa: ANN001
    return "\n".join(e.value for e in (*at.markdown, *at.warning, *at.header, *at.subheader))


def test_every_known_problem_is_listed_with_its_criteria_and_a_way_round(app_env, monkeypatch):
    at = _statement(monkeypatch)
    assert at.title[0].value == "Accessibility statement"
    text = _text(at)
    for problem in accessibility.KNOWN_PROBLEMS:
        assert problem.what in text and problem.criteria in text and problem.instead in text
    assert "partially compliant" in text and "2.2 AA" in text
    assert f"({accessibility.EASS})" in text  # the enforcement procedure's link
    assert "Equality and Human Rights Commission" in text


def test_without_a_contact_the_page_says_none_has_been_given(app_env, monkeypatch):
    at = _statement(monkeypatch, accessibility_contact=None, organisation=None)
    assert any("No contact has been given" in w.value for w in at.warning)
    assert "run by" not in _text(at)


def test_the_deployments_contact_and_name_are_shown(app_env, monkeypatch):
    at = _statement(
        monkeypatch,
        accessibility_contact="mailto:access@example.gov.uk",
        organisation="Leeds City Council",
    )
    text = _text(at)
    assert "[contact Leeds City Council](mailto:access@example.gov.uk)" in text
    assert "run by Leeds City Council" in text
    assert not any("No contact" in w.value for w in at.warning)


@pytest.mark.parametrize("value", ["javascript:alert(1)", "http://example.gov.uk", "a@b.uk"])
def test_a_contact_that_is_not_a_safe_link_is_refused(value):
    from pydantic import ValidationError

    from schemas.settings import Settings

    with pytest.raises(ValidationError, match="https:// address"):
        Settings.from_env(accessibility_contact=value)
