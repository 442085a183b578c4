"""An error's words come from the catalogue: a refusal names its entry, fills it from what it was
given (a value that is itself a pair of words is said in the same language), and reads whole in
either language."""

from __future__ import annotations

from bot.errors import BundleInvalid, Refusal, RowProblem
from bot.words import Words

STATE: Words = ("已办结", "closed")


class TicketClosed(Refusal):
    words = ("工单 {number} 已是“{state}”状态。", "Ticket {number} is {state} already.")


def test_a_refusal_fills_its_catalogue_entry_in_each_language() -> None:
    refused = TicketClosed(number="LT-1", state=STATE)
    assert refused.message("zh") == "工单 LT-1 已是“已办结”状态。"
    assert refused.message("en") == "Ticket LT-1 is closed already."
    assert str(refused) == f"{refused.message('zh')}\n{refused.message('en')}"


def test_a_refusal_without_words_of_its_own_says_the_general_one() -> None:
    class Unexplained(Refusal):
        pass

    assert Unexplained().message("en") == "That did not go through; please try again."


def test_a_refusal_never_echoes_controls_from_what_was_typed() -> None:
    refused = TicketClosed(number="LT-1\x1b[2J", state=STATE)
    assert "\x1b" not in str(refused)


def test_a_bundle_with_more_bad_rows_than_kept_says_how_many_more_in_both_languages() -> None:
    kept = [RowProblem("agencies.csv", line, "bad") for line in range(2, 12)]
    text = str(BundleInvalid(kept, total=250))
    assert "250 处错误" in text and "250 problem(s)" in text
    assert "另有 240 处" in text and "and 240 more" in text
    assert "agencies.csv:11: bad" in text
