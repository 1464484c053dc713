"""The trainer's panel («Tạo phiên thi»): generate and review questions, open a session, watch it
live on a projector, export the results.

The live view is HTML in the app's proportional font (a data grid's monospace font broke
Vietnamese marks, "Nguyêñ", and ran off the right edge): a join code large enough to read from
the back of a hall, the counts, the answers per option of the question the room is on, and the
leaderboard and statistics as tables whose columns wrap to the width.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path

import gradio as gr
import segno

from app.auth import SIGN_IN_JS, SignIns, require_trainer
from app.export import new_export_dir
from app.quiz_common import documents_update, error_html, guarded, on_first_view, section_choices
from app.render import esc, message_html
from app.search_tab import document_choices
from corpus.errors import SotayError
from corpus.inputs import number_in_range
from index.library import Library
from quiz.generate import Generator, Request
from quiz.items import ITEM_TYPES, MATCH_SEPARATOR, TYPE_LABELS, QuizItem
from quiz.results import export_results
from quiz.sessions import Dashboard, SessionStore

DIFFICULTIES = {"Tất cả": None, "Dễ": 1, "Vừa": 2, "Khó": 3}
SPARE_ITEMS = 5  # generated beyond the count asked, so a dropped question can be replaced at once
EXPORT_MAX_AGE_S = 3600
LEADER_HEADERS = ("Hạng", "Họ và tên", "Đơn vị", "Câu đúng", "Đã trả lời", "Thời gian (giây)", "Đã nộp")
STATS_HEADERS = ("Câu", "Câu hỏi", "Tỉ lệ đúng (%)", "Số trả lời", "Lựa chọn sai nhiều nhất", "Số lần")
HIDDEN_HEADERS = ("Họ và tên", "Đơn vị", "Đã trả lời", "Đã nộp")
HIDDEN_STATS_HEADERS = ("Câu", "Câu hỏi", "Số trả lời")
PACED_HEADERS = ("Hạng", "Họ và tên", "Đơn vị", "Điểm", "Câu đúng")
PACED_TOP = 10
FULLSCREEN_JS = "() => { document.querySelector('#quiz-projector')?.requestFullscreen?.(); }"
MODES = {"Thi: mỗi người tự làm hết bài": "exam", "Báo cáo viên điều khiển từng câu": "paced"}
EXAM_TICK_S, PACED_TICK_S = 3, 1


def base_url(request: gr.Request | None) -> str:
    """The app's address as the browser asking reached it (what participants will type)."""
    if request is None:
        return ""
    host = request.headers.get("host", "") if request.headers else ""
    return f"{request.url.scheme}://{host}" if host else ""


def export_board(board: Dashboard, fmt: str) -> Path:
    """Write ``board`` as ``fmt`` into a fresh export directory; result files older than an hour
    are purged on the way (Gradio serves its own copy, which ``gr.Blocks(delete_cache=...)``
    purges)."""
    return export_results(board, new_export_dir(EXPORT_MAX_AGE_S), fmt)  # type: ignore[arg-type]


def _table(headers: Sequence[str], rows: Sequence[Sequence[object]], elem_class: str) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{esc(str(v))}</td>" for v in row) + "</tr>" for row in rows)
    return f'<table class="{elem_class}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def join_qr(url: str) -> str:
    """A QR code of ``url`` as an ``<img>`` (SVG drawn on the server: no script, no network)."""
    return f'<img class="sotay-qr" alt="Mã QR của {esc(url)}" src="{esc(segno.make(url, error="m").svg_data_uri(scale=8, border=2))}">'


