"""The "Ôn tập & Thi" tab: trainers open quiz sessions, participants join and answer, anyone self-studies.

All logic lives in :mod:`quiz.sessions` and :mod:`quiz.srs`; this module only lays out
components and turns their values into calls. Per-user progress lives in ``gr.State`` (and the
join code + token in ``gr.BrowserState`` so a refresh resumes), shared data in SQLite.

Concurrency is set on purpose: participant events share one group of 8 (an answer is a
sub-millisecond SQLite write; Gradio's own per-event work is the limit, measured the same with
2 or 8, so 8 only keeps a slow write from stalling the room); question generation shares the
CPU with search, so one at a time; the trainer's live view is cheap reads.
"""

from __future__ import annotations

import secrets
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from itertools import zip_longest
from pathlib import Path
from typing import Any

import gradio as gr

from app.render import esc, message_html, section_label
from app.search_tab import document_choices
from corpus.errors import SotayError
from index.library import Library
from index.settings import Settings
from quiz.db import QuizDB
from quiz.generate import Generator, Request
from quiz.items import ITEM_TYPES, MATCH_SEPARATOR, TYPE_LABELS, QuizItem
from quiz.results import export_results
from quiz.sessions import Attempt, Dashboard, Question, Result, SessionStore
from quiz.srs import Deck, DeckStats

MAX_PAIRS = 6  # matching slots laid out in advance; Gradio components cannot be added per question
PARTICIPANT_CONCURRENCY = 8
DIFFICULTIES = {"Tất cả": None, "Dễ": 1, "Vừa": 2, "Khó": 3}
SPARE_ITEMS = 5  # generated beyond the count asked, so a dropped question can be replaced at once
STUDY_BATCH = 10
LEADER_HEADERS = ["Hạng", "Họ và tên", "Đơn vị", "Câu đúng", "Đã trả lời", "Thời gian (giây)", "Đã nộp"]
STATS_HEADERS = ["Câu", "Câu hỏi", "Tỉ lệ đúng (%)", "Số trả lời", "Lựa chọn sai nhiều nhất", "Số lần"]

# Counts down in the browser from the server's deadline (epoch ms); the server enforces it anyway.
COUNTDOWN_JS = """(deadline) => {
  if (!deadline) return "";
  const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
  const mm = String(Math.floor(left / 60)).padStart(2, "0"), ss = String(left % 60).padStart(2, "0");
  return left > 0 ? `⏱ Còn lại ${mm}:${ss}` : "⏱ Hết giờ — bấm «Nộp bài» để xem kết quả";
}"""


def _error_html(error: Exception) -> str:
    return message_html(str(error), "error")


# -- HTML ------------------------------------------------------------------------------------


def question_html(question: Question, total: int, answered: int) -> str:
    """One question as a participant sees it (the choices are the radio/dropdowns below it)."""
    return (
        f'<div class="sotay-quiz-q"><div class="sotay-quiz-meta">Câu {question.number}/{total}'
        f" · {esc(TYPE_LABELS.get(question.type, question.type))} · đã trả lời {answered}/{total}</div>"
        f'<p class="sotay-quiz-stem">{esc(question.stem)}</p></div>'
    )


def result_html(result: Result) -> str:
    """Score, then each question with the given answer, the key, explanation and citation."""
    rows = []
    for row in result.review:
        mark = "✔" if row.correct else "✘"
        given = esc(row.given.replace(MATCH_SEPARATOR, " · ")) if row.given else "<em>(bỏ trống)</em>"
        rows.append(
            f'<li class="{"right" if row.correct else "wrong"}"><b>{mark} Câu {row.number}.</b> {esc(row.stem)}'
            f"<br>Bạn chọn: {given}<br>Đáp án: <b>{esc(row.answer.replace(MATCH_SEPARATOR, ' · '))}</b>"
            f'<div class="explanation">{esc(row.explanation)}</div>'
            f'<div class="citation">Nguồn: {esc(row.citation)}</div></li>'
        )
    return (
        f'<div class="sotay-quiz-result"><h3>{esc(result.name)}: {result.correct}/{result.total} câu đúng'
        f" · {result.seconds:g} giây</h3><ol class=\"sotay-quiz-review\">{''.join(rows)}</ol></div>"
    )


