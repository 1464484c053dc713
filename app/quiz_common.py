"""What the quiz tab's panels share: error handling of events, first-view loading, pickers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import gradio as gr

from app.feedback import MALFORMED, user_errors
from app.render import message_html, section_label
from app.search_tab import document_choices
from index.library import Library

F = TypeVar("F", bound=Callable[..., Any])


def error_html(error: Exception) -> str:
    """An expected error in a panel's own message box (the same text a toast would show)."""
    return message_html(str(error), "error")


def guarded(fn: F) -> F:
    """A quiz event handler that never answers with a traceback or ``{"error": null}``.

    Handlers show expected errors in their own message box; what is left is mostly a value of
    the wrong shape from a hand-made API call, which becomes the Vietnamese notice
    :data:`app.feedback.MALFORMED` (and a traceback in the log).
    """
    return user_errors(fn, malformed=MALFORMED)


def on_first_view(fn: Callable[..., dict], inputs: list, outputs: list, api_name: str, **event: Any) -> None:
    """Run ``fn`` once, when the panel is first shown.

    Not on page load: Gradio renders a tab's children (and reads a ``gr.BrowserState`` from
    localStorage) only when the tab is first opened, so a load event would see no saved value.
    A timer inside the panel starts ticking at that moment; its first tick stops it.
    """
    timer = gr.Timer(0.3, active=True)

    def once(*values: Any) -> dict:
        return {**fn(*values), timer: gr.Timer(active=False)}

    timer.tick(once, inputs, [*outputs, timer], api_name=api_name, show_progress="hidden", **event)


def documents_update(lib: Library) -> dict:
    """The document picker with the library as it is now (the library tab may have changed it
    since the page was built); the count it shows also tells a user the list is current."""
    choices = document_choices(lib)
    return gr.update(choices=choices, info=f"{len(choices)} tài liệu trong thư viện")


def section_choices(lib: Library, doc_ids: Sequence[str]) -> list[tuple[str, str]]:
    """Sections of the chosen documents as ``(label, "<doc_id>#<section>")``, in document order.

    The text before the first heading has no section to name; it is asked about with its whole
    document (no section chosen). Unknown ids are skipped (a raw API call may send anything).
    """
    known = {d.id for d in lib.documents()}
    doc_ids = [d for d in doc_ids if d in known]
    choices: dict[str, str] = {}
    for doc_id in doc_ids:
        for record in lib.passages(doc_id):
            value = f"{doc_id}#{record.section}"
            if record.section and value not in choices.values():
                # The deepest heading says what the section is about; the path says where it is.
                label = section_label(record.section, record.headings[-1:])[:100]
                choices[f"{label} ({doc_id})" if len(doc_ids) > 1 else label] = value
    return list(choices.items())