def projector_html(board: Dashboard, base_url: str = "") -> str:
    """The live view: join address, QR code and code, counts, the current question, tables.

    While anyone can still answer the question on screen (an exam not yet closed, a paced
    question still open) the projector shows no key: no option marked right, no scores, and the
    participants in name order, since an order by score tells scores too.

    Args:
        base_url: The app's address as the participants reach it (``http://host:port``).
    """
    info = board.session
    status = "đang mở" if info.is_open else "đã đóng"
    hidden = board.key_hidden
    join_url = f"{base_url}/thi?ma={info.code}"
    opened = time.strftime("%H:%M ngày %d/%m/%Y", time.localtime(info.created_at))
    parts = [
        f'<div class="sotay-projector-head">{join_qr(join_url) if info.is_open else ""}'
        f'<div class="sotay-join">Mã phiên<b class="sotay-code">{esc(info.code)}</b>'
        f'<span>Vào <b class="sotay-join-url">{esc(join_url)}</b></span></div>'
        f'<div class="sotay-quiz-counts">{esc(info.title)} · {status} · mở lúc {opened}<br><b>{board.joined}</b> người tham gia · '
        f"<b>{board.finished}</b> đã nộp bài · <b>{board.answers}</b> câu trả lời</div></div>"
    ]
    if info.paced and board.round is None:
        parts.append('<div class="sotay-current"><p>Chờ báo cáo viên mở câu hỏi đầu tiên.</p></div>')
    elif board.questions:
        q = board.questions[board.current - 1]
        most = max((n for _, n in q.options), default=0) or 1
        bars = "".join(
            f'<li class="{"key" if option == q.answer and not hidden else ""}"><span class="label">{esc(option.replace(MATCH_SEPARATOR, " · "))}</span>'
            f'<span class="bar" style="width:{100 * n / most:.0f}%"></span><b>{n}</b></li>'
            for option, n in q.options
        )
        if info.paced and board.round is not None and board.round.is_open(board.now):
            left = board.round.remaining(board.now)
            timer = f' · <span class="sotay-countdown">còn {left:.0f} giây</span>'
        else:
            timer = " · đã hết giờ" if info.paced else ""
        parts.append(
            f'<div class="sotay-current"><div class="sotay-quiz-meta">Câu đang làm: câu {q.number}/{len(board.questions)}'
            f" · {q.answered} người đã trả lời{timer}</div><p>{esc(q.stem)}</p><ol class=\"sotay-bars\">{bars}</ol>"
            + (f'<p class="sotay-key">Đáp án: <b>{esc(q.answer.replace(MATCH_SEPARATOR, " · "))}</b></p>' if not hidden else "")
            + "</div>"
        )
    if hidden:
        people = sorted(board.leaderboard, key=lambda r: r.name.casefold())
        leaders = [(r.name, r.unit, r.answered, "có" if r.finished else "chưa") for r in people]
        parts.append(f'<h3>Người tham gia</h3>{_table(HIDDEN_HEADERS, leaders, "sotay-table sotay-leaderboard")}')
        stats = [(q.number, q.stem, q.answered) for q in board.questions[: board.current if info.paced else None]]
        parts.append(f'<h3>Số trả lời từng câu</h3>{_table(HIDDEN_STATS_HEADERS, stats, "sotay-table sotay-stats")}')
        return f'<div class="sotay-projector">{"".join(parts)}</div>'
    if info.paced:
        top = [(r.rank, r.name, r.unit, r.points, r.correct) for r in board.leaderboard[:PACED_TOP]]
        parts.append(f'<h3>Bảng xếp hạng</h3>{_table(PACED_HEADERS, top, "sotay-table sotay-leaderboard")}')
    else:
        leaders = [(r.rank, r.name, r.unit, r.correct, r.answered, f"{r.seconds:g}", "có" if r.finished else "chưa") for r in board.leaderboard]
        parts.append(f'<h3>Bảng xếp hạng</h3>{_table(LEADER_HEADERS, leaders, "sotay-table sotay-leaderboard")}')
    stats = [
        (q.number, q.stem, f"{100 * q.share_correct:.0f}", q.answered, q.top_wrong.replace(MATCH_SEPARATOR, " · "), q.top_wrong_count)
        for q in board.questions[: board.current if info.paced and info.is_open else None]
    ]
    parts.append(f'<h3>Thống kê từng câu</h3>{_table(STATS_HEADERS, stats, "sotay-table sotay-stats")}')
    return f'<div class="sotay-projector">{"".join(parts)}</div>'


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


def _strings(value: object) -> list[str]:
    """A multiselect's raw value as a list of strings (anything else counts as nothing chosen)."""
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


@dataclass(frozen=True)
class Live:
    """A session as the trainer's live view shows it."""

    code: str
    key: str
    projector: str
    paced: bool
    is_open: bool
    note: str = ""