def draft_html(items: Sequence[QuizItem]) -> str:
    """The generated questions for the trainer to review, with keys and sources."""
    if not items:
        return message_html("Chưa có câu hỏi. Chọn tài liệu và bấm «Tạo câu hỏi».")
    parts = []
    for number, item in enumerate(items, start=1):
        if item.type == "matching":
            body = "".join(f"<li>{esc(left)} → <b>{esc(right)}</b></li>" for left, right in item.pairs)
        else:
            body = "".join(f"<li>{'<b>' + esc(o) + ' ✔</b>' if o == item.answer else esc(o)}</li>" for o in item.options)
        parts.append(
            f'<li><span class="sotay-quiz-meta">{esc(TYPE_LABELS.get(item.type, item.type))} · độ khó {item.difficulty}</span>'
            f"<p>{esc(item.stem)}</p><ul>{body}</ul>"
            f'<div class="citation">Nguồn: {esc(item.citation)}</div></li>'
        )
    return f'<ol class="sotay-quiz-draft">{"".join(parts)}</ol>'


def feedback_html(item: QuizItem, given: str) -> str:
    """Self-study: right or wrong at once, with the key, explanation and citation."""
    right = item.is_correct(given)
    head = "✔ Đúng!" if right else f"✘ Chưa đúng. Đáp án: {esc(item.answer.replace(MATCH_SEPARATOR, ' · '))}"
    return (
        f'<div class="sotay-quiz-feedback {"right" if right else "wrong"}"><b>{head}</b>'
        f'<div class="explanation">{esc(item.explanation)}</div><div class="citation">Nguồn: {esc(item.citation)}</div></div>'
    )


def dashboard_tables(board: Dashboard) -> tuple[str, list[list[Any]], list[list[Any]]]:
    """The trainer's live counts (HTML) and the leaderboard and statistics tables."""
    info = board.session
    status = "đang mở" if info.is_open else "đã đóng"
    counts = (
        f'<div class="sotay-quiz-counts"><span class="code">Mã phiên: <b>{esc(info.code)}</b></span>'
        f" · {esc(info.title)} · {status} · {board.joined} người tham gia · {board.finished} đã nộp bài"
        f" · {board.answers} câu trả lời</div>"
    )
    leaders = [
        [r.rank, r.name, r.unit, r.correct, r.answered, r.seconds, "có" if r.finished else "chưa"] for r in board.leaderboard
    ]
    stats = [
        [q.number, q.stem, round(100 * q.share_correct, 1), q.answered, q.top_wrong, q.top_wrong_count] for q in board.questions
    ]
    return counts, leaders, stats


# -- shared widgets --------------------------------------------------------------------------


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

    def show(self, type: str, options: Sequence[str], left: Sequence[str], given: str = "") -> dict:
        """Updates that lay out a question of ``type`` with ``given`` pre-selected."""
        # Every gr.update costs the server about a millisecond to render: the hidden matching
        # slots are left alone for choice questions (they are reset when next shown).
        if type != "matching":
            return {self.choice: gr.update(choices=list(options), value=given or None, visible=True), self.matching: gr.update(visible=False)}
        chosen = given.split(MATCH_SEPARATOR) if given else []
        updates = {self.choice: gr.update(visible=False, value=None), self.matching: gr.update(visible=True)}
        for i, slot in enumerate(self.slots):
            if i < len(left):
                value = chosen[i] if i < len(chosen) else None
                updates[slot] = gr.update(choices=list(options), label=left[i], value=value, visible=True)
            else:
                updates[slot] = gr.update(visible=False, value=None)
        return updates

    @staticmethod
    def value(type: str, n_left: int, choice: str | None, slots: Sequence[str | None]) -> str:
        """The response as stored ('' when nothing, or not every pair, is chosen)."""
        if type != "matching":
            return choice or ""
        picked = list(slots[:n_left])
        return MATCH_SEPARATOR.join(picked) if all(picked) else ""


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


# -- participant -----------------------------------------------------------------------------


