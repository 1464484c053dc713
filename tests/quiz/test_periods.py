"""Time limits written in words ("trong thời hạn mười lăm ngày", "05 (năm) ngày làm việc", "ba
tháng") are read as limits, asked in the document's own form, options written alike."""

from __future__ import annotations

import random

from quiz.numerals import value_of
from quiz.questions.deadline import distractors, limits


def _periods(sentence: str) -> list[tuple[str, list[str]]]:
    return [(span.text, distractors(span, random.Random(1))) for span, how in limits(sentence) if how == "period"]


def test_a_period_in_words_is_a_limit_in_its_own_form() -> None:
    [(key, options)] = _periods("Cơ quan có thẩm quyền trả lời trong thời hạn mười lăm ngày kể từ ngày nhận hồ sơ.")
    assert key == "mười lăm ngày"
    assert len(options) == 3 and all(value_of(o.removesuffix(" ngày")) for o in options), options
    [(key, options)] = _periods("Trong thời hạn 05 (năm) ngày làm việc kể từ ngày nhận đủ hồ sơ, Sở Tư pháp thẩm định.")
    assert key == "05 (năm) ngày làm việc"
    assert set(options) == {"03 (ba) ngày làm việc", "07 (bảy) ngày làm việc", "10 (mười) ngày làm việc"}
    [(key, options)] = _periods("Hồ sơ được lưu giữ không quá ba tháng kể từ ngày kết thúc.")
    assert key == "ba tháng" and "hai tháng" in options and "sáu tháng" in options
    [(key, _)] = _periods("Báo cáo trong vòng hai mươi bốn giờ kể từ khi phát hiện.")
    assert key == "hai mươi bốn giờ"


def test_words_that_spell_no_period_are_not_read() -> None:
    # Words that do not spell the figures, and a year named after "năm", are no periods.
    assert _periods("Trong thời hạn 05 (bảy) ngày làm việc kể từ ngày nhận.") == []
    assert _periods("Hoàn thành trước năm 2025 theo kế hoạch.") == []
    assert _periods("Trong thời hạn mười mười ngày kể từ ngày nhận.") == []
    # Figures alone read as before.
    assert _periods("Chậm nhất 07 ngày làm việc kể từ ngày nhận.")[0][1] == [
        "05 ngày làm việc", "10 ngày làm việc", "15 ngày làm việc"]
