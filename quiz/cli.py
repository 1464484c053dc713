"""``sotay quiz generate``: quiz items from the library, to a file or standard output."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from corpus.errors import QuizError
from index.settings import Settings
from quiz.export import DEFAULT_TITLE, FORMATS, render, write
from quiz.items import ITEM_TYPES

# Formats that are text, so they can go to standard output.
_TEXT_FORMATS = ("json", "csv", "gift", "moodle-xml", "aiken")


def register(subparsers: Any) -> None:
    """Add ``quiz generate`` to the ``sotay`` command's sub-commands."""
    quiz = subparsers.add_parser("quiz", help="câu hỏi ôn tập tạo từ tài liệu")
    quiz_sub = quiz.add_subparsers(dest="quiz_command", required=True)
    p = quiz_sub.add_parser("generate", help="tạo câu hỏi trắc nghiệm, đúng/sai, ghép nối từ tài liệu")
    p.add_argument("--data-dir", help="thư mục dữ liệu (mặc định: cài đặt SOTAY_DATA_DIR hoặc thư mục người dùng)")
    p.add_argument("--n", type=int, default=20, help="số câu hỏi (mặc định 20)")
    p.add_argument("--doc", action="append", default=[], help="chỉ lấy từ tài liệu có mã này (lặp lại được)")
    p.add_argument("--section", action="append", default=[], help="chỉ lấy từ mục này, ví dụ IV.3 (lặp lại được)")
    p.add_argument("--type", action="append", default=[], choices=ITEM_TYPES, help="loại câu hỏi (lặp lại được)")
    p.add_argument("--difficulty", action="append", type=int, default=[], choices=(1, 2, 3),
                   help="độ khó ước lượng 1–3 (lặp lại được)")
    p.add_argument("--seed", type=int, default=0, help="hạt giống ngẫu nhiên: cùng hạt giống, cùng bộ câu hỏi")
    p.add_argument("--format", default="json", choices=FORMATS, help="định dạng xuất (mặc định json)")
    p.add_argument("-o", "--output", help="tệp ghi ra (mặc định: in ra màn hình, với định dạng văn bản)")
    p.add_argument("--title", default=DEFAULT_TITLE, help="tiêu đề bộ câu hỏi (DOCX, PDF, Anki)")
    p.set_defaults(func=lambda args: run(args, Settings.load(data_dir=args.data_dir)))


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Generate items as the arguments ask and write them out; messages go to standard error."""
    from index.library import Library
    from quiz.generate import Generator, Request

    if args.output is None and args.format not in _TEXT_FORMATS:
        raise QuizError(f"Định dạng {args.format} cần tệp ghi ra: thêm -o TỆP.")
    library = Library(settings)
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
    # Candidates that never became items (too few good distractors) are not counted as rejected.
    rejected = sum(n for rule, n in result.rejected.items() if rule != "no_distractors")
    message = f"Đã tạo {len(result.items)} câu hỏi (loại bỏ {rejected} câu không đạt kiểm tra)."
    if len(result.items) < args.n:
        message += f" Chỉ có {len(result.items)}/{args.n} câu đạt yêu cầu với lựa chọn này."
    print(message, file=sys.stderr)
    return 0
