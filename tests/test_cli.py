"""The ``sotay`` command as a user runs it: a real process over the session's indexed corpus."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from index.library import Library

DEV_SET = Path(__file__).parent / "data" / "dev_seed.tsv"


def sotay(*args: str, data_dir: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args, "--data-dir", data_dir],
        capture_output=True, text=True, timeout=300,
    )


def test_search_prints_the_cited_answer_first(library: Library) -> None:
    run = sotay("search", "Đến năm 2025 phải hoàn thành việc gì về vị trí việc làm?", "--k", "3", data_dir=library.settings.data_dir)
    assert run.returncode == 0, run.stderr
    first = run.stdout.split("\n\n")[0]
    assert first.startswith("1. Kế hoạch 230-KH/TU, mục IV.3.1")
    assert "phải cơ bản hoàn thiện xây dựng vị trí việc làm" in first


def test_search_says_how_a_question_typed_without_diacritics_was_read(library: Library) -> None:
    run = sotay("search", "vi tri viec lam", "--k", "1", data_dir=library.settings.data_dir)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("Câu hỏi không dấu được hiểu là “vị trí việc làm”.\n\n1. ")


def test_search_says_when_a_named_document_was_issued(library: Library) -> None:
    run = sotay("search", "ke hoach 230 ban hanh ngay nao", "--k", "1", data_dir=library.settings.data_dir)
    assert run.returncode == 0, run.stderr
    assert "\nKế hoạch 230-KH/TU: ban hành ngày 10/3/2023.\n\n1. Kế hoạch 230-KH/TU" in run.stdout


def test_batch_queries_give_json_lines_in_order(tmp_path: Path, library: Library) -> None:
    queries = ["lay phieu tin nhiem", "", "Mục tiêu tổng quát của Đại hội XIII"]
    path = tmp_path / "q.txt"
    path.write_text("\n".join(queries) + "\n", encoding="utf-8")
    run = sotay("search", "--queries", str(path), "--json", "--k", "4", data_dir=library.settings.data_dir)
    assert run.returncode == 0, run.stderr
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    assert [line["query"] for line in lines] == queries
    assert lines[1]["results"] == [] and lines[1]["error"]
    first = lines[0]["results"][0]
    assert {"rank", "doc_id", "doc_title", "section", "citation", "text", "score", "best_sentence"} <= set(first)
    assert len(lines[2]["results"]) == 4 and lines[2]["results"][0]["doc_id"] == "nq-dh13-2021"


def test_eval_prints_recall_and_mrr(library: Library) -> None:
    run = sotay("eval", str(DEV_SET), data_dir=library.settings.data_dir)
    assert run.returncode == 0, run.stderr
    figures = run.stdout.splitlines()[-1].split()
    assert figures[0] == "Recall@1" and float(figures[3]) >= 0.95 and float(figures[7]) >= 0.85


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("search", "   "), "trống"),
        (("search", "x" * 5000), "quá dài"),
        (("search", "cán bộ", "--doc", "khong-co"), "khong-co"),
        (("remove", "khong-co"), "khong-co"),
        (("search", "cán bộ", "--k", "mười"), "Số kết quả» phải là một số"),
        (("search", "cán bộ", "--from", "hôm qua"), "Ngày"),
    ],
)
def test_bad_input_gives_one_line_and_non_zero_exit(library: Library, args: tuple[str, ...], message: str) -> None:
    run = sotay(*args, data_dir=library.settings.data_dir)
    assert run.returncode != 0
    assert "Traceback" not in run.stderr and len(run.stderr.strip().splitlines()) == 1
    assert message in run.stderr


def test_missing_and_mismatched_index_are_explained(tmp_path: Path, library: Library) -> None:
    run = sotay("search", "cán bộ", data_dir=str(tmp_path / "empty"))
    assert run.returncode == 1 and "sotay index" in run.stderr and "Traceback" not in run.stderr
    settings_file = tmp_path / "other" / "settings.json"
    settings_file.parent.mkdir()
    # Same index files, another model named in the data dir's settings: refused, not garbage.
    shutil.copytree(Path(library.settings.data_dir) / "index", tmp_path / "other" / "index")
    settings_file.write_text(json.dumps({"model": "some/other-model"}), encoding="utf-8")
    run = sotay("search", "cán bộ", data_dir=str(tmp_path / "other"))
    assert run.returncode == 1 and "sotay index --rebuild" in run.stderr and "Traceback" not in run.stderr


def test_index_reports_a_file_without_passages_and_docs_lists_ocr(tmp_path: Path, library: Library) -> None:
    from tests.corpus.scans import known_text, scan_page, write_scan_pdf

    data = tmp_path / "data"
    shutil.copytree(Path(library.settings.data_dir) / "index", data / "index")
    scan = write_scan_pdf(tmp_path / "quy-dinh-quet.pdf", [scan_page(known_text(lines=12))])
    short = tmp_path / "hai-dong.txt"
    short.write_text("KẾ HOẠCH SỐ 99-KH/TU\nvề việc tổ chức hội nghị\n", encoding="utf-8")
    run = sotay("index", str(scan), str(short), data_dir=str(data))
    assert run.returncode == 0, run.stderr
    assert "(1 mới, 0 cập nhật" in run.stdout
    assert "Bỏ qua hai-dong.txt: không có đoạn văn nào đọc được" in run.stdout

    listed = sotay("docs", "--json", data_dir=str(data))
    assert listed.returncode == 0, listed.stderr
    entries = {e["id"]: e for e in json.loads(listed.stdout)}
    assert "hai-dong" not in entries
    assert set(entries["quy-dinh-quet"]) == {
        "id", "title", "number", "kind", "date", "issuer", "signer", "source", "passages", "ocr",
        "status", "replaced_by", "amended_by", "links", "cited_by",
    }
    assert entries["quy-dinh-quet"]["ocr"] is True and entries["quy-dinh-quet"]["passages"] > 0
    plan = entries["kh-230-tu-2023-chuyende2"]
    assert plan["status"] == "in_force" and any(link["number"] == "28-NQ/TW" for link in plan["links"])
    assert plan["ocr"] is False and plan["number"] == "230-KH/TU" and plan["issuer"]

    plain = sotay("docs", data_dir=str(data))
    row = next(line.split("\t") for line in plain.stdout.splitlines() if line.startswith("kh-230-tu-2023-chuyende2\t"))
    assert row[4] == plan["issuer"] and row[1] == "230-KH/TU"
