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
    "welcome": {
        "fr": "Bonjour {name} ! Je trouve pour vous des ressources sur l'innovation publique : "
        "rapports et billets de laboratoires (La 27e Région, le LAB Pôle emploi, les missions "
        "innovation des départements…).\n\nPosez-moi simplement une question, par exemple :\n"
        "• quels départements ont un labo d'innovation ?\n"
        "• comment évaluer une expérimentation ?\n"
        "• c'est quoi la Musette numérique de l'actif ?\n\n/aide pour tout savoir.",
        "en": "Hello {name}! I find public-innovation resources for you: reports and blog posts of "
        "French labs (La 27e Région, the LAB Pôle emploi, departmental innovation teams…).\n\n"
        "Just ask me a question, for example:\n• which departments have an innovation lab?\n"
        "• how to evaluate an experiment?\n\n/help for everything else.",
    },
    "help": {
        "fr": "<b>Comment m'utiliser</b>\n"
        "• Écrivez une question : je réponds avec les passages qui y répondent, le titre, la date "
        "et le lien de chaque ressource.\n"
        "• « Plus de résultats » affiche les ressources suivantes ; 👍 / 👎 nous aident à "
        "améliorer les réponses.\n"
        "• Dans un groupe : mentionnez-moi, répondez à un de mes messages ou écrivez "
        "/chercher votre question.\n"
        "• Partout : tapez @{username} votre question pour partager une ressource.\n\n"
        "<b>Commandes</b>\n/sources — ce que contient la base\n/nouveautes — les dernières "
        "ressources\n/apropos — version et modèle\n/aide — ce message",
        "en": "<b>How to use me</b>\n"
        "• Write a question: I answer with the passages that answer it, with each resource's "
        "title, date and link.\n"
        "• “More results” shows the next resources; 👍 / 👎 help us improve.\n"
        "• In a group: mention me, reply to one of my messages or write /chercher your question.\n"
        "• Anywhere: type @{username} your question to share a resource.\n\n"
        "<b>Commands</b>\n/sources — what the collection holds\n/nouveautes — latest "
        "resources\n/apropos — version and model\n/help — this message",
    },
    "sources": {
        "fr": "<b>La base contient {posts} ressources</b> ({chunks} passages indexés), publiées "
        "de {first} à {last}.\nSites : {sites}.\nDernière mise à jour : {updated}.",
        "en": "<b>The collection holds {posts} resources</b> ({chunks} indexed passages), published "
        "from {first} to {last}.\nSites: {sites}.\nLast update: {updated}.",
    },
    "unknown": {"fr": "inconnu", "en": "unknown"},
    "news_header": {"fr": "<b>Dernières ressources</b>", "en": "<b>Latest resources</b>"},
    "about": {
        "fr": "<b>innobot</b> {version}\nIndex : {index} ({posts} ressources, {chunks} passages)\n"
        "Modèle : {model}\nRecherche : mots (BM25, français) + sens (embeddings), fusionnés.",
        "en": "<b>innobot</b> {version}\nIndex: {index} ({posts} resources, {chunks} passages)\n"
        "Model: {model}\nSearch: words (BM25, French) + meaning (embeddings), fused.",
    },
    "more_button": {"fr": "➕ Plus de résultats", "en": "➕ More results"},
    "no_more": {"fr": "Il n'y a pas d'autre résultat.", "en": "There are no more results."},
    "stale_button": {
        "fr": "Cette recherche a expiré : reposez la question.",
        "en": "This search has expired: please ask again.",
    },
    "feedback_thanks": {"fr": "Merci pour votre avis !", "en": "Thanks for your feedback!"},
    "rate_limited": {
        "fr": "Doucement 🙂 Vous avez posé beaucoup de questions d'un coup ; je vous réponds de "
        "nouveau dans quelques secondes.",
        "en": "Easy 🙂 You asked many questions at once; I will answer again in a few seconds.",
    },
    "search_usage": {
        "fr": "Écrivez votre question après la commande, par exemple : /chercher labo d'innovation",
        "en": "Write your question after the command, for example: /chercher innovation lab",
    },
    "inline_more": {"fr": "Ressources sur l'innovation publique", "en": "Public-innovation resources"},
    "internal_error": {
        "fr": "Désolé, une erreur est survenue de mon côté. Réessayez dans un instant.",
        "en": "Sorry, something went wrong on my side. Please try again in a moment.",
    },
    "cmd_start": {"fr": "Démarrer et voir des exemples", "en": "Start and see examples"},
    "cmd_help": {"fr": "Comment utiliser le bot", "en": "How to use the bot"},
    "cmd_search": {"fr": "Chercher (dans un groupe)", "en": "Search (in a group)"},
    "cmd_sources": {"fr": "Ce que contient la base", "en": "What the collection holds"},
    "cmd_news": {"fr": "Les dernières ressources", "en": "Latest resources"},
    "cmd_about": {"fr": "Version, index et modèle", "en": "Version, index and model"},
}


def text(key: str, lang: Lang = "fr", **values: object) -> str:
    """The string `key` in `lang` (French when unknown), formatted with `values`."""
    entry = _CATALOGUE[key]
    return entry.get(lang, entry["fr"]).format(**values)


def lang_of(code: str | None) -> Lang:
    """The catalogue language for a Telegram or locale language code: English or French."""
    return "en" if code and code.lower().startswith("en") else "fr"
