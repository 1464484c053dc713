"""Export a session's results (leaderboard and per-question statistics) as XLSX or CSV."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Literal

from corpus.atomic import atomic_path
from corpus.errors import QuizError
from quiz.sessions import Dashboard

LEADER_HEADER = ("Hạng", "Họ và tên", "Đơn vị", "Số câu đúng", "Số câu đã trả lời", "Thời gian (giây)", "Đã nộp bài")
STATS_HEADER = ("Câu", "Câu hỏi", "Đáp án", "Số người trả lời", "Số trả lời đúng", "Tỉ lệ đúng (%)", "Lựa chọn sai nhiều nhất", "Số lần chọn")


def _tables(board: Dashboard) -> tuple[list[tuple], list[tuple]]:
    leaders = [
        (r.rank, r.name, r.unit, r.correct, r.answered, r.seconds, "có" if r.finished else "chưa") for r in board.leaderboard
    ]
    stats = [
        (q.number, q.stem, q.answer, q.answered, q.correct, round(100 * q.share_correct, 1), q.top_wrong, q.top_wrong_count)
        for q in board.questions
    ]
    return leaders, stats


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
    for row in (LEADER_HEADER, *leaders):
        sheet.append(row)
    sheet = book.create_sheet("Thống kê câu hỏi")
    for row in (STATS_HEADER, *stats):
        sheet.append(row)
    with atomic_path(path) as target:
        book.save(target)
    return path