def _participant_panel(store: SessionStore, secret: str) -> None:
    state = gr.State(None)  # {"code", "token", "index"}
    saved = gr.BrowserState({"code": "", "token": ""}, storage_key="sotay-quiz-attempt", secret=secret)
    with gr.Column(visible=True) as join_box:
        gr.Markdown("Nhập mã phiên thi do báo cáo viên cung cấp, họ tên và đơn vị.")
        with gr.Row():
            code = gr.Textbox(label="Mã phiên thi", max_length=12, elem_id="quiz-join-code")
            name = gr.Textbox(label="Họ và tên", max_length=80, elem_id="quiz-join-name")
            unit = gr.Textbox(label="Đơn vị", max_length=120, elem_id="quiz-join-unit")
        join = gr.Button("Vào thi", variant="primary", elem_id="quiz-join")
    with gr.Column(visible=False) as quiz_box:
        header = gr.HTML()
        deadline_ms = gr.Number(value=0, visible=False)
        countdown = gr.Textbox(label="Thời gian", interactive=False, elem_id="quiz-countdown")
        question = gr.HTML(elem_id="quiz-question")
        inputs = AnswerInputs("Chọn đáp án")
        with gr.Row():
            prev_btn = gr.Button("← Câu trước", elem_id="quiz-prev")
            next_btn = gr.Button("Lưu & câu tiếp →", variant="primary", elem_id="quiz-next")
            finish_btn = gr.Button("Nộp bài", variant="stop", elem_id="quiz-finish")
    with gr.Column(visible=False) as result_box:
        result = gr.HTML(elem_id="quiz-result")
        leave = gr.Button("Thoát", elem_id="quiz-leave")
    message = gr.HTML(elem_id="quiz-message")
    outputs = [
        state, saved, join_box, quiz_box, result_box, header, deadline_ms, question, result, message, *inputs.outputs, countdown
    ]

    def render(
        code: str, token: str, index: int, note: str = "", error: Exception | None = None, full: bool = True,
        attempt: Attempt | None = None,
    ) -> dict:
        """The page for question ``index`` (or the result once the attempt is over).

        ``full=False`` (moving between questions) leaves the layout, title and deadline as they
        are, so the busiest event sends the fewest updates. ``attempt``: already read and current.
        """
        attempt = attempt or store.attempt(code, token)
        keep = {state: {"code": attempt.code, "token": token, "index": index}}
        msg = _error_html(error) if error else (message_html(note) if note else "")
        if not attempt.can_answer(time.time()):
            return {
                **keep,
                saved: {"code": attempt.code, "token": token},
                join_box: gr.update(visible=False),
                quiz_box: gr.update(visible=False),
                result_box: gr.update(visible=True),
                result: result_html(store.result(code, token)),
                message: msg,
            }
        index = max(0, min(index, len(attempt.questions) - 1))
        keep[state]["index"] = index
        q = attempt.questions[index]
        page = {
            **keep,
            question: question_html(q, len(attempt.questions), len(attempt.answers)),
            message: msg,
            **inputs.show(q.type, q.options, q.left, attempt.answers.get(q.position, "")),
        }
        if full:
            page |= {
                saved: {"code": attempt.code, "token": token},
                join_box: gr.update(visible=False),
                quiz_box: gr.update(visible=True),
                result_box: gr.update(visible=False),
                header: f'<div class="sotay-quiz-title">{esc(attempt.title)} — {esc(attempt.name)}</div>',
                deadline_ms: (attempt.deadline or 0) * 1000,
                countdown: gr.update(visible=attempt.deadline is not None),
            }
        return page

    def start_page() -> dict:
        return {
            state: None,
            saved: {"code": "", "token": ""},
            join_box: gr.update(visible=True),
            quiz_box: gr.update(visible=False),
            result_box: gr.update(visible=False),
            message: "",
        }

    def on_join(code: str, name: str, unit: str) -> dict:
        try:
            attempt = store.join(code, name, unit)
        except SotayError as error:
            return {message: _error_html(error)}
        return render(attempt.code, attempt.token, 0, "Đã vào phiên thi. Câu trả lời được lưu ngay khi bấm «Lưu & câu tiếp».")

    def on_resume(saved_value: dict | None) -> dict:
        if not saved_value or not saved_value.get("token"):
            return {state: gr.skip()}  # nothing to resume (an empty dict would read as one value)
        try:
            attempt = store.attempt(saved_value["code"], saved_value["token"])
        except SotayError:
            return start_page()  # a session deleted or a token from another data dir: start over
        first_open = next((i for i, q in enumerate(attempt.questions) if q.position not in attempt.answers), 0)
        return render(attempt.code, attempt.token, first_open, "Đã khôi phục bài làm của bạn.")

    def save_then(step: int, finish: bool) -> Callable[..., dict]:
        def handler(current: dict | None, choice: str | None, *slots: str | None) -> dict:
            if not current:
                return {**start_page(), message: message_html("Phiên làm bài đã hết hạn; hãy vào lại bằng mã phiên.", "error")}
            code, token, index = current["code"], current["token"], current["index"]
            try:
                attempt = store.attempt(code, token)
                q = attempt.questions[index]
                response = AnswerInputs.value(q.type, len(q.left), choice, slots)
                note, move = "", step
                if response and response != attempt.answers.get(q.position):
                    store.answer(code, token, q.position, response)
                    attempt = replace(attempt, answers={**attempt.answers, q.position: response})
                    note = f"Đã lưu câu {q.number}."
                elif q.type == "matching" and any(slots[: len(q.left)]) and not response:
                    return render(code, token, index, "Hãy ghép đủ tất cả các mục trước khi lưu.", full=False, attempt=attempt)
                if finish:
                    store.finish(code, token)
                    return render(code, token, index, note)
                if step > 0 and index == len(attempt.questions) - 1:
                    note = (note + " Đây là câu cuối; bấm «Nộp bài» khi đã xong.").strip()
                    move = 0
                return render(code, token, index + move, note, full=False, attempt=attempt)
            except SotayError as error:
                # Past the deadline or closed: render() shows the result page.
                return render(code, token, index, error=error)

        return handler

    api = dict(outputs=outputs, concurrency_id="quiz_participant", concurrency_limit=PARTICIPANT_CONCURRENCY)
    join.click(on_join, [code, name, unit], api_name="quiz_join", **api)
    next_btn.click(save_then(1, False), [state, *inputs.components], api_name="quiz_answer", **api)
    prev_btn.click(save_then(-1, False), [state, *inputs.components], api_name="quiz_previous", **api)
    finish_btn.click(save_then(0, True), [state, *inputs.components], api_name="quiz_finish", **api)
    leave.click(start_page, None, api_name="quiz_leave", **api)
    on_first_view(
        on_resume, [saved], outputs, api_name="quiz_resume", concurrency_id="quiz_participant",
        concurrency_limit=PARTICIPANT_CONCURRENCY,
    )
    gr.Timer(1).tick(None, [deadline_ms], [countdown], js=COUNTDOWN_JS, api_name=False)


