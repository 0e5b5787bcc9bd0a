"""Matching new documents to subscriptions with the real model and a real index."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
from sqlalchemy import select

from bot import service
from bot.alerts import announcing
from bot.search.indexing import vector_key
from bot.settings import Settings
from bot.store import Store
from bot.store.schema import outbox
from tests.conftest import SEED_CORPUS, make_settings, subscribe

NEW_POST = "departements-pionniers-innovation-publique"


def _announce(settings: Settings, store: Store, embedder) -> announcing.AnnounceReport:
    retriever = service.open_retriever(settings, lambda: embedder)
    return announcing.announce(store, retriever, service.match_params(settings))


def _before_the_new_post(tmp_path, embedder) -> tuple[Path, Settings, Store]:
    """The seed corpus without NEW_POST, indexed and matched once (nobody subscribed yet)."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, corpus, ignore=shutil.ignore_patterns(f"{NEW_POST}.md"))
    # Default settings: the post, published in 2017, is new to the collection (not a back-fill).
    settings = make_settings(tmp_path)
    store = service.open_store(settings)
    service.build_index(settings, lambda: embedder)
    first = _announce(settings, store, embedder)
    assert (first.new_documents, first.alerts) == (4, 0)
    return corpus, settings, store


def test_a_new_post_is_announced_once_to_the_topics_it_is_about(tmp_path, real_embedder):
    corpus, settings, store = _before_the_new_post(tmp_path, real_embedder)
    try:
        labs = subscribe(store, real_embedder, 1, "laboratoires d'innovation des départements")
        subscribe(store, real_embedder, 2, "football amateur")
        subscribe(store, real_embedder, 3, "innovation dans les départements", ("Creuse",))
        subscribe(store, real_embedder, 4, "Semaine de l'innovation publique")  # an old post's topic
        shutil.copy(SEED_CORPUS / f"{NEW_POST}.md", corpus)
        service.build_index(settings, lambda: real_embedder)
        report = _announce(settings, store, real_embedder)
        assert report.new_documents == 1 and report.subscriptions == 4
        (claim,) = store.outbox.claim("test", 10, 5, 60)
        (alert,) = claim.alerts
        assert (claim.chat_id, alert.subscription_id, alert.doc_id) == (1, labs, NEW_POST)
        assert alert.url and "la27eregion" in alert.url
        assert "Laisser un commentaire" not in alert.passage.text and alert.passage.highlights
        # Matching again, or rebuilding, never queues it twice.
        assert _announce(settings, store, real_embedder).alerts == 0
        service.build_index(settings, lambda: real_embedder)
        assert _announce(settings, store, real_embedder).new_documents == 0
        assert sum(store.outbox.counts().values()) == 1
    finally:
        store.close()


def test_a_subscription_made_after_the_post_arrived_gets_no_alert(tmp_path, real_embedder):
    settings = make_settings(tmp_path, corpus_dir=SEED_CORPUS)
    store = service.open_store(settings)
    try:
        service.build_index(settings, lambda: real_embedder)
        subscribe(store, real_embedder, 1, "laboratoires d'innovation des départements")
        # The documents were never matched (say the database was down), but were in the index
        # before the subscription: they are not news to this subscriber.
        assert _announce(settings, store, real_embedder).alerts == 0
    finally:
        store.close()


def test_topics_embedded_with_another_model_are_embedded_again(tmp_path, real_embedder, retriever):
    settings = make_settings(tmp_path, alerts_max_age_days=0)  # old seed posts play new ones
    store = service.open_store(settings)
    try:
        _, sub = store.subscriptions.add(1, "fr", "labos dinnovation", (), b"\x00" * 16, "old-model", 5)
        assert sub is not None
        vectors = announcing.topic_vectors(store, retriever, [sub])
        # Embedded as a question is: the elision typed without its apostrophe written with one.
        assert np.allclose(vectors[sub.id], real_embedder.embed_query("labos d'innovation"), atol=1e-5)
        stored = store.subscriptions.get(sub.id)
        assert stored is not None and stored.vector_model == retriever.query_key("labos dinnovation")
    finally:
        store.close()


