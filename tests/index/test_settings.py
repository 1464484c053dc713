"""Settings: precedence, types, and the README documenting every one of them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.settings import SETTINGS, Settings

README = Path(__file__).parents[2] / "README.md"


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = README.read_text("utf-8")
    missing = [f.name for f in SETTINGS if f"`{f.name}` (`SOTAY_{f.name.upper()}`)" not in readme]
    assert not missing


def test_precedence_override_env_file_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "settings.json").write_text(json.dumps({"top_k": 7, "port": 9000, "rrf_k": 30}), "utf-8")
    monkeypatch.setenv("SOTAY_PORT", "9100")
    settings = Settings.load(data_dir=str(tmp_path), rrf_k=None, per_doc_limit=2)
    assert (settings.top_k, settings.port, settings.rrf_k, settings.per_doc_limit) == (7, 9100, 30, 2)
    assert isinstance(settings.port, int)
    assert Settings.load(data_dir=str(tmp_path), port=9200).port == 9200


def test_unknown_setting_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="nonsense"):
        Settings.load(data_dir=str(tmp_path), nonsense=1)


def test_app_settings_are_a_group_read_only_by_the_app() -> None:
    from index.settings import APP_SETTINGS

    names = {f.name for f in APP_SETTINGS}
    assert {"admin_user", "trainer_user", "trusted_proxies", "upload_max_mb", "host", "port"} <= names
    root = Path(__file__).parents[2]
    readers = [
        str(path.relative_to(root))
        for layer in ("corpus", "index", "quiz")
        for path in (root / layer).rglob("*.py")
        if any(f"settings.{name}" in path.read_text("utf-8") for name in names)
    ]
    assert readers == []