# -- trainer ---------------------------------------------------------------------------------


def _documents_update(lib: Library) -> dict:
    """The document picker with the library as it is now (the library tab may have changed it
    since the page was built); the count it shows also tells a user the list is current."""
    choices = document_choices(lib)
    return gr.update(choices=choices, info=f"{len(choices)} tài liệu trong thư viện")


def _section_choices(lib: Library, doc_ids: Sequence[str]) -> list[tuple[str, str]]:
    """Sections of the chosen documents as ``(label, "<doc_id>#<section>")``, in document order.

    The text before the first heading has no section to name; it is asked about with its whole
    document (no section chosen).
    """
    choices: dict[str, str] = {}
    for doc_id in doc_ids or ():
        for record in lib.passages(doc_id):
            value = f"{doc_id}#{record.section}"
            if record.section and value not in choices.values():
                # The deepest heading says what the section is about; the path says where it is.
                label = section_label(record.section, record.headings[-1:])[:100]
                choices[f"{label} ({doc_id})" if len(doc_ids) > 1 else label] = value
    return list(choices.items())


class Questions:
    """Question generation over the library, with one :class:`Generator` kept while the library
    is unchanged (building one reads every passage; an upload or removal rebuilds it)."""

    def __init__(self, lib: Library) -> None:
        self.lib = lib
        self._lock = threading.Lock()
        self._state: tuple[tuple[str, str], ...] = ()
        self._generator: Generator | None = None

    def _current(self) -> Generator:
        state = tuple((d.id, d.content_hash) for d in self.lib.documents())
        with self._lock:
            if self._generator is None or state != self._state:
                self._generator, self._state = Generator(self.lib), state
            return self._generator

    def make(self, scopes: Sequence[str], count: int, types: Sequence[str], difficulty: int | None) -> list[QuizItem]:
        """About ``count`` questions from ``scopes`` (``"<doc_id>#<section>"``, ``"<doc_id>#"``: all of it).

        Each document is asked separately so a section chosen in one does not narrow another;
        the results are interleaved so every document gets its share.
        """
        sections: dict[str, list[str]] = {}
        for scope in scopes:
            doc_id, _, section = scope.partition("#")
            sections.setdefault(doc_id, [])
            if section:
                sections[doc_id].append(section)
        generator, seed = self._current(), secrets.randbelow(1 << 30)
        per_doc = [
            generator.generate(
                Request(
                    n=count, seed=seed, doc_ids=(doc_id,), sections=tuple(secs), types=tuple(types) or ITEM_TYPES,  # type: ignore[arg-type]
                    difficulties=(difficulty,) if difficulty else (1, 2, 3),
                )
            ).items
            for doc_id, secs in sections.items()
        ]
        mixed = [item for group in zip_longest(*per_doc) for item in group if item is not None]
        return mixed[:count]


