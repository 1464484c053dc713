"""The «Tự ôn tập» panel: Leitner self-study with instant feedback, one deck per browser.

The deck belongs to a random id the app makes on the browser's first visit and keeps in its
local storage (encrypted, as ``gr.BrowserState`` does), so nobody opens a deck by typing a name.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

import gradio as gr

from app.quiz_common import documents_update, error_html, guarded, on_first_view, section_choices
from app.quiz_trainer import Questions
from app.render import esc, message_html
from app.search_tab import document_choices
from corpus.errors import SotayError
from corpus.inputs import text_input
from index.library import Library
from quiz.items import ITEM_TYPES, MATCH_SEPARATOR, TYPE_LABELS, QuizItem
from quiz.sessions import MAX_CHOICE_CHARS
from quiz.srs import Card, Deck, DeckStats

MAX_PAIRS = 6  # matching slots laid out in advance; Gradio components cannot be added per question
STUDY_BATCH = 10


def feedback_html(item: QuizItem, given: str) -> str:
    """Right or wrong at once, with the key, explanation and citation."""
    right = item.is_correct(given)
    head = "✔ Đúng!" if right else f"✘ Chưa đúng. Đáp án: {esc(item.answer.replace(MATCH_SEPARATOR, ' · '))}"
    return (
        f'<div class="sotay-quiz-feedback {"right" if right else "wrong"}"><b>{head}</b>'
        f'<div class="explanation">{esc(item.explanation)}</div><div class="citation">Nguồn: {esc(item.citation)}</div></div>'
    )


def _stats_line(stats: DeckStats) -> str:
    boxes = " · ".join(f"hộp {i}: {n}" for i, n in enumerate(stats.boxes, start=1))
    return f'<div class="sotay-quiz-meta">{stats.total} câu trong bộ ôn tập, {stats.due} câu đến hạn ôn ({boxes}).</div>'


class AnswerInputs:
    """A radio for choice questions and dropdown slots for matching ones."""

    def __init__(self, label: str) -> None:
        self.choice = gr.Radio(choices=[], label=label, visible=False, elem_classes="sotay-quiz-choice")
        with gr.Column(visible=False) as self.matching:
            self.slots = [gr.Dropdown(choices=[], label="", visible=False, interactive=True) for _ in range(MAX_PAIRS)]

    @property
    def components(self) -> list[gr.components.Component]:
        return [self.choice, *self.slots]

    @property
    def outputs(self) -> list[gr.components.Component]:
        return [self.choice, self.matching, *self.slots]

    def show(self, type: str, options: Sequence[str], left: Sequence[str]) -> dict:
        """Updates that lay out a question of ``type``, nothing chosen yet."""
        if type != "matching":
            return {self.choice: gr.update(choices=list(options), value=None, visible=True), self.matching: gr.update(visible=False)}
        updates = {self.choice: gr.update(visible=False, value=None), self.matching: gr.update(visible=True)}
        for i, slot in enumerate(self.slots):
            if i < len(left):
                updates[slot] = gr.update(choices=list(options), label=left[i], value=None, visible=True)
            else:
                updates[slot] = gr.update(visible=False, value=None)
        return updates

    @staticmethod
    def value(type: str, n_left: int, choice: object, slots: Sequence[object]) -> str:
        """The response as stored ('' when nothing, or not every pair, is chosen); raw values
        from an API call are checked here (the events skip Gradio's English-speaking checks)."""
        if type != "matching":
            return text_input(choice, MAX_CHOICE_CHARS, "Lựa chọn")
        picked = [text_input(s, MAX_CHOICE_CHARS, "Lựa chọn") for s in slots[:n_left]]
        return MATCH_SEPARATOR.join(picked) if all(picked) else ""


@dataclass(frozen=True)
class StudyStep:
    """What the panel shows next: the study state, the card (``None``: nothing due), the deck's
    progress line and a note."""

    state: dict  # {"owner", "scopes", "key"}
    card: Card | None
    progress: str
    note: str = ""


class StudyHandlers:
    """What the self-study panel does, without its components: each method takes the raw values
    an event sends (checked here) and returns plain values that :func:`study_panel` lays out;
    expected failures raise :class:`SotayError` with a Vietnamese message."""

    def __init__(self, lib: Library, questions: Questions, deck: Deck) -> None:
        self.lib, self.questions, self.deck = lib, questions, deck

    @staticmethod
    def owner(saved: dict | None) -> str:
        """This browser's deck id: the one it keeps, or a new random one on its first visit."""
        known = (saved or {}).get("owner", "")
        return known if isinstance(known, str) and known else secrets.token_urlsafe(24)

    def sections(self, doc_id: object) -> list[tuple[str, str]]:
        return section_choices(self.lib, [doc_id] if isinstance(doc_id, str) else [])

    def start(self, ident: str, doc_id: object, scope: object) -> StudyStep:
        """Add up to a batch of new questions of the document (or section) to the deck; the first card."""
        if not isinstance(doc_id, str) or doc_id not in {d.id for d in self.lib.documents()}:
            raise SotayError("Hãy chọn một tài liệu.")
        if not ident:
            raise SotayError("Trang chưa tải xong; hãy chờ một giây rồi bấm lại.")
        scopes = [scope if isinstance(scope, str) and scope.startswith(f"{doc_id}#") else f"{doc_id}#"]
        added = self.deck.add(ident, self.questions.make(scopes, STUDY_BATCH, ITEM_TYPES, None))
        note = f"Đã thêm {added} câu mới vào bộ ôn tập." if added else "Tiếp tục bộ ôn tập của bạn."
        return self.next({"owner": ident, "scopes": scopes, "key": ""}, message_html(note))

    def next(self, value: dict | None, note: str = "") -> StudyStep:
        """The card due next after the one on screen."""
        if not value:
            raise SotayError("Hãy bấm «Bắt đầu ôn» trước.")
        found = self.deck.next_card(value["owner"], scopes=value["scopes"], after=value.get("key", ""))
        progress = _stats_line(self.deck.stats(value["owner"], scopes=value["scopes"]))
        return StudyStep({**value, "key": found.key if found else ""}, found, progress, note)

    def check(self, value: dict | None, choice: object, slots: Sequence[object]) -> tuple[str, str]:
        """Record the answer to the card on screen; returns the feedback and the progress line."""
        if not value or not value.get("key"):
            raise SotayError("Hãy bấm «Bắt đầu ôn» trước.")
        item = self.deck.card(value["owner"], value["key"]).item
        given = AnswerInputs.value(item.type, len(item.pairs), choice, slots)
        if not given:
            raise SotayError("Hãy chọn đáp án.")
        self.deck.record(value["owner"], value["key"], item.is_correct(given))
        return feedback_html(item, given), _stats_line(self.deck.stats(value["owner"], scopes=value["scopes"]))


def study_panel(handlers: StudyHandlers, secret: str) -> None:
    """Lay out the self-study panel and wire its events to ``handlers``."""
    state = gr.State(None)  # {"owner", "scopes", "key"}
    owner = gr.State("")  # this browser's deck id, read from `saved` when the panel is first shown
    saved = gr.BrowserState({"owner": ""}, storage_key="sotay-study-owner", secret=secret)
    gr.Markdown("Ôn tập theo từng mục, biết ngay đúng sai. Câu trả lời sai sẽ được hỏi lại sớm hơn; tiến độ lưu trên trình duyệt này.")
    with gr.Row():
        # value=None: a single-choice dropdown otherwise starts on its first choice, and picking
        # that one would not fire the change that lists its sections.
        doc = gr.Dropdown(choices=document_choices(handlers.lib), value=None, label="Tài liệu", elem_id="study-doc")
        section = gr.Dropdown(choices=[], value=None, label="Mục (để trống: cả tài liệu)", elem_id="study-section")
    start = gr.Button("Bắt đầu ôn", variant="primary", elem_id="study-start")
    with gr.Column(visible=False) as card_box:
        card = gr.HTML(elem_id="study-card")
        inputs = AnswerInputs("Chọn đáp án")
        with gr.Row():
            check = gr.Button("Trả lời", variant="primary", elem_id="study-check")
            next_btn = gr.Button("Câu tiếp", elem_id="study-next")
    feedback = gr.HTML(elem_id="study-feedback")
    progress = gr.HTML(elem_id="study-progress")
    outputs = [state, card_box, card, feedback, progress, *inputs.outputs]

    def show(step: StudyStep) -> dict:
        if step.card is None:
            done = message_html("Bạn đã ôn hết các câu đến hạn trong phần này. Hãy quay lại sau hoặc chọn mục khác.")
            return {state: step.state, card_box: gr.update(visible=False), feedback: step.note + done, progress: step.progress}
        item = step.card.item
        return {
            state: step.state,
            card_box: gr.update(visible=True),
            card: (
                f'<div class="sotay-quiz-q"><div class="sotay-quiz-meta">{esc(TYPE_LABELS.get(item.type, item.type))}'
                f" · hộp {step.card.box}</div><p class=\"sotay-quiz-stem\">{esc(item.stem)}</p></div>"
            ),
            feedback: step.note,
            progress: step.progress,
            **inputs.show(item.type, item.options, tuple(l for l, _ in item.pairs)),
        }

    def on_first(value: dict | None) -> dict:
        ident = handlers.owner(value)
        return {owner: ident, saved: {"owner": ident}, doc: documents_update(handlers.lib)}

    def on_start(ident: str, doc_id: object, scope: object) -> dict:
        try:
            return show(handlers.start(ident, doc_id, scope))
        except SotayError as error:
            return {feedback: error_html(error)}

    def on_check(value: dict | None, choice: object, *slots: object) -> dict:
        try:
            shown, line = handlers.check(value, choice, slots)
        except SotayError as error:
            return {feedback: error_html(error)}
        return {feedback: shown, progress: line}

    def on_next(value: dict | None) -> dict:
        try:
            return show(handlers.next(value))
        except SotayError as error:
            return {feedback: error_html(error)}

    # preprocess=False: raw values are checked by the handlers, which answer in Vietnamese.
    study = dict(outputs=outputs, concurrency_id="quiz_study", concurrency_limit=4, preprocess=False)
    doc.change(
        guarded(lambda doc_id: gr.update(choices=handlers.sections(doc_id), value=None)), [doc], [section],
        api_name="study_sections", preprocess=False,
    )
    start.click(
        guarded(on_start), [owner, doc, section], api_name="study_start",
        **{**study, "concurrency_id": "quiz_generate", "concurrency_limit": 1},
    )
    check.click(guarded(on_check), [state, *inputs.components], api_name="study_answer", **study)
    next_btn.click(guarded(on_next), [state], api_name="study_next", **study)
    on_first_view(guarded(on_first), [saved], [owner, saved, doc], api_name="study_documents", concurrency_limit=None)
