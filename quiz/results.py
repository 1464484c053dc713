"""Export a session's results (leaderboard and per-question statistics) as XLSX or CSV.

Names, units and answers are typed by participants: a cell that a spreadsheet would read as a
formula (``=HYPERLINK(...)``, ``+1``, ``-1+1``, ``@SUM``, or one led by a tab or carriage return)
is written with a leading apostrophe, as OWASP's CSV-injection advice says, so it stays text.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Literal

from corpus.atomic import atomic_path
from corpus.errors import QuizError
from quiz.sessions import Dashboard

LEADER_HEADER = ("Hạng", "Họ và tên", "Đơn vị", "Số câu đúng", "Số câu đã trả lời", "Thời gian (giây)", "Đã nộp bài")
# What spreadsheet programs take as the start of a formula (OWASP, "CSV Injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
STATS_HEADER = ("Câu", "Câu hỏi", "Đáp án", "Số người trả lời", "Số trả lời đúng", "Tỉ lệ đúng (%)", "Lựa chọn sai nhiều nhất", "Số lần chọn")


def safe_cell(value: object) -> object:
    """``value`` unchanged unless it is text a spreadsheet would run as a formula: then quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _tables(board: Dashboard) -> tuple[list[tuple], list[tuple]]:
    leaders = [
        (r.rank, r.name, r.unit, r.correct, r.answered, r.seconds, "có" if r.finished else "chưa") for r in board.leaderboard
    ]
    stats = [
        (q.number, q.stem, q.answer, q.answered, q.correct, round(100 * q.share_correct, 1), q.top_wrong, q.top_wrong_count)
        for q in board.questions
    ]
    return [tuple(map(safe_cell, row)) for row in leaders], [tuple(map(safe_cell, row)) for row in stats]


def export_results(board: Dashboard, directory: Path | str, fmt: Literal["xlsx", "csv"] = "xlsx") -> Path:
    """Write the results of ``board`` into ``directory``; returns the file written.

    XLSX has two sheets (ranking, question statistics); CSV holds the ranking then, after an
    empty row, the statistics, in UTF-8 with a BOM so spreadsheet programs read the diacritics.
    """
    if fmt not in ("xlsx", "csv"):
        raise QuizError(f"Định dạng xuất không hỗ trợ: {fmt}")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    leaders, stats = _tables(board)
    stem = re.sub(r"[^A-Za-z0-9]+", "", board.session.code) or "phien"
    path = directory / f"ket-qua-{stem}.{fmt}"

    if fmt == "csv":
        with atomic_path(path) as target, open(target, "w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows([LEADER_HEADER, *leaders, (), STATS_HEADER, *stats])
        return path

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Xếp hạng"
    _append_text_rows(sheet, (LEADER_HEADER, *leaders))
    _append_text_rows(book.create_sheet("Thống kê câu hỏi"), (STATS_HEADER, *stats))
    with atomic_path(path) as target:
        book.save(target)
    return path


def _append_text_rows(sheet, rows) -> None:  # noqa: ANN001 - openpyxl worksheet
    # openpyxl stores a string starting with "=" as a formula; the cell type is forced to text
    # ("s") so even the quoted value is never parsed.
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