class TrainerHandlers:
    """What the trainer's panel does, without its components.

    Each method takes the raw values an event sends (checked here: the events skip Gradio's
    English-speaking checks) and returns plain values that :func:`trainer_panel` lays out;
    expected failures raise :class:`SotayError` with a Vietnamese message. A draft is
    ``{"items": [...], "spares": [...]}`` of ``QuizItem.to_json()`` dicts; the session being
    watched is ``{"code", "key"}``.
    """

    def __init__(self, lib: Library, questions: Questions, store: SessionStore, sign_ins: SignIns) -> None:
        self.lib, self.questions, self.store, self.sign_ins = lib, questions, store, sign_ins

    def signed_in(self, refusal: object, request: gr.Request | None) -> str:
        """Who is signed in, after the page posted the password to ``/dang-nhap``; or the refusal."""
        account = self.sign_ins.account(request)
        if account is not None:
            role = "quản trị" if account.role == "admin" else "báo cáo viên"
            return message_html(f"Đã đăng nhập: {account.user} ({role}).", "ok")
        return message_html((refusal if isinstance(refusal, str) and refusal else "Chưa đăng nhập.")[:300], "error")

    def sections(self, doc_ids: object) -> list[tuple[str, str]]:
        return section_choices(self.lib, _strings(doc_ids))

    def generate(
        self, doc_ids: object, scopes: object, n: object, kinds: object, level: object, request: gr.Request | None
    ) -> tuple[dict, str]:
        """A new draft of about ``n`` questions (and spares), with a note for the trainer."""
        # Generation is the app's heaviest work: an outsider must not queue it by the dozen.
        require_trainer(self.sign_ins, request)
        doc_ids, scopes, kinds = _strings(doc_ids), _strings(scopes), [k for k in _strings(kinds) if k in ITEM_TYPES]
        if not doc_ids or not kinds:
            raise SotayError("Hãy chọn ít nhất một tài liệu và một loại câu hỏi.")
        wanted_n = number_in_range(n, 1, 50, "Số câu hỏi")
        # A chosen section narrows its own document; documents without one are used whole.
        chosen = {scope.partition("#")[0] for scope in scopes}
        wanted = [*scopes, *(f"{d}#" for d in doc_ids if d not in chosen)]
        found = self.questions.make(wanted, wanted_n + SPARE_ITEMS, kinds, DIFFICULTIES.get(level) if isinstance(level, str) else None)
        if not found:
            raise SotayError("Không tạo được câu hỏi nào từ phần đã chọn; hãy chọn thêm mục hoặc loại câu hỏi.")
        value = {"items": [i.to_json() for i in found[:wanted_n]], "spares": [i.to_json() for i in found[wanted_n:]]}
        short = f" (chỉ tìm được {len(found)})" if len(found) < wanted_n else ""
        return value, f"Đã tạo {len(value['items'])} câu hỏi{short}. Xem lại trước khi mở phiên."

    @staticmethod
    def edit(value: dict, n: object, replace: bool) -> tuple[dict, str]:
        """The draft with question ``n`` dropped, or replaced by the first spare."""
        index = n - 1 if isinstance(n, (int, float)) and not isinstance(n, bool) else -1
        if not 0 <= index < len(value["items"]) or index != int(index):
            raise SotayError("Số câu không có trong danh sách.")
        items, spares, index = list(value["items"]), list(value["spares"]), int(index)
        if replace:
            if not spares:
                raise SotayError("Hết câu dự phòng; hãy tạo lại câu hỏi.")
            items[index] = spares.pop(0)
            return {"items": items, "spares": spares}, f"Đã thay câu {index + 1}."
        items.pop(index)
        return {"items": items, "spares": spares}, f"Đã bỏ câu {index + 1}."

    def open(
        self, value: dict, title: object, minutes: object, shuffle: object, show_key: object, retake: object, change: object,
        mode: object, seconds: object, speed: object, request: gr.Request | None,
    ) -> Live:
        """Open a session of the draft; the projector of it."""
        require_trainer(self.sign_ins, request)
        paced = MODES.get(mode) == "paced" if isinstance(mode, str) else False
        code, key = self.store.create(
            _items(value), title=title if isinstance(title, str) else "", time_limit_s=number_in_range(minutes or 0, 0, 240, "Thời gian") * 60,
            shuffle=shuffle is True, show_key=show_key is True, allow_retake=retake is True, allow_change=change is True,
            mode="paced" if paced else "exam", question_s=number_in_range(seconds, 5, 600, "Số giây mỗi câu") if paced else 0,
            speed_points=speed is True,
        )
        then = " Bấm «Mở câu tiếp theo» để bắt đầu câu 1." if paced else ""
        return self.live({"code": code, "key": key}, request, f"Đã mở phiên thi. Người thi vào trang /thi và nhập mã {code}.{then}")

    def live(self, current: dict | None, request: gr.Request | None, note: str = "") -> Live:
        """The projector of the session being watched."""
        if not current or not current.get("key"):
            raise SotayError("Chưa có phiên thi nào.")
        board = self.store.dashboard(current["code"], current["key"])
        return Live(
            current["code"], current["key"], projector_html(board, base_url(request)), board.session.paced, board.session.is_open, note
        )

    def act(self, action: str, current: dict | None, request: gr.Request | None) -> Live:
        """Close the session (``"close"``), open the next question (``"next"``) or end this one (``"end"``)."""
        if not current or not current.get("key"):
            raise SotayError("Chưa có phiên thi nào.")
        steps = {"close": self.store.close, "next": self.store.next_question, "end": self.store.end_question}
        steps[action](current["code"], current["key"])
        note = "Đã đóng phiên thi; không nhận thêm người tham gia và câu trả lời." if action == "close" else ""
        return self.live(current, request, note)

    def export(self, current: dict | None, fmt: str) -> Path:
        if not current or not current.get("key"):
            raise SotayError("Chưa có phiên thi nào.")
        return export_board(self.store.dashboard(current["code"], current["key"]), fmt)


