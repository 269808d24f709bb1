"""Every setting is documented in the README and can be set from the environment."""

from __future__ import annotations

from schemas.settings import Settings
from tests.conftest import ROOT


def test_readme_documents_every_setting():
    readme = (ROOT / "README.md").read_text()
    missing = [name for name in Settings.model_fields if f"LENS_{name.upper()}" not in readme]
    assert not missing, f"README does not document: {missing}"


def test_environment_overrides_defaults(monkeypatch):
    monkeypatch.setenv("LENS_MAX_REJECT_SHARE", "0.25")
    assert Settings.from_env().max_reject_share == 0.25
    assert Settings.from_env(max_reject_share=0.1).max_reject_share == 0.1
