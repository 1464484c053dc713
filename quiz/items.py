"""The quiz item: what generation produces, validation checks, export writes and sessions show.

Every item is traceable: ``source_text`` is a sentence of the document verbatim (a substring of
its original text), ``passage_key`` the stored passage it comes from, ``citation`` how to cite it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from corpus.errors import QuizError

ItemType = str


@dataclass(frozen=True)
class KindName:
    """A question kind as the rest of the project names it.

    Attributes:
        name: The type stored in items and chosen on the command line.
        label: How the UI and exports name it.
        ordered: Its options are shown in the order generated (Đúng/Sai, numbers ascending).
    """

    name: str
    label: str
    ordered: bool = False


# The registry of question kinds: each is built and checked by ``quiz/questions/<name>.py``.
# Adding a kind is that module and one line here.
KINDS: tuple[KindName, ...] = (
    KindName("fill_blank", "Điền vào chỗ trống"),
    KindName("true_false", "Đúng/Sai", ordered=True),
    KindName("acronym", "Chữ viết tắt"),
    KindName("where", "Thuộc nội dung nào"),
    KindName("matching", "Ghép nối"),
    KindName("which", "Chọn nội dung thuộc phần"),
    KindName("not_in", "Không thuộc phần"),
    # Counts in ascending order; an ordering item's options are whole orderings, so shuffling
    # them changes no ordering.
    KindName("count", "Bao nhiêu nội dung", ordered=True),
    KindName("order", "Sắp xếp thứ tự"),
    KindName("position", "Mục nêu đầu tiên"),
    KindName("motto", "Phương châm, khẩu hiệu"),
    KindName("responsible", "Cơ quan, chức danh phụ trách"),
    KindName("deadline", "Thời hạn"),
    KindName("definition", "Giải thích từ ngữ"),
    KindName("symbol", "Ký hiệu trong công thức"),
    KindName("threshold", "Mức, tỷ lệ quy định"),
    KindName("subject", "Văn bản về nội dung gì"),
    KindName("issued", "Ban hành khi nào, bởi ai"),
    KindName("effective", "Có hiệu lực từ khi nào"),
    KindName("scenario", "Tình huống áp dụng"),
    KindName("merged", "Tên đơn vị sau sắp xếp"),
    KindName("procedure", "Thủ tục hành chính"),
    KindName("amount", "Mức tiền, tỷ lệ quy định"),
    KindName("article", "Điều khoản quy định về gì"),
    KindName("cited", "Văn bản làm căn cứ"),
    KindName("formula", "Công thức tính"),
    KindName("spelled", "Con số ghi bằng số và chữ"),
    KindName("abolished", "Thủ tục bị bãi bỏ, mới ban hành"),
    KindName("customs_code", "Mã số hàng hóa"),
    KindName("step", "Bước của quy trình: ai làm, bao lâu"),
    KindName("published", "Số thủ tục hành chính được công bố", ordered=True),
    KindName("law", "Luật làm căn cứ"),
    KindName("proposer", "Ban hành theo đề nghị của ai"),
    KindName("replaced", "Văn bản bị bãi bỏ, sửa đổi"),
    KindName("spec", "Thông số, số lượng của hàng hóa"),
)
ITEM_TYPES: tuple[str, ...] = tuple(k.name for k in KINDS)
TYPE_LABELS: dict[str, str] = {k.name: k.label for k in KINDS}
ORDERED_OPTIONS: tuple[str, ...] = tuple(k.name for k in KINDS if k.ordered)

TRUE, FALSE = "Đúng", "Sai"
BLANK = "____"
# Separator of the key of a matching item (right-hand sides in the order of the left-hand sides).
MATCH_SEPARATOR = " | "


def item_id(type: str, source: str, answer: str) -> str:
    """Stable id from what defines an item, so re-generating the same item gives the same id.

    Args:
        type: The item type.
        source: The passage key and source sentence (plus the stem where one sentence yields
            several items of a type, e.g. a true and a changed statement).
        answer: The answer.
    """
    digest = hashlib.sha256("\x1f".join((type, source, answer)).encode("utf-8")).hexdigest()
    return f"q{digest[:15]}"


_REQUIRED = frozenset(
    ("id", "type", "stem", "options", "answer", "explanation", "citation", "doc_id", "source_text", "passage_key")
)


@dataclass(frozen=True)
class QuizItem:
    """One question with its key and source.

    Attributes:
        id: Stable id (see :func:`item_id`).
        type: ``fill_blank`` (4-option multiple choice on a blanked sentence), ``true_false``
            (options ``["Đúng", "Sai"]``), ``acronym`` (what an abbreviation stands for),
            ``where`` (which part/group a statement belongs to), ``matching`` (headings ↔ measures),
            ``which`` / ``not_in`` (which statement is / is NOT in a part), ``count`` (how many
            sub-parts or numbered items a part has), ``order`` (which ordering of a procedure's
            steps or a timeline's phases is right; options are orderings joined by " → ").
        stem: The question; a blank is written ``____``.
        options: Choices in display order. For ``matching``: the right-hand sides, shuffled.
        answer: The correct option, equal to one of ``options``. For ``matching``: the right-hand
            sides in the order of ``pairs`` joined by ``" | "`` (use :meth:`is_correct`).
        explanation: Why, quoting the source sentence.
        citation: Where the source stands (document, section), ready to show.
        doc_id: The source document.
        source_text: The source sentence, verbatim from the document's original text.
        passage_key: The stored passage (``"<doc_id>#<order>"``) holding ``source_text``.
        section: Section path of the source, e.g. ``"IV.3"``.
        tags: Section headings and what the question is on (``year``, ``number``, ``term``...).
        difficulty: 1 (easy) to 3 (hard), estimated.
        pairs: ``matching`` only: the correct (left, right) pairs, left in display order.
    """

    id: str
    type: ItemType
    stem: str
    options: tuple[str, ...]
    answer: str
    explanation: str
    citation: str
    doc_id: str
    source_text: str
    passage_key: str
    section: str = ""
    tags: tuple[str, ...] = ()
    difficulty: int = 2
    pairs: tuple[tuple[str, str], ...] = field(default=())

    @property
    def answer_index(self) -> int:
        """Index of the answer in ``options`` (-1 for matching items)."""
        return self.options.index(self.answer) if self.answer in self.options else -1

    def is_correct(self, response: str | Sequence[str]) -> bool:
        """Whether a response is right: an option string, or for matching the right-hand sides
        chosen for each left-hand side, in order."""
        if self.type == "matching":
            chosen = response.split(MATCH_SEPARATOR) if isinstance(response, str) else list(response)
            return chosen == [right for _, right in self.pairs]
        return response == self.answer

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (lists instead of tuples)."""
        data = asdict(self)
        data["options"] = list(self.options)
        data["tags"] = list(self.tags)
        data["pairs"] = [list(pair) for pair in self.pairs]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> QuizItem:
        """Rebuild an item from :meth:`to_json` output; unknown keys are ignored.

        Raises:
            QuizError: A required field is missing or the type is unknown.
        """
        names = {f.name for f in fields(cls)}
        missing = sorted(_REQUIRED - set(data))
        if missing:
            raise QuizError(f"Câu hỏi thiếu trường: {', '.join(missing)}")
        if data["type"] not in ITEM_TYPES:
            raise QuizError(f"Loại câu hỏi không hợp lệ: {data['type']}")
        values = {k: v for k, v in data.items() if k in names}
        values["options"] = tuple(values["options"])
        values["tags"] = tuple(values.get("tags", ()))
        values["pairs"] = tuple((left, right) for left, right in values.get("pairs", ()))
        values["difficulty"] = int(values.get("difficulty", 2))
        return cls(**values)
