"""Exports of generated items load back: GIFT and Moodle XML parse, the Anki deck opens, DOCX and
PDF read with their answer key on separate pages, CSV/JSON hold every item."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from tests.quiz.quiz_generated import generated

from corpus.errors import QuizError
from quiz import export
from quiz.generate import Request
from quiz.items import TRUE, QuizItem


@pytest.fixture(scope="module")
def items(library) -> list[QuizItem]:  # noqa: ANN001
    # The bundled quiz of forty, and a matching item (whose pairs each format writes its own way)
    # whether or not the forty hold one.
    forty = generated(library).items
    items = [*forty, *(i for i in generated(library, Request(n=1, seed=1, types=("matching",))).items if i not in forty)]
    assert {"matching", "true_false", "fill_blank"} <= {i.type for i in items}
    return items


def _gift_questions(text: str) -> list[tuple[str, str]]:
    """(id, answer block) of each GIFT question, honouring backslash escapes."""
    questions, i = [], 0
    while (start := text.find("::", i)) >= 0:
        end = text.index("::", start + 2)
        ident = text[start + 2 : end]
        j, depth, body_start = end + 2, 0, None
        while True:
            ch = text[j]
            if ch == "\\":
                j += 2
                continue
            if ch == "{":
                depth, body_start = depth + 1, j + 1
            elif ch == "}":
                break
            j += 1
        assert depth == 1
        questions.append((ident, text[body_start:j]))
        i = j + 1
    return questions


def test_gift_parses_with_one_right_answer_each(items: list[QuizItem]) -> None:
    text = export.render(items, "gift").decode("utf-8")
    questions = dict(_gift_questions(text))
    assert list(questions) == [i.id for i in items]
    for item in items:
        body = questions[item.id].split("####")[0]
        lines = [line for line in body.strip().splitlines() if line]
        if item.type == "true_false":
            assert body.strip() == ("TRUE" if item.answer == TRUE else "FALSE")
        elif item.type == "matching":
            assert len(lines) == len(item.pairs) and all(" -> " in line for line in lines)
        else:
            assert [line[0] for line in lines].count("=") == 1 and len(lines) == len(item.options)
            right = next(line[1:] for line in lines if line.startswith("="))
            assert re.sub(r"\\(.)", r"\1", right) == item.answer


def test_moodle_xml_parses(items: list[QuizItem]) -> None:
    root = ET.fromstring(export.render(items, "moodle-xml"))
    questions = [q for q in root.findall("question") if q.get("type") != "category"]
    assert len(questions) == len(items)
    for q, item in zip(questions, items):
        assert q.findtext("questiontext/text") == item.stem
        if item.type == "matching":
            subs = [(s.findtext("text"), s.findtext("answer/text")) for s in q.findall("subquestion")]
            assert subs == list(item.pairs)
        elif item.type == "true_false":
            right = [a.findtext("text") for a in q.findall("answer") if a.get("fraction") == "100"]
            assert right == ["true" if item.answer == TRUE else "false"]
        else:
            right = [a.findtext("text") for a in q.findall("answer") if a.get("fraction") == "100"]
            assert right == [item.answer]


def test_aiken_has_every_non_matching_item(items: list[QuizItem]) -> None:
    blocks = export.render(items, "aiken").decode("utf-8").strip().split("\n\n")
    plain = [i for i in items if i.type != "matching"]
    assert len(blocks) == len(plain)
    for block, item in zip(blocks, plain):
        lines = block.splitlines()
        letter = lines[-1].removeprefix("ANSWER: ")
        assert next(line for line in lines if line.startswith(f"{letter}. ")) == f"{letter}. {item.answer}"


def test_anki_deck_opens_with_stable_ids(items: list[QuizItem], tmp_path: Path) -> None:
    path = export.write(items, "apkg", tmp_path / "deck.apkg")
    with zipfile.ZipFile(path) as archive:
        (tmp_path / "c.anki2").write_bytes(archive.read("collection.anki2"))
    db = sqlite3.connect(tmp_path / "c.anki2")
    notes = db.execute("select guid, flds from notes").fetchall()
    decks = json.loads(db.execute("select decks from col").fetchone()[0])
    db.close()
    assert len(notes) == len(items)
    assert {f.split("\x1f")[0] for _, f in notes} == {i.id for i in items}
    assert export.DEFAULT_TITLE in {d["name"] for d in decks.values()}
    # Re-exporting gives the same note ids and deck id, so Anki updates instead of duplicating.
    again = export.render(items, "apkg")
    (tmp_path / "again.apkg").write_bytes(again)
    with zipfile.ZipFile(tmp_path / "again.apkg") as archive:
        (tmp_path / "d.anki2").write_bytes(archive.read("collection.anki2"))
    db = sqlite3.connect(tmp_path / "d.anki2")
    assert sorted(db.execute("select guid from notes").fetchall()) == sorted((g,) for g, _ in notes)
    assert json.loads(db.execute("select decks from col").fetchone()[0]).keys() == decks.keys()
    db.close()


def test_docx_has_questions_then_key_on_a_new_page(items: list[QuizItem], tmp_path: Path) -> None:
    from docx import Document

    doc = Document(str(export.write(items, "docx", tmp_path / "quiz.docx")))
    texts = [p.text for p in doc.paragraphs]
    key_at = texts.index("Đáp án")
    assert 'w:br w:type="page"' in doc.paragraphs[key_at - 1]._p.xml
    questions = "\n".join(texts[:key_at])
    assert all(item.stem in questions for item in items)
    key = "\n".join(texts[key_at:])
    assert all(f"Câu {n}:" in key for n in range(1, len(items) + 1))
    assert not any(item.explanation in questions for item in items)


def test_pdf_has_vietnamese_text_and_key_on_separate_pages(items: list[QuizItem], tmp_path: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(str(export.write(items, "pdf", tmp_path / "quiz.pdf")))
    pages = [p.extract_text() for p in reader.pages]
    key_from = next(n for n, text in enumerate(pages) if text.lstrip().startswith("Đáp án"))
    assert key_from > 0
    assert "Câu hỏi ôn tập" in pages[0] and "Đáp án" not in "".join(pages[:key_from])
    assert "Câu 1:" in "".join(pages[key_from:])


def test_csv_and_json_hold_every_item(items: list[QuizItem]) -> None:
    rows = list(csv.DictReader(io.StringIO(export.render(items, "csv").decode("utf-8-sig"))))
    assert [r["id"] for r in rows] == [i.id for i in items]
    assert all(r["answer"] == i.answer for r, i in zip(rows, items))
    data = json.loads(export.render(items, "json"))
    assert [QuizItem.from_json(d) for d in data] == items


def test_bad_format_and_empty_set_are_refused() -> None:
    with pytest.raises(QuizError):
        export.render([], "json")
    with pytest.raises(QuizError):
        export.render([QuizItem("q", "true_false", "s", ("Đúng", "Sai"), "Đúng", "", "", "d", "s", "d#0")], "xlsx")


@pytest.mark.slow
def test_cli_writes_json_to_stdout(settings, library) -> None:  # noqa: ANN001
    done = subprocess.run(
        [sys.executable, "-m", "app", "quiz", "generate", "--n", "5", "--seed", "1", "--format", "json",
         "--type", "acronym", "--type", "where", "--data-dir", settings.data_dir],
        capture_output=True, text=True, timeout=600, check=False,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert len(data) == 5
    for entry in data:
        assert {"id", "type", "stem", "options", "answer", "explanation", "citation", "doc_id", "source_text"} <= set(entry)
    bad = subprocess.run(
        [sys.executable, "-m", "app", "quiz", "generate", "--format", "pdf", "--data-dir", settings.data_dir],
        capture_output=True, text=True, timeout=600, check=False,
    )
    assert bad.returncode == 1 and "Lỗi:" in bad.stderr and "Traceback" not in bad.stderr
