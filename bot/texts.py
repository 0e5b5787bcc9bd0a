"""Every user-facing string, in French (default) and English."""

from __future__ import annotations

from typing import Literal

Lang = Literal["fr", "en"]

_CATALOGUE: dict[str, dict[Lang, str]] = {
    "no_result": {
        "fr": "Je n'ai rien trouvé de pertinent pour « {question} ». Essayez d'autres mots, "
        "par exemple le nom d'un lieu, d'une structure ou d'une méthode.",
        "en": "I found nothing relevant for “{question}”. Try other words, for example the "
        "name of a place, an organisation or a method.",
    },
    "empty_question": {
        "fr": "Posez une question avec des mots, par exemple : quels départements ont un labo d'innovation ?",
        "en": "Ask a question with words, for example: which departments have an innovation lab?",
    },
    "results_header": {
        "fr": "{count} ressource(s) pour « {question} » :",
        "en": "{count} resource(s) for “{question}”:",
    },
    "uncertain": {
        "fr": "Je ne suis pas sûr que ces ressources répondent à « {question} » ; les plus proches :",
        "en": "I am not sure these resources answer “{question}”; the closest ones:",
    },
    "published": {"fr": "publié le {date}", "en": "published {date}"},
    "by": {"fr": "par {author}", "en": "by {author}"},
    "no_link": {"fr": "(lien d'origine inconnu)", "en": "(original link unknown)"},
    "chat_welcome": {
        "fr": "innobot — posez votre question sur l'innovation publique (Ctrl-D pour quitter).",
        "en": "innobot — ask your question about public innovation (Ctrl-D to quit).",
    },
    "chat_prompt": {"fr": "Votre question > ", "en": "Your question > "},
    "chat_bye": {"fr": "Au revoir !", "en": "Goodbye!"},
    "chat_loading": {
        "fr": "Chargement du modèle et de l'index…",
        "en": "Loading the model and the index…",
    },
    "no_token": {
        "fr": "INNOBOT_TELEGRAM_TOKEN n'est pas défini : démarrage du chat dans le terminal.",
        "en": "INNOBOT_TELEGRAM_TOKEN is not set: starting the terminal chat.",
    },
    "telegram_pending": {
        "fr": "Un jeton Telegram est défini, mais le bot Telegram n'est pas encore livré "
        "(ticket « The Telegram bot ») : démarrage du chat dans le terminal.",
        "en": "A Telegram token is set, but the Telegram bot is not shipped yet: starting the terminal chat.",
    },
    "index_built": {
        "fr": "Index construit : {documents} posts, {chunks} passages ({embedded} encodés, "
        "{reused} repris) en {seconds:.1f} s → {path}",
        "en": "Index built: {documents} posts, {chunks} chunks ({embedded} embedded, {reused} "
        "reused) in {seconds:.1f} s → {path}",
    },
    "index_present": {
        "fr": "Index déjà présent ({path}) : rien à construire.",
        "en": "Index already present ({path}): nothing to build.",
    },
    "imported": {"fr": "{count} post(s) écrit(s) dans {path}", "en": "{count} post(s) written to {path}"},
    "error": {"fr": "Erreur : {message}", "en": "Error: {message}"},
}


def text(key: str, lang: Lang = "fr", **values: object) -> str:
    """The string `key` in `lang` (French when unknown), formatted with `values`."""
    entry = _CATALOGUE[key]
    return entry.get(lang, entry["fr"]).format(**values)


def lang_of(code: str | None) -> Lang:
    """The catalogue language for a Telegram or locale language code: English or French."""
    return "en" if code and code.lower().startswith("en") else "fr"