def _trainer_panel(lib: Library, questions: Questions, store: SessionStore, secret: str) -> None:
    draft = gr.State({"items": [], "spares": []})  # QuizItem.to_json() dicts
    owner = gr.State(None)  # {"code", "key"}
    saved = gr.BrowserState({"code": "", "key": ""}, storage_key="sotay-quiz-trainer", secret=secret)
    with gr.Column() as setup_box:
        with gr.Row():
            docs = gr.Dropdown(choices=document_choices(lib), value=[], multiselect=True, label="Tài liệu", elem_id="quiz-docs")
            sections = gr.Dropdown(choices=[], multiselect=True, label="Mục (để trống: cả tài liệu)", elem_id="quiz-sections")
        with gr.Row():
            count = gr.Slider(1, 50, value=10, step=1, label="Số câu hỏi", elem_id="quiz-count")
            types = gr.CheckboxGroup(
                choices=[(TYPE_LABELS[t], t) for t in ITEM_TYPES], value=list(ITEM_TYPES), label="Loại câu hỏi"
            )
            difficulty = gr.Radio(choices=list(DIFFICULTIES), value="Tất cả", label="Độ khó")
        with gr.Row():
            title = gr.Textbox(label="Tên phiên thi", placeholder="VD: Ôn tập Nghị quyết Đại hội XIII", elem_id="quiz-title")
            minutes = gr.Number(value=10, minimum=0, maximum=240, precision=0, label="Thời gian (phút, 0: không giới hạn)")
            shuffle = gr.Checkbox(value=True, label="Xáo trộn câu hỏi và phương án")
        make = gr.Button("Tạo câu hỏi", variant="primary", elem_id="quiz-generate")
        review = gr.HTML(draft_html([]), elem_id="quiz-draft")
        with gr.Row():
            number = gr.Number(value=1, minimum=1, precision=0, label="Câu số")
            drop = gr.Button("Bỏ câu này", elem_id="quiz-drop")
            replace = gr.Button("Thay câu khác", elem_id="quiz-replace")
        open_btn = gr.Button("Mở phiên thi", variant="primary", elem_id="quiz-open")
    with gr.Column(visible=False) as live_box:
        counts = gr.HTML(elem_id="quiz-counts")
        leaders = gr.Dataframe(headers=LEADER_HEADERS, interactive=False, label="Bảng xếp hạng", elem_id="quiz-leaderboard")
        stats = gr.Dataframe(headers=STATS_HEADERS, interactive=False, label="Thống kê từng câu", elem_id="quiz-stats")
        with gr.Row():
            refresh = gr.Button("Làm mới", elem_id="quiz-refresh")
            xlsx = gr.Button("Xuất Excel", elem_id="quiz-export-xlsx")
            csv = gr.Button("Xuất CSV", elem_id="quiz-export-csv")
            close = gr.Button("Đóng phiên thi", variant="stop", elem_id="quiz-close")
            new = gr.Button("Tạo phiên mới", elem_id="quiz-new")
        download = gr.File(label="Tệp kết quả", interactive=False, elem_id="quiz-download")
    message = gr.HTML(elem_id="quiz-trainer-message")
    ticker = gr.Timer(3, active=False)

    def items_of(value: dict) -> list[QuizItem]:
        return [QuizItem.from_json(d) for d in value["items"]]

    def on_docs(doc_ids: list[str]) -> dict:
        return gr.update(choices=_section_choices(lib, doc_ids), value=[])

    def on_generate(doc_ids: list[str], scopes: list[str], n: float, kinds: list[str], level: str) -> tuple:
        if not doc_ids or not kinds:
            return gr.skip(), gr.skip(), message_html("Hãy chọn ít nhất một tài liệu và một loại câu hỏi.", "error")
        try:
            # A chosen section narrows its own document; documents without one are used whole.
            chosen = {scope.partition("#")[0] for scope in scopes or ()}
            wanted = [*(scopes or ()), *(f"{d}#" for d in doc_ids if d not in chosen)]
            found = questions.make(wanted, int(n) + SPARE_ITEMS, kinds, DIFFICULTIES.get(level))
        except SotayError as error:
            return gr.skip(), gr.skip(), _error_html(error)
        if not found:
            return gr.skip(), gr.skip(), message_html("Không tạo được câu hỏi nào từ phần đã chọn; hãy chọn thêm mục hoặc loại câu hỏi.", "error")
        value = {"items": [i.to_json() for i in found[: int(n)]], "spares": [i.to_json() for i in found[int(n) :]]}
        note = f"Đã tạo {len(value['items'])} câu hỏi" + (f" (chỉ tìm được {len(found)})" if len(found) < n else "") + ". Xem lại trước khi mở phiên."
        return value, draft_html(items_of(value)), message_html(note)

    def on_edit(replace_it: bool) -> Callable[[dict, float], tuple]:
        def handler(value: dict, n: float) -> tuple:
            index = int(n or 0) - 1
            if not 0 <= index < len(value["items"]):
                return gr.skip(), gr.skip(), message_html("Số câu không có trong danh sách.", "error")
            items, spares = list(value["items"]), list(value["spares"])
            if replace_it:
                if not spares:
                    return gr.skip(), gr.skip(), message_html("Hết câu dự phòng; hãy tạo lại câu hỏi.", "error")
                items[index] = spares.pop(0)
                note = f"Đã thay câu {index + 1}."
            else:
                items.pop(index)
                note = f"Đã bỏ câu {index + 1}."
            value = {"items": items, "spares": spares}
            return value, draft_html(items_of(value)), message_html(note)

        return handler

    def show_live(code: str, key: str, note: str = "") -> dict:
        counts_html, leader_rows, stat_rows = dashboard_tables(store.dashboard(code, key))
        return {
            owner: {"code": code, "key": key},
            saved: {"code": code, "key": key},
            setup_box: gr.update(visible=False),
            live_box: gr.update(visible=True),
            counts: counts_html,
            leaders: leader_rows,
            stats: stat_rows,
            ticker: gr.Timer(active=True),
            message: message_html(note) if note else "",
        }

    def on_open(value: dict, name: str, limit: float, mix: bool) -> dict:
        try:
            code, key = store.create(items_of(value), title=name, time_limit_s=int(limit or 0) * 60, shuffle=bool(mix))
        except SotayError as error:
            return {message: _error_html(error)}
        return show_live(code, key, f"Đã mở phiên thi. Mã tham gia: {code}")

    def on_refresh(current: dict | None) -> dict:
        if not current:
            return {ticker: gr.Timer(active=False)}
        try:
            return show_live(current["code"], current["key"])
        except SotayError as error:
            return {message: _error_html(error), ticker: gr.Timer(active=False)}

    def on_resume(value: dict | None) -> dict:
        return on_refresh(value) if value and value.get("key") else {owner: gr.skip()}

    def on_close(current: dict | None) -> dict:
        if not current:
            return {message: message_html("Chưa có phiên thi nào.", "error")}
        try:
            store.close(current["code"], current["key"])
            return show_live(current["code"], current["key"], "Đã đóng phiên thi; không nhận thêm người tham gia và câu trả lời.")
        except SotayError as error:
            return {message: _error_html(error)}

    def on_export(fmt: str) -> Callable[[dict | None], tuple]:
        def handler(current: dict | None) -> tuple:
            if not current:
                return gr.skip(), message_html("Chưa có phiên thi nào.", "error")
            try:
                board = store.dashboard(current["code"], current["key"])
            except SotayError as error:
                return gr.skip(), _error_html(error)
            return str(export_results(board, Path(tempfile.mkdtemp(prefix="sotay-quiz-")), fmt)), ""

        return handler

    def on_new() -> dict:
        return {
            owner: None,
            saved: {"code": "", "key": ""},
            setup_box: gr.update(visible=True),
            live_box: gr.update(visible=False),
            ticker: gr.Timer(active=False),
            message: "",
        }

    live = [owner, saved, setup_box, live_box, counts, leaders, stats, ticker, message]
    trainer = dict(concurrency_id="quiz_trainer", concurrency_limit=4)
    docs.change(on_docs, [docs], [sections], api_name="quiz_sections", **trainer)
    make.click(
        on_generate, [docs, sections, count, types, difficulty], [draft, review, message],
        api_name="quiz_generate", concurrency_id="quiz_generate", concurrency_limit=1,
    )
    drop.click(on_edit(False), [draft, number], [draft, review, message], api_name="quiz_drop", **trainer)
    replace.click(on_edit(True), [draft, number], [draft, review, message], api_name="quiz_replace", **trainer)
    open_btn.click(on_open, [draft, title, minutes, shuffle], live, api_name="quiz_open", **trainer)
    refresh.click(on_refresh, [owner], live, api_name="quiz_dashboard", **trainer)
    ticker.tick(on_refresh, [owner], live, api_name=False, show_progress="hidden", **trainer)
    close.click(on_close, [owner], live, api_name="quiz_close", **trainer)
    xlsx.click(on_export("xlsx"), [owner], [download, message], api_name="quiz_export_xlsx", **trainer)
    csv.click(on_export("csv"), [owner], [download, message], api_name="quiz_export_csv", **trainer)
    new.click(on_new, None, live, api_name="quiz_new_session", **trainer)
    # Documents may have been added or removed (library tab) since the page was built.
    on_first_view(
        lambda value: {**on_resume(value), docs: _documents_update(lib)},
        [saved], [*live, docs], api_name="quiz_trainer_resume", **trainer,
    )