def test_a_topic_read_otherwise_since_it_was_stored_is_embedded_again(tmp_path, retriever):
    # The seed posts use "PE" beside "Pôle Emploi": the model reads "les agents de PE" spelled out.
    # A vector stored while the topic was read as typed (before the collection used the acronym)
    # is computed again; one stored with the key of the current reading is kept as it is.
    settings = make_settings(tmp_path)
    store = service.open_store(settings)
    try:
        as_typed = vector_key(retriever.embedder.name, "les agents de PE")
        assert retriever.query_key("les agents de PE") != as_typed
        _, old = store.subscriptions.add(1, "fr", "les agents de PE", (), b"\x00" * 16, as_typed, 5)
        _, kept = store.subscriptions.add(
            2, "fr", "tiers-lieux", (), b"\x01" * 16, retriever.query_key("tiers-lieux"), 5
        )
        assert old is not None and kept is not None
        vectors = announcing.topic_vectors(store, retriever, [old, kept])
        assert np.allclose(vectors[old.id], retriever.query_vector("les agents de PE"), atol=1e-5)
        assert vectors[kept.id].tobytes() == b"\x01" * 16
        stored = store.subscriptions.get(old.id)
        assert stored is not None and stored.vector_model == retriever.query_key("les agents de PE")
    finally:
        store.close()


def test_a_post_the_search_would_show_after_max_rank_others_raises_no_alert(tmp_path, real_embedder):
    broad, precise = "innovation et fonction publique", "laboratoires d'innovation des départements"
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, corpus, ignore=shutil.ignore_patterns(f"{NEW_POST}.md"))
    # Two deployments on one index, with and without the rank check (0: off); a post ranked further
    # down but scoring nearly as well as the first (crowd_ratio) is tested in test_matching.
    deployments = {
        max_rank: make_settings(
            tmp_path, alerts_max_age_days=0, alerts_max_rank=max_rank, alerts_crowd_ratio=2.0,
            database_url=f"sqlite:///{tmp_path / f'state-{max_rank}.sqlite3'}",
        )
        for max_rank in (0, 2)
    }  # fmt: skip
    stores = {max_rank: service.open_store(settings) for max_rank, settings in deployments.items()}
    try:
        service.build_index(deployments[0], lambda: real_embedder)
        for max_rank, store in stores.items():
            _announce(deployments[max_rank], store, real_embedder)
            subscribe(store, real_embedder, 1, broad)
            subscribe(store, real_embedder, 2, precise)
        shutil.copy(SEED_CORPUS / f"{NEW_POST}.md", corpus)
        service.build_index(deployments[0], lambda: real_embedder)
        retriever = service.open_retriever(deployments[0], lambda: real_embedder)
        ranks = {
            t: [h.doc_id for h in retriever.search(t, 5).hits].index(NEW_POST) + 1 for t in (broad, precise)
        }
        assert ranks[broad] > 2 >= ranks[precise]  # posts more about the broad topic (not in its title)
        alerted = {}
        for max_rank, store in stores.items():
            announcing.announce(store, retriever, service.match_params(deployments[max_rank]))
            alerted[max_rank] = {claim.chat_id for claim in store.outbox.claim("test", 10, 5, 60)}
    finally:
        for store in stores.values():
            store.close()
    assert alerted == {0: {1, 2}, 2: {2}}


