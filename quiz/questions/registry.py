"""The registry of question kinds: one module each (``quiz/questions/<name>.py``), found by the
names listed in :data:`quiz.items.KINDS`.

Each module exports ``KIND``, a :class:`quiz.questions.base.Kind`: how its candidates are built
from a :class:`quiz.questions.base.Context` and how the validator checks an item of it. Adding a
kind is one new module here and one line in :data:`quiz.items.KINDS`.
"""

from __future__ import annotations

import importlib

from quiz.items import ITEM_TYPES
from quiz.questions.base import Kind

KINDS: dict[str, Kind] = {name: importlib.import_module(f"quiz.questions.{name}").KIND for name in ITEM_TYPES}
