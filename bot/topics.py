"""How a topic is written: the words that frame it ("je veux suivre …") are not the topic's.

Pure text rules, below every stage, because both /abonner (alerts) and the store's migration of
topics saved before these rules (0005) read a topic the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.analysis import CLOSING, GREETING, POST_WORDS, PUBLISHED, analyze, fold_aligned

MAX_TOPIC = 200

# "peux-tu", "pourriez-vous", "est-ce que tu peux": asking someone to do something, before the verb.
CAN_YOU = (
    r"(?:(?:est-ce\s+que\s+)?(?:tu\s+(?:peux|pourrais)|vous\s+(?:pouvez|pourriez))|(?:peux|pourrais)[-\s]tu"
    r"|(?:pouvez|pourriez)[-\s]vous)"
)
# Asking for posts ("je cherche des articles sur …", "y a-t-il des ressources sur …", "any posts
# about …"), read the same way in topics and in questions (bot.search.filters): the verbs, then
# what people call posts besides the words for posts themselves.
REQUESTING = (
    # "y a quoi sur …", "t'as quoi sur …", "what do you have on …": what there is about a subject
    # (before "y a", "t'as" alone, which would leave "quoi").
    r"(?:(?:y\s*'?\s*a|il\s+y\s+a|t'as|tu\s+as|vous\s+avez|avez[-\s]vous|as[-\s]tu)\s+quoi"
    r"|qu'est-ce\s+qu(?:e\s+|')\s*(?:tu\s+as|t'as|vous\s+avez|il\s+y\s+a|on\s+a)"
    r"|what\s+do\s+you\s+have|what\s+have\s+you\s+got"
    r"|(?:je|j'|j)\s*(?:re)?cherche|on\s+(?:re)?cherche|nous\s+(?:re)?cherchons|(?:avez|auriez)[-\s]vous"
    r"|(?:as|aurais)[-\s]tu|tu\s+(?:as|aurais)|t'as|vous\s+(?:avez|auriez)"
    # With or without hyphens and apostrophes: "y a t il", "est ce qu il y a", "existe t il".
    r"|y\s+a[-\s]+t[-\s]+(?:il|'il)|il\s+y\s+a|est[-\s]ce\s+qu['\s]?\s*il\s+y\s+a|existe[-\s]+t[-\s]+il"
    r"|y\s*'?\s*a"
    # "je voudrais des articles sur …": only before posts or "sur …" (_ASKING_FOR_POSTS).
    r"|(?:je|j')\s*(?:veux|voudrais|souhaite|souhaiterais|aimerais)|j'aimerais"
    r"|(?:connais|conseilles|recommandes)[-\s]tu|(?:connaissez|conseillez|recommandez)[-\s]vous"
    r"|(?:donne|trouve|montre|cite|liste|envoie|conseille|recommande|indique)[-\s]moi"
    r"|(?:donnez|trouvez|montrez|citez|listez|envoyez|conseillez|recommandez|indiquez)[-\s]moi"
    rf"|{CAN_YOU}\s+me\s+(?:trouver|donner|montrer|citer|lister|envoyer|conseiller|recommander|indiquer)"
    r"|do\s+you\s+(?:have|know)|are\s+there|is\s+there|(?:show|find|give|send)\s+me"
    r"|(?:i\s*'?\s*a?m\s+)?(?:looking|searching)\s+for|recommend|suggest)"
)
THINGS = (
    r"(?:documents?|docs|lectures?|references?|liens?|links?|resources?|readings?|papers?|infos?"
    r"|informations?|trucs?|choses?|elements?|quelque\s+chose|qqch|something|anything|stuff)"
)
# What the posts say about a subject ("que disent les articles sur …"): the subject is what is
# asked about, in topics and in questions.
SAYING = r"(?:disent|racontent|expliquent|proposent)"
_POSTS = rf"(?:(?:les|des|vos|the)\s+)?{POST_WORDS}"
# "… quand il y a du nouveau", after "préviens-moi" or "me prévenir": when, not what.
_WHEN_NEW = (
    r"(?:\s+(?:quand|des\s+que?|si|lorsque?)(?:\s+|(?<='))(?:il\s+y\s+a|ca\s+bouge|quelque\s+chose)?)?"
    r"(?:\s+(?:du|quelque\s+chose\s+de)\s+(?:nouveau|neuf))?"
)
# How people frame what they want to follow, before the topic itself ("je veux suivre …", "les
# nouveaux articles sur …", "news about …", a question from the 🔔 button). Matched on lower-case
# text without accents. The frame's words are not the topic's: left in, they count as topic words
# a post must hold and pull the topic's embedding towards "subscribing" — on the archive topics,
# "je veux suivre X" matched 9 % of the expected alerts and "actualités : X" 55 %.
_ASKING = [  # followed by the topic, or by a link word ("suivre les …", "être alerté sur …")
    REQUESTING,
    rf"(?:que|qu'est-ce\s+qu(?:e\s+|'))\s*(?:{SAYING}\s+{_POSTS}|{_POSTS}\s+{SAYING})",
    rf"what\s+do\s+{_POSTS}\s+(?:say|tell(?:\s+us)?)",
    r"(?:moi|je|j')\s*(?:veux|voudrais|souhaite|souhaiterais|aimerais|desire|prefere)(?:\s+bien)?",
    r"(?:i\s+)?(?:want|would\s+like|'d\s+like|wish)\s+to",
    # As typed on a phone, without the hyphen too.
    r"(?:m'?|nous)\s*abonner|(?:abonne|abonnez|inscris|inscrivez)[-\s](?:moi|nous)|je\s+m'?\s*abonne",
    # "peux-tu me prévenir …", "tu pourrais m'abonner à …": the request's own "can you".
    rf"{CAN_YOU}|(?:can|could)\s+you(?:\s+please)?",
    r"please|svp|stp|s'il\s+(?:te|vous)\s+plait",  # before the request: "please notify me about …"
    # "créer une alerte sur …", "activez-moi des alertes pour …": then "une alerte" names the posts.
    r"(?:(?:creer|ajouter|activer|mettre(?:\s+en\s+place)?|cree|creez|ajoute|ajoutez|active|activez)"
    r"(?:[-\s]+(?:moi|nous))?|m'\s*inscrire)(?=\s+(?:une|des|les|mes|aux)\s+(?:alertes?|notifications?))",
    r"(?:subscribe|sign\s+me\s+up|sub)(?:\s+me)?\s+(?:to|for)",
    rf"(?:m'|me\s+|nous\s+)(?:alerter|prevenir|informer|notifier){_WHEN_NEW}",
    r"(?:etre|rester|(?:me|nous)\s+tenir|(?:tenez|tiens)[-\s](?:moi|nous))\s+(?:alerte|prevenu|informe|notifie|au\s+courant)"
    r"(?:e|\.e|·e|\(e\))?s?",
    r"(?:prevene?z|previens|alertez|alerte|informez|informe|ecrivez|ecris|signalez|signale|dites|dis)[-\s](?:moi|nous)"
    rf"{_WHEN_NEW}"
    r"|(?:(?:notify|tell|alert|warn)\s+me|let\s+me\s+know)"
    r"(?:\s+(?:when(?:ever)?|if|as\s+soon\s+as)(?:\s+there\s+(?:is|are)|\s+something)?)?"
    r"|keep\s+me\s+(?:posted|updated|informed)",
    r"ce\s+qui\s+(?:se\s+passe|se\s+dit|se\s+fait|se\s+publie|sort|parait|s'ecrit|est\s+publie)",
    r"(?:me\s+)?(?:suivre|surveiller|recevoir|follow)",
    r"be\s+(?:alerted|notified|told|informed)",
    r"(?:tout|tous|toutes|anything|everything)(?:\s+ce\s+qui\s+(?:concerne|touche|parle|porte))?",
    r"(?:quel(?:le)?s?|qu'?est-ce\s+qu[e']?|est-ce\s+qu[e']?|what|which)(?:\s+(?:sont|est|are|is|do|does|did|was|were))?",
]
_NAMING = [  # words that are also topics' own ("veille sanitaire"): only before a link word
    r"(?:alerte|prevenu|informe|notifie|au\s+courant)(?:e|\.e|·e|\(e\))?s?",
    r"(?:je\s+)?(?:m'|me\s+)?interess(?:e|es|ant|ez)|(?:faire\s+(?:la|une|de\s+la)\s+)?veille|suivi",
    r"(?:i'?m\s+|i\s+am\s+)?interested|(?:i\s+)?care|track|watch|receive|hear",
]
_TELLING = [  # what is followed, named: only before a link word or a colon ("les articles sur …")
    r"quoi\s+de\s+(?:neuf|nouveau)|du\s+nouveau|(?:quelles\s+)?(?:nouvelles|nouveautes)|what'?s\s+new",
    r"(?:les|des|de|the|any|all|mes|some|quelques|un|une|a|an|qu'un|qu'une)?\s*(?:\d{1,2}\s+)?"
    r"(?:nouve(?:aux|lles?|l)|dernier(?:e|s|es)?|prochain(?:e|s|es)?|new|latest|recent)?\s*"
    r"(?:articles?|billets?|posts?|publications?|ressources?|actualites?|actus?|alertes?|news|updates?"
    rf"|contenus?|rapports?|etudes?|reports?|nouveautes?|{THINGS})"
    r"(?:\s+(?:recent(?:e|s|es)?|nouve(?:aux|lles?|l)"
    # "un article sort sur …", "a post is published about …": how posts come, not the topic.
    rf"|(?:(?:est|sont|is|are|gets?)\s+)?{PUBLISHED}|sort|sortent|parait|paraissent|comes?\s+out))?",
    # "anything published about …" (after "anything"): a post word is not needed.
    PUBLISHED,
    r"(?:il\s+y\s+a\s+)?(?:du|quelque\s+chose\s+de)\s+(?:nouveau|neuf)",
]
# Words that say "what is new" and nothing else: also a frame right before the topic, with no link
# word ("nouveautés gestion des déchets"), unlike "nouvelles formes…" or "rapports d'activité".
_NEWS = (
    r"quoi\s+de\s+(?:neuf|nouveau)|du\s+nouveau|what'?s\s+new"
    r"|(?:les\s+|des\s+|mes\s+|the\s+|latest\s+)?(?:dernieres\s+)?(?:nouveautes?|actualites?|actus?|news)"
)
ABOUT = (  # what links a request or a frame to its subject ("des articles sur …", "… qui parlent de …")
    r"(?:sur|concernant|a\s+propos\s+(?:de|du|des|d')|autour\s+(?:de|du|des|d')|traitant\s+(?:de|du|des|d')"
    r"|lie(?:e|s|es)?\s+(?:a|au|aux)|en\s+lien\s+avec"
    r"|(?:qui\s+)?(?:parle|parlent|parlant|traite|traitent|evoque|evoquent|aborde|abordent)(?:\s+(?:de|du|des|d'))?"
    r"|about|on|regarding|related\s+to|(?:that\s+)?(?:talk|deal)s?\s+(?:about|with)|dealing\s+with)"
)
_LINK = rf"(?:{ABOUT}|des\s+que|quand|pour|de|du|des|d'|a|au|aux|when|of|in)"
_FRAME = re.compile(
    rf"^(?:(?:{'|'.join(_ASKING)})(?:\s*:\s*|\s+[–-]\s+|\s+(?:{_LINK}(?:\s+|(?<=')))?|$)"
    rf"|(?:{'|'.join(_NAMING)})\s+{_LINK}(?:\s+|(?<='))"
    rf"|(?:{'|'.join(_TELLING)})(?:\s*:\s*|\s+[–-]\s+|\s+{ABOUT}(?:\s+|(?<=')))"
    rf"|(?:{_NEWS})(?:\s+{_LINK})?(?:\s+|(?<=')))"
)
_EDGES = " \t\"'«»“”‘’?!.…:;,"


def topic_core(topic: str) -> str:
    """The topic without the words that frame it ("je veux suivre", "les articles sur", "svp", "?").

    Nothing is removed when no searchable word would be left.
    """
    core = topic.strip(_EDGES)
    while True:
        folded = fold_aligned(core)
        if polite := CLOSING.search(folded):
            rest = core[: polite.start()].strip(_EDGES)
        elif (framed := _FRAME.match(folded)) and framed.end() > 0:
            rest = core[framed.end() :].strip(_EDGES)
        else:
            break
        if not analyze(rest):
            break
        core = rest
    return core if core and analyze(core) else topic


def stored_topic(text: str) -> str:
    """The topic as a subscription stores it: its core (topic_core), at most MAX_TOPIC characters."""
    return topic_core(text)[:MAX_TOPIC].strip()


@dataclass(frozen=True)
class AlertRequest:
    """A chat message that asks about alerts rather than posts: "follow" ("abonne-moi à la
    Transfo"; `text` the request without the greeting before it, empty when it names no topic),
    "unfollow" ("désabonne-moi", "désabonne-moi de la Transfo"; `text` the topic named, if any) or
    "list" ("mes abonnements")."""

    kind: Literal["follow", "unfollow", "list"]
    text: str = ""


_GREETED = rf"(?:{GREETING}\b[\s,.!]*)?"
_CAN_YOU = rf"{CAN_YOU}\s+"
_WISH = r"(?:je\s+|j')(?:veux|voudrais|souhaite|souhaiterais|aimerais|desire)(?:\s+bien)?\s+"
_TOLD = r"(?:alertee?|prevenue?|informee?|notifiee?|tenue?\s+au\s+courant)(?:\.e|·e|\(e\))?s?"
# At the start of the message, on folded text: "comment m'abonner ?" asks how (the help), and "je
# veux suivre une formation sur …" is a question — only being told of new posts is asked here.
_FOLLOWING = re.compile(
    rf"^{_GREETED}(?:(?:{_CAN_YOU}|{_WISH})?(?:m'\s*abonner|m'\s*alerter|m'\s*informer"
    r"|(?:me|nous)\s+(?:prevenir|notifier|tenir\s+(?:au\s+courant|informee?s?))|nous\s+(?:abonner|alerter|informer))"
    # "inscris-moi aux alertes sur …", "créer une alerte sur …", "activer les alertes pour …"
    rf"|(?:(?:{_CAN_YOU}|{_WISH})?m'\s*inscrire|(?:inscris|inscrivez)[-\s]+(?:moi|nous))\s+(?:aux|a\s+des|pour\s+les)"
    r"\s+(?:alertes|notifications)"
    rf"|(?:{_CAN_YOU}|{_WISH})?(?:creer|ajouter|activer|mettre(?:\s+en\s+place)?)\s+(?:une|des|les|mes)\s+"
    r"(?:alertes?|notifications?)"
    r"|(?:cree|creez|ajoute|ajoutez|active|activez)[-\s]+(?:moi|nous)\s+(?:une|des)\s+(?:alertes?|notifications?)"
    rf"|{_WISH}(?:etre\s+{_TOLD}|recevoir\s+(?:les|des)\s+(?:alertes|notifications|nouveaux\s+articles"
    r"|nouveautes|actualites|actus|publications)"
    r"|suivre\s+(?:les\s+)?(?:nouveaux\s+articles|nouveautes|actualites?|actus|publications))"
    r"|je\s+m'\s*abonne|(?:abonne|abonnez|alerte|alertez|previens|prevenez|notifie|notifiez)[-\s]+(?:moi|nous)"
    r"|(?:tiens|tenez)[-\s]+(?:moi|nous)\s+(?:au\s+courant|informee?s?)"
    r"|(?:dis|dites)[-\s]+(?:moi|nous)\s+(?:des\s+qu|quand\s+(?:il\s+y\s+a|ca\s+bouge|ca\s+sort|quelque\s+chose))"
    r"|(?:please\s+)?(?:(?:can|could)\s+you\s+(?:please\s+)?)?(?:subscribe\s+me|sign\s+me\s+up|notify\s+me"
    r"|alert\s+me|keep\s+me\s+(?:posted|updated|informed))"
    r"|(?:i\s+)?(?:want|would\s+like|'d\s+like|wish)\s+to\s+(?:subscribe|be\s+(?:alerted|notified"
    r"|kept\s+(?:posted|updated|informed)))"
    r"|subscribe\s+to)\b"
)
_UNFOLLOWING = re.compile(
    rf"^{_GREETED}(?:{_CAN_YOU}|{_WISH})?(?:me\s+desabonner|me\s+desinscrire"
    r"|nous\s+desabonner|(?:desabonne|desabonnez|desinscris|desinscrivez)[-\s]+(?:moi|nous)|je\s+me\s+desabonne"
    r"|(?:stop|stopper|arreter|arrete|arretez)\s+(?:les\s+|mes\s+|toutes\s+les\s+)?(?:alertes|abonnements)"
    r"|unsubscribe|stop\s+(?:the\s+|my\s+|all\s+)?(?:alerts|subscriptions))\b"
)
_FROM = re.compile(r"\s*(?:(?:de\s+la|des|du|de|aux|au|a|sur|from|to|of|about|on)\b|de\s+l'|d')?\s*")
_LISTING = re.compile(
    rf"^{_GREETED}(?:(?:{_CAN_YOU}(?:me\s+)?(?:montrer|donner|lister|afficher|rappeler)\s+"
    r"|(?:montre|donne|liste|affiche|rappelle)[-\s]+moi\s+|voir\s+|(?:la\s+)?liste\s+(?:de\s+)?"
    r"|quels\s+sont\s+|quelles\s+sont\s+|show(?:\s+me)?\s+|list\s+|what\s+are\s+)?"
    r"(?:mes|my)\s+(?:abonnements|alertes|sujets(?:\s+suivis)?|subscriptions|alerts|topics)"
    r"|a\s+quoi\s+(?:je\s+suis|suis[-\s]je)\s+abonnee?|je\s+suis\s+abonnee?\s+a\s+quoi"
    r"|what\s+(?:am\s+i|do\s+i)\s+(?:subscribed\s+to|follow(?:ing)?))[\s?!.]*$"
)


def alert_request(message: str) -> AlertRequest | None:
    """What a message asks of alerts, typed as people write instead of /abonner, /abonnements or
    /desabonner; None for a question (or anything else)."""
    folded = fold_aligned(message)
    cut = len(folded) - len(folded.lstrip())
    folded, message = folded[cut:], message[cut:]
    if _LISTING.match(CLOSING.sub("", folded)):
        return AlertRequest("list")
    if leaving := _UNFOLLOWING.match(folded):
        named = _FROM.match(folded, leaving.end())
        start = named.end() if named else leaving.end()
        return AlertRequest(
            "unfollow", message[start:].strip() if analyze(CLOSING.sub("", folded[start:])) else ""
        )
    if following := _FOLLOWING.match(folded):
        if not analyze(CLOSING.sub("", folded[following.end() :])):
            return AlertRequest("follow")  # "abonne-moi svp": no topic to follow
        greeting = re.match(_GREETED, folded)
        return AlertRequest("follow", message[greeting.end() if greeting else 0 :].strip())
    return None
