"""Pure decisions of the bot: addressing in groups, payloads, question cleanup, pacing."""

from __future__ import annotations

import asyncio
import gc

from hypothesis import given
from hypothesis import strategies as st

from bot.telegram.app import COMMANDS, command_list
from bot.telegram.decisions import (
    MAX_QUESTION,
    ButtonPress,
    Mention,
    Pace,
    UserPacer,
    addressed_question,
    alert_vote_payload,
    clean_question,
    has_words,
    more_payload,
    page_shown,
    parse_payload,
    payload_of,
    vote_payload,
)
from bot.telegram.keyboards import answer_keyboard
from bot.telegram.services import Turns
from tests.telegram.fake_bot_api import _COMMAND_NAME


def test_group_messages_are_for_the_bot_only_when_mentioned_or_replied_to():
    assert addressed_question("salut tout le monde", [], "innobot", False) is None
    assert addressed_question("@other_bot labo ?", [Mention(0, 10)], "innobot", False) is None
    question = addressed_question("@InnoBot labo ?", [Mention(0, 8)], "innobot", False)
    assert question is not None and question.strip() == "labo ?"
    assert addressed_question("et les départements ?", [], "innobot", True) == "et les départements ?"


def test_mentions_are_found_by_utf16_offsets_after_emoji():
    text = "🎉🎉 @innobot labo"
    assert addressed_question(text, [Mention(5, 8)], "innobot", False) is not None


def test_payloads_round_trip_and_stay_small():
    assert parse_payload(more_payload(123456789012, 999)) == ButtonPress("more", 123456789012, 999)
    assert parse_payload(vote_payload(5, 0, -1)) == ButtonPress("vote", 5, 0, -1)
    assert parse_payload(more_payload(5, 1, recent=True)) == ButtonPress("more", 5, 1, recent=True)
    assert parse_payload("t:5:r") == ButtonPress("order", 5, recent=True)
    assert parse_payload("h:23") == ButtonPress("digest_hour", 23) and parse_payload("h:24") is None
    assert len(vote_payload(10**12 - 1, 999, 1).encode()) <= 64


@given(st.text(max_size=80))
def test_any_other_payload_is_stale(data):
    press = parse_payload(data)
    assert press is None or payload_of(press) == data


@given(
    st.sampled_from(
        [
            "more",
            "vote",
            "order",
            "follow",
            "alert_vote",
            "subscription",
            "digest_hour",
            "unsubscribe",
            "forget",
        ]
    ),
    st.integers(0, 10**12 - 1),
    st.integers(0, 999),
    st.sampled_from([1, -1]),
    st.sampled_from(["p", "d", "m", "y", "n"]),
    st.sampled_from([True, False, None]),
)
def test_every_payload_round_trips_within_64_bytes(action, ident, page, vote, option, recent):
    if action == "subscription":
        option = {"y": "p", "n": "d"}.get(option, option)
    if action == "digest_hour":
        ident = ident % 25 - 1  # -1: "show the hours", else an hour of the day
    payload = payload_of(ButtonPress(action, ident, page, vote, option, recent))
    press = parse_payload(payload)
    assert press is not None and payload_of(press) == payload
    assert len(payload.encode()) <= 64


@given(
    st.integers(0, 10**12 - 1),
    st.integers(0, 999),
    st.booleans(),
    st.sampled_from([True, False, None]),  # None: the question's own order (oldest first)
    st.booleans(),
)
def test_an_answer_s_buttons_tell_its_question_page_and_order(ident, page, more, recent, topical):
    """What a reply to an answer goes on from, when the bot no longer remembers the message."""
    markup = answer_keyboard(ident, page, more, "fr", recent, topical)
    shown = page_shown(b.callback_data for row in markup.inline_keyboard for b in row)
    assert shown is not None and (shown.ident, shown.page, shown.recent) == (ident, page, recent)


def test_other_messages_buttons_show_no_answer():
    assert page_shown([]) is None and page_shown(["garbage", None, more_payload(5, 2)]) is None
    assert page_shown([alert_vote_payload(3, 1), alert_vote_payload(3, -1)]) is None  # an alert's


@given(st.text())
def test_questions_are_cleaned_of_control_characters_and_bounded(text):
    question = clean_question(text)
    assert len(question) <= MAX_QUESTION
    assert all(c.isprintable() for c in question)
    assert question == question.strip()


def test_emoji_only_questions_have_no_words():
    assert not has_words(clean_question("🙂🎉 !!"))
    assert has_words(clean_question("labo 🙂"))


def test_pacer_answers_a_burst_queues_a_few_in_order_then_says_which_are_not_taken():
    now = [0.0]
    pacer = UserPacer(burst=3, refill_seconds=5, queue=2, clock=lambda: now[0])
    paces = [pacer.check(1) for _ in range(6)]
    assert [p.delay for p in paces] == [0.0, 0.0, 0.0, 5.0, 10.0, None]
    assert [p.notice for p in paces] == [False, False, False, True, False, False]  # said once
    assert pacer.check(2) == Pace(0.0)  # another user is not slowed down
    now[0] = 15.0  # the queued two have been answered by now, and a token is back
    assert pacer.check(1) == Pace(0.0)


@given(st.lists(st.floats(0, 3), min_size=1, max_size=40))
def test_queued_questions_keep_their_order_and_none_waits_beyond_the_queue(gaps):
    now = [0.0]
    pacer = UserPacer(burst=2, refill_seconds=1, queue=3, clock=lambda: now[0])
    answer_times = []
    for gap in gaps:
        now[0] += gap
        pace = pacer.check(7)
        if pace.delay is not None:
            assert 0 <= pace.delay <= 3 * 1 + 1e-9
            answer_times.append(now[0] + pace.delay)
    assert answer_times == sorted(answer_times)


async def test_a_users_answers_go_out_in_turn_even_when_a_later_search_is_quicker():
    turns, done = Turns(), []
    release = asyncio.Event()

    async def answer(user: int, name: str, slow: bool) -> None:
        async with turns.of(user):
            if slow:
                await release.wait()
            done.append(name)

    first = asyncio.create_task(answer(1, "first", slow=True))
    second = asyncio.create_task(answer(1, "second", slow=False))
    other = asyncio.create_task(answer(2, "other user", slow=False))
    await other  # another user does not wait for user 1
    assert done == ["other user"] and not second.done()
    release.set()
    await asyncio.gather(first, second)
    assert done == ["other user", "first", "second"]
    del first, second, other
    gc.collect()
    assert 1 not in turns._locks  # nothing kept for users with no question under way


def test_commands_are_valid_for_telegram_in_both_languages():
    for lang in ("fr", "en"):
        commands = command_list(lang)
        assert len(commands) == len(COMMANDS)
        assert all(_COMMAND_NAME.match(c.command) and 1 <= len(c.description) <= 256 for c in commands)
