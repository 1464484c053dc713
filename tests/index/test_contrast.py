"""The best candidates read against each other (index.contrast): the words that set one apart
weigh, those every candidate shares do not; on real documents with the real model."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from index.contrast import contrast_scores, query_terms
from index.fusion import RankingParams
from index.library import Library
from index.settings import Settings

REALDOCS = Path(__file__).parents[1] / "data" / "realdocs"

# A notice about one province: its name is rare in the library, and in every candidate.
CANDIDATES = [
    "Tăng trưởng kinh tế 9 tháng của Thanh Hóa ước đạt 8,19%, thuộc nhóm địa phương có tốc độ cao.",
    "Đổi mới mô hình phát triển của Thanh Hóa, xây dựng kinh tế xanh, kinh tế số, kinh tế tuần hoàn.",
    "Thanh Hóa cần tiếp tục có những giải pháp khắc phục tồn tại, hạn chế.",
]
LIBRARY = {"thanh": 40, "hoa": 300, "kinh": 200, "te": 900, "mo": 120, "hinh": 150, "phat": 800, "trien": 800}


def test_the_words_every_candidate_shares_weigh_little() -> None:
    terms = query_terms("Thanh Hóa phát triển những mô hình kinh tế nào?", folded=False)
    assert "mô_hình" in terms and "những" not in terms and "nào" not in terms
    scores = contrast_scores(terms, CANDIDATES, LIBRARY, 10_000, folded=False)
    assert scores[1] == 1.0
    assert scores[2] < 0.1 < scores[0] < 0.8


def test_a_question_typed_without_diacritics_is_read_folded() -> None:
    terms = query_terms("thanh hoa phat trien mo hinh kinh te nao", folded=True)
    assert "mo_hinh" in terms and "nao" not in terms
    scores = contrast_scores(terms, CANDIDATES, LIBRARY, 10_000, folded=True)
    assert scores.index(1.0) == 1


def test_no_query_word_in_any_candidate_lifts_nothing() -> None:
    assert contrast_scores(query_terms("Quỹ bảo hiểm nào?", folded=False), CANDIDATES, LIBRARY, 10_000, folded=False) == [0.0] * 3
    assert contrast_scores(query_terms("gì?", folded=False), [], LIBRARY, 10_000, folded=False) == []


def test_the_passage_set_apart_by_the_questions_words_comes_first(
    tmp_path: Path, settings: Settings, embedder  # noqa: ANN001
) -> None:
    # Every passage of 634/TB-VPCP is about Thanh Hóa, and a dozen of 16/2025/NĐ-CP's about the
    # social insurance of standing militia: without the contrast the passage that answers was 4th
    # and 6th, under siblings that share the question's subject words.
    lib = Library(Settings.load(data_dir=str(tmp_path), model_cache_dir=settings.model_cache_dir), embedder=embedder)
    lib.add_paths([REALDOCS / f for f in ("16-2025-nd-cp.md", "21-2025-tt-bgddt.md", "634-tb-vpcp.md")])
    questions = {
        "Tiền đóng bảo hiểm xã hội cho dân quân thường trực do ai chi?": "do ngân sách địa phương bảo đảm",
        "Thủ tướng yêu cầu Thanh Hóa phát triển những mô hình kinh tế nào?": "kinh tế xanh, kinh tế số",
    }

    def rank(query: str, answer: str) -> int | None:
        return next((r.rank for r in lib.search(query, k=10) if answer in r.text), None)

    assert all((rank(q, a) or 99) <= 2 for q, a in questions.items())
    # A question of question words alone lifts none: the scores shown are those without the step.
    unheld = [r.score for r in lib.search("Như thế nào?", k=5)]
    lib.ranking = replace(RankingParams(), contrast=0.0)
    assert all((rank(q, a) or 99) > 3 for q, a in questions.items())
    assert unheld and [r.score for r in lib.search("Như thế nào?", k=5)] == unheld