# -- self-study ------------------------------------------------------------------------------


def _stats_line(stats: DeckStats) -> str:
    boxes = " · ".join(f"hộp {i}: {n}" for i, n in enumerate(stats.boxes, start=1))
    return f'<div class="sotay-quiz-meta">{stats.total} câu trong bộ ôn tập, {stats.due} câu đến hạn ôn ({boxes}).</div>'


def _study_panel(lib: Library, questions: Questions, deck: Deck) -> None:
    state = gr.State(None)  # {"user", "scopes", "key"}
    gr.Markdown("Ôn tập theo từng mục, biết ngay đúng sai. Câu trả lời sai sẽ được hỏi lại sớm hơn; tiến độ lưu theo tên của bạn.")
    with gr.Row():
        user = gr.Textbox(label="Tên của bạn", max_length=80, elem_id="study-user")
        # value=None: a single-choice dropdown otherwise starts on its first choice, and picking
        # that one would not fire the change that lists its sections.
        doc = gr.Dropdown(choices=document_choices(lib), value=None, label="Tài liệu", elem_id="study-doc")
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

    def show_next(value: dict, note: str = "") -> dict:
        found = deck.next_card(value["user"], scopes=value["scopes"], after=value.get("key", ""))
        stats = _stats_line(deck.stats(value["user"], scopes=value["scopes"]))
        if found is None:
            return {
                state: {**value, "key": ""},
                card_box: gr.update(visible=False),
                feedback: note + message_html("Bạn đã ôn hết các câu đến hạn trong phần này. Hãy quay lại sau hoặc chọn mục khác."),
                progress: stats,
            }
        item = found.item
        left = tuple(l for l, _ in item.pairs)
        return {
            state: {**value, "key": found.key},
            card_box: gr.update(visible=True),
            card: (
                f'<div class="sotay-quiz-q"><div class="sotay-quiz-meta">{esc(TYPE_LABELS.get(item.type, item.type))}'
                f" · hộp {found.box}</div><p class=\"sotay-quiz-stem\">{esc(item.stem)}</p></div>"
            ),
            feedback: note,
            progress: stats,
            **inputs.show(item.type, item.options, left),
        }

    def on_start(name: str, doc_id: str | None, scope: str | None) -> dict:
        if not doc_id:
            return {feedback: message_html("Hãy chọn một tài liệu.", "error")}
        scopes = [scope or f"{doc_id}#"]
        try:
            items = questions.make(scopes, STUDY_BATCH, ITEM_TYPES, None)
            added = deck.add(name, items)
            value = {"user": name, "scopes": scopes, "key": ""}
            return show_next(value, message_html(f"Đã thêm {added} câu mới vào bộ ôn tập." if added else "Tiếp tục bộ ôn tập của bạn."))
        except SotayError as error:
            return {feedback: _error_html(error)}

    def on_check(value: dict | None, choice: str | None, *slots: str | None) -> dict:
        if not value or not value.get("key"):
            return {feedback: message_html("Hãy bấm «Bắt đầu ôn» trước.", "error")}
        try:
            item = deck.card(value["user"], value["key"]).item
            given = AnswerInputs.value(item.type, len(item.pairs), choice, slots)
            if not given:
                return {feedback: message_html("Hãy chọn đáp án.", "error")}
            deck.record(value["user"], value["key"], item.is_correct(given))
            return {feedback: feedback_html(item, given), progress: _stats_line(deck.stats(value["user"], scopes=value["scopes"]))}
        except SotayError as error:
            return {feedback: _error_html(error)}

    def on_next(value: dict | None) -> dict:
        if not value:
            return {feedback: message_html("Hãy bấm «Bắt đầu ôn» trước.", "error")}
        try:
            return show_next(value)
        except SotayError as error:
            return {feedback: _error_html(error)}

    study = dict(outputs=outputs, concurrency_id="quiz_study", concurrency_limit=4)
    doc.change(lambda d: gr.update(choices=_section_choices(lib, [d] if d else []), value=None), [doc], [section], api_name="study_sections")
    start.click(on_start, [user, doc, section], api_name="study_start", **{**study, "concurrency_id": "quiz_generate", "concurrency_limit": 1})
    check.click(on_check, [state, *inputs.components], api_name="study_answer", **study)
    next_btn.click(on_next, [state], api_name="study_next", **study)
    on_first_view(
        lambda: {doc: _documents_update(lib)}, [], [doc], api_name="study_documents", concurrency_limit=None
    )


def build_quiz_tab(lib: Library, settings: Settings) -> None:
    """Lay out the quiz tab inside the caller's ``gr.Tab`` (and ``gr.Blocks``)."""
    db = QuizDB.open(settings)
    store = SessionStore(db)
    questions = Questions(lib)
    # Kept in the data dir rather than made per process: saved attempts resume after a restart.
    secret = db.secret("browser_state")
    with gr.Tabs():
        with gr.Tab("Tham gia thi"):
            _participant_panel(store, secret)
        with gr.Tab("Tạo phiên thi"):
            _trainer_panel(lib, questions, store, secret)
        with gr.Tab("Tự ôn tập"):
            _study_panel(lib, questions, Deck(db))

