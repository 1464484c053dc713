"""The pages written in the portal's shapes for kinds the real pages lack (``tests/data/shaped``):
every field their writer expected, and no passage of chrome, letterhead, signature or recipients.
Each rule they found has its own test on a real page or on the shape alone; this keeps them
together on the pages where they were found."""

from __future__ import annotations

from bench.reading import FIELDS, shaped


def test_the_pages_of_other_kinds_read_as_their_writer_expected() -> None:
    report = shaped()
    assert report.documents == 16
    assert report.mismatches == [] and all(report.right[name] == 16 for name in [*FIELDS, "recipients"])
    assert report.chrome == []
