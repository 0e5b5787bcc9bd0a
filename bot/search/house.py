"""Who a question asks the view of: "que pense la 27e Région de l'IA ?" names an actor. Pure.

A question that asks what someone thinks, says, writes or works on names that someone beside its
subject. When the someone is the collection's own author, written in a large share of its posts
(the retriever decides that), the name tells nothing of which posts answer, yet the model reads
it as the question's subject: on the archive, "que pense la 27e Région de l'intelligence
artificielle ?" showed the posts about the association ("Célébrer la FING", "La 27e Région a
besoin de ses lecteurs !") before the two posts about AI that the same question without the name
finds first. The model then reads the question without that name; the words side reads it all.
Only a view asked of the actor counts: "combien coûte l'adhésion à la 27e Région ?" or "avec qui
la 27e Région partage-t-elle ses bureaux ?" are about the association itself.
"""

from __future__ import annotations

import re

from bot.analysis import fold_aligned

MAX_WORDS = 5  # an actor is a name; longer, the pattern caught a sentence
# What the view is about: "de", "sur", "à propos de"… as a whole word, or elided ("d'").
_OF = r"(?:d(?:e|u|es)\b|d')"
_ABOUT = rf"(?:(?:sur|concernant|quant\s+aux?)\b|{_OF}|(?:a\s+propos|au\s+sujet|en\s+matiere)\s+{_OF})"
_WITH = rf"(?:(?:avec|aux?|a|pour)\b|{_ABOUT})"
_ACTOR = r"(?P<actor>[^?!.,;:]+?)"
_SAYS = r"(?:pensent|pense|disent|dit|ecrivent|ecrit|racontent|raconte|proposent|propose|retient)"
_DONE = r"(?:ecrit|dit|publie|fait|produit|pense|propose|retenu|raconte)"
# Verbs of work on a subject, as typed (folded): "travaillé", "s'intéresse", "réfléchi".
_WORKS = (
    r"(?:s'|se\s+)?(?:travaillee?s?|travaillent|travaillera|ecrite?|ecrivent|publiee?s?|publient"
    r"|reflechi|reflechit|reflechissent|interessee?s?|interessent|penchee?s?|parlee?|parlent"
    r"|intervenue?|intervient|engagee?s?)"
)
_ASKED = r"(?:\s*-?\s*t\s*-?\s*(?:elle|il|on)|\s*-\s*(?:elle|il|ils|elles))\b"  # "a-t-elle", "a t elle"
_VIEWS = (
    r"(?:la\s+position|les\s+positions|l'avis|le\s+regard|la\s+vision|le\s+point\s+de\s+vue|les\s+travaux"
    r"|les\s+articles|les\s+billets|les\s+publications|les\s+ressources|les\s+ecrits|les\s+reflexions"
    r"|l'analyse|les\s+analyses|l'approche|la\s+doctrine)"
)
_EN_ABOUT = r"(?:about|of|on|regarding|concerning)\b"
# What the actor did, and when or for whom: "qu'a fait la 27e Région pendant le covid ?".
_DID = r"(?:fait|font|faisait|faisaient|fera|feront)"
_DURING = (
    rf"(?:{_WITH}|pendant|durant|depuis|apres|avant|face\s+aux?\b|en\b|dans\b"
    r"|(?:lors|au\s+cours|au\s+moment)\s+d(?:e|u|es)\b|lors\s+d')"
)
# Each on folded text ("que pense la 27e region de …"), the actor a group; searched anywhere in the
# question, since a greeting or "et" may come first.
_PATTERNS = tuple(
    re.compile(p)
    for p in (
        # qu'a fait X pendant Y · que fait X pour Y · qu'est-ce que X a fait face à Y (first: "lors de"
        # is no actor's word)
        rf"\bqu(?:e\s+|')\s*(?:(?:a|ont)\s+)?(?:deja\s+)?{_DID}\s+{_ACTOR}\s+{_DURING}",
        rf"\b(?:est[\s-]ce\s+|ce\s+)qu(?:e\s+|')\s*{_ACTOR}\s+(?:(?:a|ont)\s+)?(?:deja\s+)?{_DID}\s+{_DURING}",
        # que pense X de Y · qu'écrit X sur Y · que disent X à propos de Y
        rf"\bqu(?:e\s+|')\s*{_SAYS}\s+{_ACTOR}\s+{_ABOUT}",
        # qu'a écrit X sur Y · qu'ont publié X sur Y
        rf"\bqu'(?:a|ont)\s+(?:deja\s+)?{_DONE}\s+{_ACTOR}\s+{_ABOUT}",
        # qu'est-ce que X pense de Y · ce que X a écrit sur Y · est-ce que X travaille sur Y
        rf"\b(?:est[\s-]ce\s+|ce\s+)qu(?:e\s+|')\s*{_ACTOR}\s+(?:(?:a|ont)\s+)?(?:deja\s+)?"
        rf"(?:{_SAYS}|{_DONE}|{_WORKS})\s+{_WITH}",
        # X a-t-elle travaillé sur Y · X travaille-t-elle avec Y · X a déjà écrit sur Y ?
        rf"^(?:et\s+)?{_ACTOR}\s+(?:(?:a|ont)(?:{_ASKED})?\s+(?:deja\s+)?{_WORKS}|{_WORKS}(?:{_ASKED})?)"
        rf"\s+(?:deja\s+)?{_WITH}",
        # quelle est la position de X sur Y · les articles de X sur Y · quel regard porte X sur Y
        rf"\b{_VIEWS}\s+{_OF}\s*{_ACTOR}\s+{_ABOUT}",
        rf"\bregard\s+porte\s+{_ACTOR}\s+sur\b",
        # what does X think of Y · what has X written about Y
        rf"\bwhat\s+(?:does|did|do|has|have)\s+{_ACTOR}\s+(?:think|thought|say|said|write|wrote|written"
        rf"|publish|published|propose|proposed|done|do)\s+{_EN_ABOUT}",
        # what did X do during Y · what has X done for Y
        rf"\bwhat\s+(?:does|did|do|has|have)\s+{_ACTOR}\s+(?:do|done)\s+(?:during|for|in|since|after|with"
        rf"|{_EN_ABOUT})",
        # has X worked on Y · does X write about Y
        rf"\b(?:has|have|does|did|do)\s+{_ACTOR}\s+(?:ever\s+|already\s+)?(?:work|worked|write|written"
        r"|wrote|publish|published|look|looked)\s+(?:on|about|into|at|with)\b",
        # X's view on Y · posts by X about Y
        rf"^{_ACTOR}'s\s+(?:view|views|take|position|stance|work|posts|articles|thoughts|ideas)\s+{_EN_ABOUT}",
        rf"\b(?:posts|articles|work|writings?|publications)\s+(?:by|from)\s+{_ACTOR}\s+{_EN_ABOUT}",
    )
)
# An actor is a name: one starting with a question word is the question itself ("qui parle de …").
_ASKING = frozenset(
    "qui que quoi pourquoi comment quand ou combien quel quelle quels quelles "
    "who what why how when where which".split()
)


def asked_actor(text: str) -> tuple[int, int] | None:
    """Where, in `text`, the actor a view is asked of is named ("la 27e Région" in "que pense la
    27e Région de l'IA ?"), or None: no view is asked, or the actor is no name (too many words)."""
    folded = fold_aligned(text)
    for pattern in _PATTERNS:
        if match := pattern.search(folded):
            start, end = match.span("actor")
            words = re.findall(r"\w+", folded[start:end])
            # "la 27e Région travaille sur quoi ?" asks about the actor itself.
            subject = [w for w in re.findall(r"\w+", folded[match.end() :]) if w not in _ASKING]
            if 1 <= len(words) <= MAX_WORDS and words[0] not in _ASKING and subject:
                return start, end
    return None


def without(text: str, span: tuple[int, int]) -> str:
    """The text with the span taken out (an elided article before it too: "de l'État" → "de";
    an English possessive after it: "La 27e Région's view on AI" → "view on AI"), spaces closed up."""
    start, end = span
    head = re.sub(r"\b(?:l|d)['’]$", "", text[:start])
    tail = re.sub(r"^['’]s\b", "", text[end:])
    return " ".join((head + " " + tail).split())