def _items(value: dict) -> list[QuizItem]:
    return [QuizItem.from_json(d) for d in value["items"]]


def trainer_panel(handlers: TrainerHandlers, secret: str) -> None:
    """Lay out the trainer's panel and wire its events to ``handlers``."""
    draft = gr.State({"items": [], "spares": []})  # QuizItem.to_json() dicts
    owner = gr.State(None)  # {"code", "key"}
    saved = gr.BrowserState({"code": "", "key": ""}, storage_key="sotay-quiz-trainer", secret=secret)
    with gr.Row(elem_id="quiz-sign-in"):
        user = gr.Textbox(label="Tên đăng nhập (báo cáo viên hoặc quản trị)", elem_id="quiz-user")
        password = gr.Textbox(label="Mật khẩu", type="password", elem_id="quiz-password")
        sign_in_button = gr.Button("Đăng nhập", elem_id="quiz-sign-in-button")
    sign_in_status = gr.HTML(message_html("Tạo câu hỏi và mở phiên thi cần đăng nhập."), elem_id="quiz-sign-in-status")
    with gr.Column() as setup_box:
        with gr.Row():
            docs = gr.Dropdown(choices=document_choices(handlers.lib), value=[], multiselect=True, label="Tài liệu", elem_id="quiz-docs")
            sections = gr.Dropdown(choices=[], multiselect=True, label="Mục (để trống: cả tài liệu)", elem_id="quiz-sections")
        with gr.Row():
            count = gr.Slider(1, 50, value=10, step=1, label="Số câu hỏi", elem_id="quiz-count")
            types = gr.CheckboxGroup(
                choices=[(TYPE_LABELS[t], t) for t in ITEM_TYPES], value=list(ITEM_TYPES), label="Loại câu hỏi"
            )
            difficulty = gr.Radio(choices=list(DIFFICULTIES), value="Tất cả", label="Độ khó")
        with gr.Row():
            title = gr.Textbox(label="Tên phiên thi", placeholder="VD: Ôn tập Nghị quyết Đại hội XIII", max_length=200, elem_id="quiz-title")
            minutes = gr.Number(value=10, minimum=0, maximum=240, precision=0, label="Thời gian (phút, 0: không giới hạn)")
        with gr.Row():
            mode = gr.Radio(choices=list(MODES), value=next(iter(MODES)), label="Hình thức", elem_id="quiz-mode")
            question_s = gr.Number(
                value=20, minimum=5, maximum=600, precision=0, label="Giây cho mỗi câu (khi điều khiển từng câu)", elem_id="quiz-question-s"
            )
            speed = gr.Checkbox(value=True, label="Trả lời nhanh được nhiều điểm hơn (khi điều khiển từng câu)", elem_id="quiz-speed")
        with gr.Row():
            shuffle = gr.Checkbox(value=True, label="Xáo trộn câu hỏi và phương án")
            show_key = gr.Checkbox(
                value=False, label="Cho xem đáp án, giải thích khi phiên thi đã đóng (mặc định: không)", elem_id="quiz-show-key"
            )
            retake = gr.Checkbox(value=False, label="Cho phép làm lại (bài mới thay bài cũ; mặc định: không)", elem_id="quiz-retake")
            change = gr.Checkbox(
                value=True, label="Cho đổi câu trả lời trước khi nộp bài (mặc định: có)", elem_id="quiz-allow-change"
            )
        make = gr.Button("Tạo câu hỏi", variant="primary", elem_id="quiz-generate")
        review = gr.HTML(draft_html([]), elem_id="quiz-draft")
        with gr.Row():
            number = gr.Number(value=1, minimum=1, precision=0, label="Câu số")
            drop = gr.Button("Bỏ câu này", elem_id="quiz-drop")
            replace = gr.Button("Thay câu khác", elem_id="quiz-replace")
        open_btn = gr.Button("Mở phiên thi", variant="primary", elem_id="quiz-open")
    with gr.Column(visible=False) as live_box:
        projector = gr.HTML(elem_id="quiz-projector")
        with gr.Row(visible=False) as paced_box:
            next_question = gr.Button("Mở câu tiếp theo", variant="primary", elem_id="quiz-next-question")
            end_question = gr.Button("Kết thúc câu này", elem_id="quiz-end-question")
        with gr.Row():
            fullscreen = gr.Button("Trình chiếu toàn màn hình", elem_id="quiz-fullscreen")
            refresh = gr.Button("Làm mới", elem_id="quiz-refresh")
            xlsx = gr.Button("Xuất Excel", elem_id="quiz-export-xlsx")
            csv = gr.Button("Xuất CSV", elem_id="quiz-export-csv")
            close = gr.Button("Đóng phiên thi", variant="stop", elem_id="quiz-close")
            new = gr.Button("Tạo phiên mới", elem_id="quiz-new")
        download = gr.File(label="Tệp kết quả", interactive=False, elem_id="quiz-download")
    message = gr.HTML(elem_id="quiz-trainer-message")
    ticker = gr.Timer(3, active=False)

    live = [owner, saved, setup_box, live_box, paced_box, projector, ticker, message]
    edited = [draft, review, message]

    def show(view: Live) -> dict:
        return {
            owner: {"code": view.code, "key": view.key},
            saved: {"code": view.code, "key": view.key},
            setup_box: gr.update(visible=False),
            live_box: gr.update(visible=True),
            paced_box: gr.update(visible=view.paced and view.is_open),
            projector: view.projector,
            ticker: gr.Timer(PACED_TICK_S if view.paced else EXAM_TICK_S, active=True),
            message: message_html(view.note) if view.note else "",
        }

    def on_sign_in(name: object, refusal: object, request: gr.Request) -> tuple:
        return handlers.signed_in(refusal, request), ""  # the password box is emptied either way

    def on_generate(doc_ids: object, scopes: object, n: object, kinds: object, level: object, request: gr.Request) -> tuple:
        try:
            value, note = handlers.generate(doc_ids, scopes, n, kinds, level, request)
        except SotayError as error:
            return gr.skip(), gr.skip(), error_html(error)
        return value, draft_html(_items(value)), message_html(note)

    def on_edit(replace_it: bool) -> Callable[[dict, object], tuple]:
        def handler(value: dict, n: object) -> tuple:
            try:
                value, note = handlers.edit(value, n, replace_it)
            except SotayError as error:
                return gr.skip(), gr.skip(), error_html(error)
            return value, draft_html(_items(value)), message_html(note)

        return handler

    def on_open(
        value: dict, name: object, limit: object, mix: object, key_shown: object, retakes: object, changes: object,
        form: object, seconds: object, fast: object, request: gr.Request,
    ) -> dict:
        try:
            return show(handlers.open(value, name, limit, mix, key_shown, retakes, changes, form, seconds, fast, request))
        except SotayError as error:
            return {message: error_html(error)}

    def on_refresh(current: dict | None, request: gr.Request) -> dict:
        if not current:
            return {ticker: gr.Timer(active=False)}
        try:
            return show(handlers.live(current, request))
        except SotayError as error:
            return {message: error_html(error), ticker: gr.Timer(active=False)}

    def on_act(action: str) -> Callable[[dict | None, gr.Request], dict]:
        def handler(current: dict | None, request: gr.Request) -> dict:
            try:
                return show(handlers.act(action, current, request))
            except SotayError as error:
                return {message: error_html(error)}

        return handler

    def on_export(fmt: str) -> Callable[[dict | None], tuple]:
        def handler(current: dict | None) -> tuple:
            try:
                return str(handlers.export(current, fmt)), ""
            except SotayError as error:
                return gr.skip(), error_html(error)

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

    def on_first_view_of_panel(value: dict | None) -> dict:
        # No request here (see on_first_view): the projector's address comes with the next tick.
        resumed = on_refresh(value, None) if value and value.get("key") else {owner: gr.skip()}  # type: ignore[arg-type]
        return {**resumed, docs: documents_update(handlers.lib)}

    trainer = dict(concurrency_id="quiz_trainer", concurrency_limit=4)
    # preprocess=False: the handlers check raw values themselves and answer bad ones in
    # Vietnamese (Gradio's own checks of choices and bounds answer in English).
    raw = dict(preprocess=False, **trainer)
    gr.on(
        [sign_in_button.click, password.submit], guarded(on_sign_in), [user, password], [sign_in_status, password],
        api_name="quiz_sign_in", js=SIGN_IN_JS, **trainer,
    )
    docs.change(guarded(lambda doc_ids: gr.update(choices=handlers.sections(doc_ids), value=[])), [docs], [sections], api_name="quiz_sections", **raw)
    make.click(
        guarded(on_generate), [docs, sections, count, types, difficulty], edited,
        api_name="quiz_generate", concurrency_id="quiz_generate", concurrency_limit=1, preprocess=False,
    )
    drop.click(guarded(on_edit(False)), [draft, number], edited, api_name="quiz_drop", **raw)
    replace.click(guarded(on_edit(True)), [draft, number], edited, api_name="quiz_replace", **raw)
    open_btn.click(
        guarded(on_open), [draft, title, minutes, shuffle, show_key, retake, change, mode, question_s, speed], live,
        api_name="quiz_open", **raw,
    )
    refresh.click(guarded(on_refresh), [owner], live, api_name="quiz_dashboard", **trainer)
    ticker.tick(guarded(on_refresh), [owner], live, api_name=False, show_progress="hidden", **trainer)
    close.click(guarded(on_act("close")), [owner], live, api_name="quiz_close", show_progress="minimal", **trainer)
    next_question.click(guarded(on_act("next")), [owner], live, api_name="quiz_next_question", show_progress="minimal", **trainer)
    end_question.click(guarded(on_act("end")), [owner], live, api_name="quiz_end_question", show_progress="minimal", **trainer)
    xlsx.click(guarded(on_export("xlsx")), [owner], [download, message], api_name="quiz_export_xlsx", **trainer)
    csv.click(guarded(on_export("csv")), [owner], [download, message], api_name="quiz_export_csv", **trainer)
    new.click(on_new, None, live, api_name="quiz_new_session", **trainer)
    fullscreen.click(None, None, None, js=FULLSCREEN_JS, api_name=False)
    # Documents may have been added or removed (library tab) since the page was built.
    on_first_view(guarded(on_first_view_of_panel), [saved], [*live, docs], api_name="quiz_trainer_resume", **trainer)
