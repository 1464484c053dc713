"""The «Tham gia thi» panel: a way to the hall page (``/thi``, :mod:`app.hall`).

Participants answer on that page, not in Gradio events: it stays fast with a whole hall
answering at once (see the module docstring of :mod:`app.hall` and the README's figures).
"""

from __future__ import annotations

import gradio as gr

JOIN_FORM = """
<form class="sotay-hall-link" action="/thi" method="get" target="_blank">
  <p>Người thi làm bài trên trang riêng, gọn nhẹ cho điện thoại: <a href="/thi" target="_blank">/thi</a>.</p>
  <label>Mã phiên thi <input name="ma" maxlength="12" autocomplete="off" id="quiz-hall-code"></label>
  <button type="submit" id="quiz-hall-open">Mở trang thi</button>
</form>
"""


def participant_panel() -> None:
    """Lay out the panel (no events: the form opens the hall page)."""
    gr.HTML(JOIN_FORM, elem_id="quiz-hall")
