"""Reading, writing and importing corpus posts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.errors import CorpusError
from bot.ingest.corpus import fingerprint, import_jsonl, load_corpus, read_document, slugify, write_post
from tests.conftest import SEED_CORPUS


def test_seed_corpus_loads_with_its_metadata():
    docs = {d.id: d for d in load_corpus(SEED_CORPUS)}
    assert len(docs) == 5
    dep = docs["departements-pionniers-innovation-publique"]
    assert dep.url and dep.url.startswith("http://www.la27eregion.fr/")
    assert dep.date == dt.date(2017, 10, 13) and dep.author == "Nadège Guiraud"
    # Unknown sources stay without a link: never an invented URL.
    assert docs["transfo-strasbourg-session-9-labo-cas-pratique"].url is None


def test_missing_and_empty_corpus_are_refused(tmp_path):
    with pytest.raises(CorpusError, match="not found"):
        load_corpus(tmp_path / "nope")
    with pytest.raises(CorpusError, match=r"no post \(\*\.md\) or report"):
        load_corpus(tmp_path)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("title: [unclosed", "malformed front matter"),
        ("title: T\ndate: someday", "'date' is not a date"),
        ("title: T\nurl: javascript:alert(1)", "'url' must be an http"),
        ("title: T\ntags: 3", "'tags' must be a list"),
    ],
)
def test_bad_front_matter_names_the_file(tmp_path, header, message):
    (tmp_path / "bad-post.md").write_text(f"---\n{header}\n---\n\nTexte.", encoding="utf-8")
    with pytest.raises(CorpusError, match=message) as info:
        load_corpus(tmp_path)
    assert "bad-post.md" in str(info.value)


def test_post_without_title_takes_its_first_line(tmp_path):
    path = tmp_path / "p.md"
    path.write_text("Mon titre\n\nLe texte du post.", encoding="utf-8")
    doc = read_document(path)
    assert doc is not None and doc.title == "Mon titre" and doc.text == "Le texte du post."


def test_import_jsonl_writes_posts_that_load_back(tmp_path):
    source = tmp_path / "posts.jsonl"
    rows = [
        {
            "id": "Un post à part",
            "url": "https://ex.fr/a",
            "title": "Un post",
            "date": "2020-03-04",
            "author": "A. B.",
            "text": "Le texte.\n\nLaisser un commentaire\n\nVotre adresse de messagerie ne sera pas publiée.",
        },
        {"id": "../../etc/x", "title": "Piège", "date": "5 mai 2021", "text": "Rien de grave."},
    ]
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    paths = import_jsonl(source, tmp_path / "corpus")
    assert [p.name for p in paths] == ["un-post-a-part.md", "etc-x.md"]
    assert all(p.parent == tmp_path / "corpus" for p in paths)
    docs = {d.id: d for d in load_corpus(tmp_path / "corpus")}
    assert docs["un-post-a-part"].date == dt.date(2020, 3, 4)
    assert docs["un-post-a-part"].text == "Le texte."
    assert docs["etc-x"].date == dt.date(2021, 5, 5)


def test_import_refuses_bad_lines_with_their_number(tmp_path):
    source = tmp_path / "p.jsonl"
    source.write_text('{"text": "ok", "title": "a"}\nnot json\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"p.jsonl:2"):
        import_jsonl(source, tmp_path / "corpus")


def test_fingerprint_follows_content(tmp_path):
    post = write_post(tmp_path, "a", {"title": "A"}, "Un.")
    before = fingerprint([post])
    write_post(tmp_path, "a", {"title": "A"}, "Deux.")
    assert fingerprint([post]) != before


@given(st.text())
def test_slugs_are_safe_file_stems(value):
    slug = slugify(value)
    assert slug and "/" not in slug and ".." not in slug and not slug.startswith("-")
    assert Path(slug).name == slug


def test_unreadable_posts_are_named_and_left_out_the_others_read(tmp_path):
    from bot.ingest.corpus import read_corpus

    (tmp_path / "bon.md").write_text("---\ntitle: Bon\n---\n\nUn labo à Nancy.", encoding="utf-8")
    (tmp_path / "aussi.md").write_text("---\ntitle: Aussi\ndate: 2020-01-02\n---\n\nUne résidence.", "utf-8")
    (tmp_path / "entete.md").write_text("---\ntitle: [unclosed\n---\n\nTexte.", encoding="utf-8")
    (tmp_path / "date.md").write_text("---\ntitle: T\ndate: bientôt\n---\n\nTexte.", encoding="utf-8")
    (tmp_path / "latin1.md").write_bytes("---\ntitle: Été\n---\n\nDéjà.".encode("latin-1"))
    read = read_corpus(tmp_path)
    assert sorted(d.id for d in read.documents) == ["aussi", "bon"]
    reasons = {u.file: u.reason for u in read.unreadable}
    assert set(reasons) == {"entete.md", "date.md", "latin1.md"}
    assert "front matter" in reasons["entete.md"] and "bientôt" in reasons["date.md"]
    assert "UTF-8" in reasons["latin1.md"]


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("25 novembre 2016", "2016-11-25"),
        ("novembre 2017", "2017-11-01"),
        ("1er mars 2019", "2019-03-01"),
        ("2017", "2017-01-01"),
        ("13/10/2017", "2017-10-13"),
    ],
)
def test_french_dates_in_front_matter_are_read(tmp_path, written, read):
    (tmp_path / "p.md").write_text(f"---\ntitle: T\ndate: {written}\n---\n\nTexte du post.", encoding="utf-8")
    (document,) = load_corpus(tmp_path)
    assert document.date is not None and document.date.isoformat() == read
