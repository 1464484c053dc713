"""Quiz items over real sentences of the bundled resolution, and a hand-moved clock, for the
session and SRS tests.

Built with the item model directly so these tests exercise the session logic on its own; the
generator has its own tests, and the browser test runs sessions on generated items.
"""

from __future__ import annotations

from quiz.items import FALSE, MATCH_SEPARATOR, TRUE, QuizItem, item_id

DOC = "nq-dh13-2021"
SENTENCE = "Đại hội đại biểu toàn quốc lần thứ XIII Đảng Cộng sản Việt Nam họp từ ngày 25/01/2021 đến ngày 01/02/2021"


def _item(type: str, stem: str, options: tuple[str, ...], answer: str, section: str = "I.1", **extra) -> QuizItem:
    return QuizItem(
        id=item_id(type, f"{DOC}#0 {stem}", answer),
        type=type,  # type: ignore[arg-type]
        stem=stem,
        options=options,
        answer=answer,
        explanation=f"Văn bản ghi: «{SENTENCE}».",
        citation="Nghị quyết Đại hội XIII, mở đầu",
        doc_id=DOC,
        source_text=SENTENCE,
        passage_key=f"{DOC}#0",
        section=section,
        **extra,
    )


def sample_items() -> list[QuizItem]:
    """Four items: two multiple choice, one true/false, one matching."""
    pairs = (("Khai mạc", "25/01/2021"), ("Bế mạc", "01/02/2021"))
    return [
        _item(
            "fill_blank",
            "Đại hội XIII họp tại ____.",
            ("Thủ đô Hà Nội", "Thành phố Hồ Chí Minh", "Đà Nẵng", "Huế"),
            "Thủ đô Hà Nội",
        ),
        _item("true_false", "Đại hội XIII khai mạc ngày 25/01/2021.", (TRUE, FALSE), TRUE),
        _item(
            "fill_blank",
            "Đại hội XIII là Đại hội đại biểu toàn quốc lần thứ ____ của Đảng.",
            ("XI", "XII", "XIII", "XIV"),
            "XIII",
            section="I.2",
        ),
        _item(
            "matching",
            "Ghép sự kiện với ngày.",
            ("01/02/2021", "25/01/2021"),
            MATCH_SEPARATOR.join(right for _, right in pairs),
            section="I.2",
            pairs=pairs,
        ),
    ]


class Clock:
    """A clock the test moves by hand (``clock.now += 60``)."""

    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now