def test_a_post_holding_a_named_topic_in_full_and_ranked_first_for_it_is_announced(tmp_path, real_embedder):
    # "Creuse" is written in the new post, which a search for it ranks first; but a one-word topic
    # is far from any passage in meaning (cosine 0.84), under the score the other topics need.
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, corpus, ignore=shutil.ignore_patterns(f"{NEW_POST}.md"))
    deployments = {
        on: make_settings(
            tmp_path, alerts_max_age_days=0, alerts_exact_min_cosine=None if on else 2.0,
            # Off, the lead rule too: a search now answers a word the post writes (flagged
            # uncertain), so the post also leads the search, which alone would announce it.
            alerts_lead_min_cosine=None if on else 2.0,
            database_url=f"sqlite:///{tmp_path / f'state-{on}.sqlite3'}",
        )
        for on in (True, False)
    }  # fmt: skip
    stores = {on: service.open_store(settings) for on, settings in deployments.items()}
    try:
        service.build_index(deployments[True], lambda: real_embedder)
        for on, store in stores.items():
            _announce(deployments[on], store, real_embedder)
            subscribe(store, real_embedder, 1, "Creuse")
            subscribe(store, real_embedder, 2, "football amateur")
        shutil.copy(SEED_CORPUS / f"{NEW_POST}.md", corpus)
        service.build_index(deployments[True], lambda: real_embedder)
        retriever = service.open_retriever(deployments[True], lambda: real_embedder)
        ranked = retriever.search("Creuse", 3, gated=False)
        # Under the floor: a search answers only because the post writes the word (uncertain).
        assert ranked.hits[0].doc_id == NEW_POST and not ranked.confident
        assert ranked.relevance < retriever.params.semantic_floor
        alerted = {}
        for on, store in stores.items():
            matches = announcing.announce(store, retriever, service.match_params(deployments[on]))
            alerted[on] = [
                (c.chat_id, a.doc_id) for c in store.outbox.claim("t", 10, 5, 60) for a in c.alerts
            ]
            assert matches.subscriptions == 2
    finally:
        for store in stores.values():
            store.close()
    assert alerted == {True: [(1, NEW_POST)], False: []}


SECOND_MEETING = """---
title: "Les départements, pionniers des démarches d’innovation publique : la deuxième rencontre"
url: http://www.la27eregion.fr/les-departements-pionniers-la-deuxieme-rencontre/
date: 2018-10-12
---

Les départements, pionniers des démarches d’innovation publique : la deuxième rencontre

Un an après la première journée, nous avons de nouveau réuni à Superpublic les agents « pionniers »
des Départements adhérents de la 27e Région, engagés dans des démarches d’innovation publique, pour
faire le point sur leurs laboratoires et leurs missions innovation.

Les équipes du Calvados, de l’Isère, de la Loire-Atlantique et des Alpes-Maritimes ont raconté ce
qui a changé en un an : des labos mieux installés, des élus plus présents, des agents formés au
design des politiques publiques.

La journée s’est terminée par un atelier sur l’évaluation de ces démarches et sur les façons de les
partager d’un Département à l’autre.
"""


def test_a_thumbs_down_on_an_alert_keeps_the_next_post_of_its_kind_from_that_subscriber_only(
    tmp_path, real_embedder
):
    corpus, settings, store = _before_the_new_post(tmp_path, real_embedder)
    try:
        topic = "laboratoires d'innovation des départements"
        voter, other = subscribe(store, real_embedder, 1, topic), subscribe(store, real_embedder, 2, topic)
        shutil.copy(SEED_CORPUS / f"{NEW_POST}.md", corpus)
        service.build_index(settings, lambda: real_embedder)
        assert _announce(settings, store, real_embedder).alerts == 2
        first = {c.chat_id: c.alerts[0] for c in store.outbox.claim("test", 10, 5, 60)}
        assert store.outbox.vote(first[1].id, 1, -1)  # 👎 from the first subscriber only
        # A year later, the report of the next meeting: a post of the same kind.
        (corpus / "departements-pionniers-deuxieme-rencontre.md").write_text(SECOND_MEETING)
        service.build_index(settings, lambda: real_embedder)
        assert _announce(settings, store, real_embedder).new_documents == 1
        with store.engine.connect() as conn:
            queued = {tuple(row) for row in conn.execute(select(outbox.c.subscription_id, outbox.c.doc_id))}
        assert queued == {
            (voter, NEW_POST),
            (other, NEW_POST),
            (other, "departements-pionniers-deuxieme-rencontre"),
        }
    finally:
        store.close()
