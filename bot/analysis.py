"""French lexical analysis shared by the lexical index, highlighting and alert matching.

Pure functions: text in, normalised terms out. Stemming runs on the accented form (the Snowball
French stemmer's rules need accents) and the stem is folded afterwards, so that "departements"
typed without accents meets "départements" in the corpus.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_FRENCH

from bot.texts import Lang

# Apostrophes as typed on phones, in Word and on the web.
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "´": "'", "`": "'", "′": "'"})

# A word is a run of letters or digits: apostrophes split "l'innovation" into "l" + "innovation"
# (elided forms are stop words), hyphens split "Saint-Denis", underscores split file-name noise.
# Combining accents (a decomposed "é") belong to the word they follow.
_WORD = re.compile(r"[^\W_](?:[^\W_]|[\u0300-\u036f])*", re.UNICODE)
# The words the index reads are those, but a word of three letters or more with a number at its
# end is read as the word and the number: the posts write "COP21" and "COP 21", "covid19" and
# "Covid-19", and so do the people asking. Shorter ones ("G20", "A4", "mp3") are names as they are.
_TERM_WORD = re.compile(
    r"[^\W\d_](?:[^\W\d_]|[\u0300-\u036f]){2,}(?=\d+(?![^\W_]|[\u0300-\u036f]))"
    r"|[^\W_](?:[^\W_]|[\u0300-\u036f])*",
    re.UNICODE,
)

_ELIDED = frozenset("l d j m n s t c qu jusqu lorsqu puisqu quoiqu presqu".split())
_INTERROGATIVES = frozenset(
    """quel quels quelle quelles comment pourquoi combien quoi où lequel laquelle lesquels
    lesquelles quand""".split()
)
# Words of a question that say nothing about its subject.
_QUESTION_WORDS = _INTERROGATIVES | frozenset(
    """ou est cela ça ca ceci cet cette dont il y a peut peuvent faire fait font existe existent
    parle parlent dit disent""".split()
)
_ENGLISH = frozenset(
    """the a an of in on for to and or is are was were what which who how why when where does do did
    about with there their they it its this that these those be by as""".split()
)


# Numbers are written both ways ("trois groupes", "3 groupes"); index the digits.
_NUMBER_WORDS = {
    "deux": "2",
    "trois": "3",
    "quatre": "4",
    "cinq": "5",
    "six": "6",
    "sept": "7",
    "huit": "8",
    "neuf": "9",
    "dix": "10",
    "onze": "11",
    "douze": "12",
    "quinze": "15",
    "vingt": "20",
    "trente": "30",
    "quarante": "40",
    "cinquante": "50",
    "cent": "100",
    "mille": "1000",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "ten": "10",
}


@cache
def _combining_marks() -> dict[int, None]:
    """Every combining code point, as a str.translate table that deletes them (built once)."""
    return {cp: None for cp in range(sys.maxunicode + 1) if unicodedata.combining(chr(cp))}


def fold_aligned(text: str) -> str:
    """Lower case, no accents, straight apostrophes, one character for one: offsets found in the
    result are offsets in the text (patterns match the folded text, spans cut the original)."""
    folded = []
    for c in text:
        if c in "’ʼ":
            folded.append("'")
            continue
        low = c.lower() if len(c.lower()) == 1 else c
        plain = fold_accents(low)
        folded.append(plain if len(plain) == 1 else low)
    return "".join(folded)


# A closing courtesy, on folded text: "… merci", "… svp", "… please" (not a question's words,
# nor a topic's); also the slang that only asks what the rest is ("les communs, kézako ?").
CLOSING = re.compile(
    r"[\s,]*\b(?:merci(?:\s+(?:d'avance|beaucoup))?|svp|stp|s'il\s+(?:vous|te)\s+plait|please"
    r"|thanks?(?:\s+you)?|k[ea]z[ae]ko|k[ea]s[ae]ko|qu?[ea]s[ae]co)\W*$"
)


# The words that greet, opening a message ("bonjour, …"): the conversation, not the question.
GREETING = r"(?:bonjour|bonsoir|salut|coucou|hello|hi|hey)"
# Goodbyes, alone or after thanks ("merci, bonne journée", "ok au revoir").
_BYE = (
    r"(?:au revoir|bye|bye bye|ciao|a plus|a bientot|bonne (?:journee|soiree|fin de journee|semaine)"
    r"|goodbye|see you|have a nice day)"
)
# Thanks, or praise of the answer: "merci", "c'est top", "très utile", "exactement ce que je cherchais".
_THANKED = (
    r"(?:merci(?: (?:beaucoup|bien|bcp|infiniment|a vous|a toi|encore))?"
    r"|thanks?(?: you)?(?: (?:a lot|so much|very much))?|thx|ty|many thanks"
    r"|(?:(?:c'est|c est|cest|that's|thats|it's|its|very|vraiment|tres|trop|really|so) )*"
    r"(?:ok|okay|super|top|parfait|genial|bien|cool|d'accord|great|perfect|nickel|excellent|impeccable"
    r"|utile|helpful|awesome|nice|exactement ce que je cherchais|ce que je cherchais|just what i needed))"
)
_OTHERS = r"d(?:'| |)autres"  # "d'autres", typed "d autres" or "dautres" on a phone
# "d'autres articles", "encore des résultats", "les (5) suivants": the next posts of the last answer
# ("montre-moi les suivants" was searched).
_RESULTS = r"(?:(?:des|d') ?)?(?:resultats|articles|ressources|publications|billets)"
_NEXT = r"(?:(?:les|la) )?(?:\d{1,2} )?suivante?s?"
# Messages that are no question, on folded lower-case text without punctuation or emoji: a
# greeting, thanks or an acknowledgement, a request for more of the last answer, for help.
_SMALL_TALK = (
    (
        "help",
        re.compile(
            r"aide|help|aide moi|aidez moi|help me|qui es tu|tu es qui|t'es qui|c'est qui toi|tu sers a quoi"
            r"|a quoi tu sers"
            r"|que sais tu faire|que peux tu faire|what can you do|who are you|what are you"
            r"|qu'est ce que tu (?:sais|peux) faire|tu (?:sais|peux) faire quoi|tu fais quoi|what do you do"
            r"|(?:c'est quoi|qu'est ce que|qui est) innobot|what is innobot|mode d'emploi"
            r"|comment (?:t'utiliser|tu marches|tu fonctionnes|fonctionnes tu|on t'utilise)|how do i use you"
            r"|(?:je )?(?:ne )?(?:comprends|comprend) (?:pas|rien)|i don't understand|help me please"
            # How alerts work: "comment m'abonner ?", "alertes"; the help has their commands.
            r"|comment (?:m'|s'|me |se |on s')?abonner(?: aux alertes)?"
            r"|comment (?:recevoir|avoir|activer|creer|mettre) (?:une |des |les )?alertes?"
            r"|how (?:do i|to|can i) (?:subscribe|get alerts)|abonnements?|alertes?"
        ),
    ),
    (
        # What the collection holds: "d'où viennent tes sources ?", "combien d'articles as-tu ?",
        # "what are your sources?" (searched, they showed posts about open source and reading lists).
        "collection",
        re.compile(
            r"(?:(?:quelles|quels|c'est quoi|ce sont quoi) (?:sont )?)?(?:tes|vos) sources"
            r"|quelles (?:sont les )?sources(?: (?:utilises tu|utilisez vous|as tu|avez vous|tu utilises"
            r"|vous utilisez|consultes tu|consultez vous))?|sources"
            r"|(?:tu|vous) (?:utilises|utilisez|as|avez) quelles sources"
            r"|d'ou (?:viennent|proviennent|sortent) (?:tes|vos|les) (?:sources|articles|ressources|infos"
            r"|informations|donnees|reponses)"
            r"|combien (?:d'articles|de ressources|de documents|de billets|de posts|de publications)"
            r"(?: (?:as tu|avez vous|tu as|vous avez|y a t il|il y a|connais tu|connaissez vous"
            r"|contient la base|dans la base|dans ta base|en tout|au total))?"
            r"|(?:que|qu'est ce que) (?:contient (?:la|ta|votre) base|tu contiens|contiens tu)"
            r"|(?:what|which) sources do you (?:use|have|know)|what are your sources|your sources"
            r"|where do (?:your|the) (?:posts|articles|sources|resources|answers) come from"
            r"|how many (?:posts|articles|documents|resources)(?: do you (?:have|know)| are there| in total)?"
            r"|what(?: is|'s| s) in (?:your|the) (?:database|collection|index)"
        ),
    ),
    (
        # Said of the last answer: "pas pertinent", "ce n'est pas ce que je cherche". Searched, it
        # was answered "rien de pertinent pour « pas pertinent »".
        "unhelpful",
        re.compile(
            r"(?:(?:bof|hmm+|euh+|mouais|non) )*"
            r"(?:(?:c'est |ce n'est |ca n'est |ca )?(?:pas|plus) (?:tres |du tout )?"
            r"(?:pertinent|pertinente?s|terrible|top|genial|utile"
            r"|ce que je (?:cherche|cherchais|voulais|demandais|veux)"
            r"|(?:la |une )?bonne reponse|ca|le bon article|les bons articles|ma question)"
            r"|(?:ca |cela )?(?:ne )?(?:repond|reponds|correspond) pas"
            r"(?: (?:a|vraiment a) (?:ma|la) question| vraiment)?"
            r"|(?:c'est |ce sont )?(?:nul|nulle|n'importe quoi|hors sujet|a cote|a cote de la plaque)"
            r"|rien a voir|mauvaise reponse|tu (?:ne )?sers a rien|inutile"
            r"|(?:that's |this is |it's )?(?:not (?:relevant|helpful|what i (?:asked|wanted|was looking for))"
            r"|useless|wrong answer|off topic|irrelevant))"
        ),
    ),
    (
        "greeting",
        re.compile(
            # "bonjour, ça va ?" was searched: a post titled "…, ça va ?" came first.
            rf"(?:(?:{GREETING}|bjr|slt|yo|good (?:morning|afternoon|evening))"
            r"(?: (?:a tous|tout le monde|a toutes|innobot|there|everyone))?"
            r"(?: (?:comment )?(?:ca va|tu vas bien|vous allez bien|comment allez vous|how are you))?"
            r"|(?:comment )?ca va|how are you)"
        ),
    ),
    (
        "thanks",
        re.compile(
            # Thanks and praise in any order: "merci beaucoup c'est top", "super merci, très utile",
            # "c'est parfait merci", "thanks, very helpful" (before, "merci beaucoup c'est top" was
            # searched and answered "rien de pertinent").
            rf"{_THANKED}(?: {_THANKED})*"
            r"|(?:ok |super |top )?merci(?: beaucoup| bien| bcp)? pour (?:ton|votre|ces|les|tes|vos|cette|ta)"
            r" (?:aide|ressources?|reponses?|liens?|infos?|informations?|articles?|recherches?)"
            r"|thanks for (?:your|the) help"
        ),
    ),
    (
        "bye",
        re.compile(
            rf"(?:(?:ok|merci|merci beaucoup|super|top) )*{_BYE}(?: (?:et )?(?:{_BYE}|merci|a vous|a toi))*"
        ),
    ),
    (
        "more",
        re.compile(
            rf"(?:et )?(?:encore(?: plus| {_RESULTS}| \d{{1,2}})?|(?:la )?suite|{_OTHERS}(?: {_RESULTS})?"
            rf"|autres(?: {_RESULTS})?|(?:encore )?plus(?: de resultats)?|(?:en )?voir plus"
            rf"|(?:la )?page suivante|resultats suivants|{_NEXT}|continue|continuer"
            rf"|(?:montre|montrez|donne|donnez|affiche|affichez|voir|afficher)(?: moi| nous)?"
            rf"(?: en| m(?:'| |)en| nous en)? (?:plus|{_OTHERS}|la suite|encore|{_NEXT})"
            r"|autre chose|more|more results|(?:show|give) (?:me )?more|more (?:posts|articles)|next"
            r"|next (?:page|results|ones|posts)|keep going"
            rf"|(?:tu en as|en as tu|y en a t il|il y en a|y en a) {_OTHERS}"
            r"|any more|anything else)"
        ),
    ),
)


# An acknowledgement before what a message asks ("ok merci, et en Bretagne ?", "super ! et les
# régions ?"), on folded text: closed by punctuation, or followed by a follow-up's opener or a
# question word — "top 10 des labos" or "bien commun" keep their first word.
_ACKNOWLEDGED = re.compile(
    r"^\W*(?:(?:ah|oh)\s+)?(?:ok(?:ay)?|d'accord|dac|merci(?:\s+(?:beaucoup|bien|bcp))?|super|top|parfait"
    r"|genial|cool|tres\s+bien|nickel|excellent|great|thanks?|thank\s+you|perfect|nice|got\s+it"
    # A greeting before the question ("slt, c'est quoi la Transfo ?") is no part of it either.
    r"|bonjour|bonsoir|salut|slt|bjr|coucou|hello|hi|hey)"
    r"(?:[\s,]+(?:merci(?:\s+(?:beaucoup|bien|bcp))?|thanks?|thank\s+you))?"
    r"(?:\s*[,.!;:…]+\s*|\s+(?=(?:et|mais|alors|and|but|what\s+about|how\s+about|qui|que|qu'|quoi|pourquoi"
    r"|comment|ou|quand|combien|quel|quelle|quels|quelles|est-ce|who|what|why|how|where|when|which)\b))"
)


def after_courtesy(text: str) -> str:
    """A message without the acknowledgement or greeting it opens with ("ok merci, et en Bretagne
    ?" → "et en Bretagne ?", "slt, c'est quoi la Transfo ?" → "c'est quoi la Transfo ?"): what is
    left is the question, a follow-up of the last answer as typed alone, and the question the next
    follow-up is searched with. A message that is nothing but the acknowledgement or greeting stays
    as it is (small_talk reads it)."""
    found = _ACKNOWLEDGED.match(fold_aligned(text))
    if found is None or not any(c.isalnum() for c in text[found.end() :]):
        return text
    return text[found.end() :]


_MARKS = re.compile(r"[?!？！](?:\s*[?!？！])+")


def one_mark(text: str) -> str:
    """The text with each run of question and exclamation marks as one mark ("La Transfo ???",
    "vraiment ?!" → "?"; "génial !!!" → "!"): typed in a chat, a run weighs on the model's reading
    of a short question ("La Transfo !!!" was answered unsure, "La Transfo ?" was not)."""
    return _MARKS.sub(lambda m: "?" if re.search("[?？]", m.group()) else "!", text)


def small_talk(text: str) -> str | None:
    """What a message that asks no question says: "greeting" ("bonjour !"), "thanks" ("ok
    merci", "super"), "bye" ("au revoir", "bonne journée"), "more" ("encore", "d'autres ?"),
    "help" ("aide", "tu sers à quoi ?"), "collection" ("tes sources ?", "combien d'articles
    as-tu ?"), "unhelpful" ("pas pertinent", said of the last answer), or None (a question, or
    anything else)."""
    folded = fold_accents(text.lower()).replace("’", "'").replace("-", " ")
    words = " ".join(re.findall(r"[\w']+", folded)).strip("' ")
    # "encore svp", "aide stp", "more please": the courtesy at the end says nothing more.
    courteous = CLOSING.sub("", words).strip("' ")
    for said in dict.fromkeys(w for w in (words, courteous) if w):
        for kind, pattern in _SMALL_TALK:
            if pattern.fullmatch(said):
                return kind
    return None


def fold_accents(text: str) -> str:
    """Drop diacritics: é→e, ç→c, œ→oe."""
    text = text.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae").replace("Æ", "Ae")
    if text.isascii():
        return text
    # translate() runs in C: folding is on the hot path of every index update.
    return unicodedata.normalize("NFD", text).translate(_combining_marks())


def normalize(text: str) -> str:
    """NFKC, lower case, one kind of apostrophe."""
    return unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).lower()


STOPWORDS: frozenset[str] = frozenset(
    fold_accents(w) for w in set(STOPWORDS_FRENCH) | _QUESTION_WORDS | _ENGLISH | _ELIDED
)


@dataclass(frozen=True)
class Term:
    """A word of a text: where it stands, and the term it indexes as."""

    start: int
    end: int
    term: str


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("french")


# An ordinal in figures, however typed ("27e", "27ème", "27eme", "27ieme"): one term, "27e".
ORDINAL_ENDINGS = ("e", "eme", "ieme", "em", "iem")  # without accents
ORDINAL = re.compile(rf"(\d+)(?:{'|'.join(ORDINAL_ENDINGS)})", re.IGNORECASE)


@lru_cache(maxsize=200_000)
def term_of(word: str) -> str | None:
    """The index term of one lower-case word, or None for a stop word."""
    folded = fold_accents(word)
    if folded in _NUMBER_WORDS:
        return _NUMBER_WORDS[folded]
    if ordinal := ORDINAL.fullmatch(folded):
        return f"{ordinal[1]}e"
    if not folded or folded in STOPWORDS or (len(folded) == 1 and not folded.isdigit()):
        return None
    return fold_accents(_stemmer().stemWord(word))


# Snowball leaves the first person plural of a verb whole ("recrutons" → "recruton") while it
# brings "recrute", "recrutez", "recruter" and "recrutement" to one stem; a lab's or an
# association's posts say "nous recrutons", "nous proposons", "nous lançons" throughout, and a
# question or a topic says "recrutement". After "nous" (and the pronouns that may follow it:
# "nous les accompagnons"), a word in -ons is read as the -er verb it nearly always is.
_SUBJECT = "nous"
_CLITICS = frozenset("ne n les leur lui vous y en l se s".split())


# Relational adjectives and the nouns they are made of: "départemental" is "of the département",
# "régional" "of the région" ("labos départementaux" found "Les départements, pionniers des
# démarches d'innovation publique" seventh: the words side had "departemental", which that post
# writes once). Regular forms only, on terms: -mental, -ional (-ionaux), -ionnel.
_RELATIONAL = (("mental", 2), ("ional", 2), ("ionnel", 3))


def related_nouns(terms: Iterable[str], is_word: Callable[[str], bool]) -> list[str]:
    """The terms of the nouns a question's relational adjectives are made of ("departemental" →
    "depart", "regional" → "region"), each once, none of the terms themselves; `is_word` tells a
    noun from a cut that is none ("fondamental" is no "fondament", "international" no
    "internation")."""
    own = set(terms)
    nouns = (
        term_of(term[:-cut])
        for term in own
        for ending, cut in _RELATIONAL
        if term.endswith(ending) and len(term) > len(ending) + 2 and is_word(term[:-cut])
    )
    return sorted({noun for noun in nouns if noun and noun not in own})


# "qui dirige la 27e Région ?" asks for the one who does it, whom the posts name by an agent noun
# ("Stéphane Vincent, directeur de …"): the verb's term and the noun's differ ("dirig",
# "directeur"), and nothing answered. Regular agent nouns (-ateur, -eur, -atrice, -rice on the
# verb's stem: "fondateur", "financeur", "porteur", "créatrice") and the irregular ones of the trade.
_WHO_DOES = re.compile(
    r"(?:^|[?!.;:]\s*)[\W_]*(?:(?:et|mais|alors|ok)\W+)?qui\s+"  # asked, not "les designers qui …"
    r"(?:(?:l'|les\s+|la\s+|le\s+|en\s+|y\s+)?(?:a|ont|avait|avaient|va|vont)\s+)?"
    r"(?:l'|les\s+|la\s+|le\s+|en\s+|y\s+)?([a-z]+)\b"
)
_AGENTS = {
    "dirig": ("directeur", "directric"),
    "presid": ("president",),
    "coordon": ("coordin",),
    "ger": ("gestionnair",),
    "conduit": ("conducteur",),
    "produit": ("producteur",),
}


def agent_nouns(question: str) -> list[str]:
    """The terms of the agent nouns of the verb a "qui …" question asks about ("qui dirige … ?" →
    "directeur", "directric"; "qui a fondé … ?" → "fondateur", …), which may not be words of the
    collection (the words side keeps those it holds)."""
    asked = _WHO_DOES.search(fold_aligned(question))
    term = term_of(asked[1]) if asked else None
    if term is None:
        return []
    agents = _AGENTS.get(term) or tuple(term + ending for ending in ("ateur", "eur", "atric", "ric"))
    return [agent for agent in agents if agent != term]


@lru_cache(maxsize=20_000)
def _verb_term(word: str, term: str) -> str:
    """The term of a word in -ons after "nous": its -er verb's, when Snowball left the ending."""
    if not (word.endswith("ons") and term.endswith("on")) or len(word) < 6:
        return term
    base = word[:-3]
    if base.endswith("ç"):
        base = base[:-1] + "c"  # lançons: lancer
    elif base.endswith("ge"):
        base = base[:-1]  # mangeons: manger
    return fold_accents(_stemmer().stemWord(base + "er"))


def _terms_in_context(words: Iterable[str]) -> Iterator[tuple[int, str]]:
    """The index terms of lower-case words, with the position of the word each comes from."""
    after_subject = False
    for position, word in enumerate(words):
        term = term_of(word)
        if term is not None and after_subject:
            term = _verb_term(word, term)
        if term is not None:
            yield position, term
        # "nous" and the clitics have no accent: the lower-case word compares as it is.
        after_subject = word == _SUBJECT or (after_subject and word in _CLITICS)


def iter_terms(text: str) -> Iterator[Term]:
    """Yield the indexable words of a text with their character spans in that text."""
    # Corpus text is nearly always NFKC already: then no word needs normalising (checked once, in C).
    normalized = unicodedata.is_normalized("NFKC", text)
    spans: list[tuple[int, int]] = []
    words: list[str] = []
    for match in _TERM_WORD.finditer(text):
        word = match.group()
        if normalized or word.isascii():
            spans.append(match.span())
            words.append(word.lower())
            continue
        # NFKC may split a character into several words ("¼" → "1⁄4"): all share the span.
        for part in _TERM_WORD.findall(unicodedata.normalize("NFKC", word).lower()):
            spans.append(match.span())
            words.append(part)
    for position, term in _terms_in_context(words):
        start, end = spans[position]
        yield Term(start, end, term)


_FRENCH_FUNCTION = frozenset(fold_accents(w) for w in STOPWORDS_FRENCH) | _INTERROGATIVES


# "the association's": an English possessive, whose "s" is not the French elided "s'" (s'il).
_POSSESSIVE = re.compile(r"(?<=[^\W\d_])['’]s\b")


def _function_words(text: str) -> tuple[int, int]:
    """How many English and French function words ("the", "which"; "les", "quels") a text holds.

    A bare "a" counts for neither: the English article, the French verb ("qui a créé") and "à"
    typed without its accent ("résidence a Lormes"); "à" written with it is French.
    """
    possessives = len(_POSSESSIVE.findall(text))
    words = [w.lower() for w in _WORD.findall(_POSSESSIVE.sub("", text))]
    folded = [fold_accents(w) for w in words]
    english: int = possessives + sum(w in _ENGLISH and w != "a" for w in folded)
    french: int = sum(
        w == "à" or (f in _FRENCH_FUNCTION and f not in _ENGLISH) for w, f in zip(words, folded, strict=True)
    )
    return english, french


def looks_english(text: str) -> bool:
    """True when a question has more English than French function words ("the", "which"…)."""
    return told_language(text) == "en"


def told_language(text: str) -> Lang | None:
    """The language a text's function words tell ("which labs?": en, "quels labos ?": fr), or None
    when they do not: a name or a few words both languages write ("civic tech", "Audrey Tang")."""
    english, french = _function_words(text)
    if english == french:
        return None
    return "en" if english > french else "fr"


LANGUAGE_SAMPLE = 3000  # characters of a post that tell its language


def written_in(text: str) -> Lang | None:
    """The language a post is written in, told by the function words of its opening."""
    return told_language(text[:LANGUAGE_SAMPLE])


def reads_english(text: str, in_english: Callable[[str], bool], in_french: Callable[[str], bool]) -> bool:
    """True when a text reads as English: more English than French function words or, when they
    do not tell (a topic such as "sustainable forest management" has none), more words only
    English knows (`in_english`) than words only French knows (`in_french`, which should not
    mind missing accents: "sobriete" typed in French is French).

    A word both languages use ("design", "innovation", "public") and a name neither knows count
    for neither; a tie is French, the collection's language.
    """
    english, french = _function_words(text)
    if english != french:
        return english > french
    words = [w.lower() for w in _WORD.findall(text)]
    english_only = sum(in_english(w) and not in_french(w) for w in words)
    french_only = sum(in_french(w) and not in_english(w) for w in words)
    return english_only > french_only


def _starts_a_name(word: str, text: str, start: int) -> bool:
    """Whether a word found at `start` of the text begins with a capital inside the text: a name
    ("Mme Dupont", "à Laval"), not the capital of the text's first word."""
    return word[:1] != word[:1].lower() and text[:start].strip() != ""


def _cased_like(typed: str, word: str) -> str | None:
    """`word` in the case it was typed in: lower, Title or upper (None for mixed case: "iPhone")."""
    if typed.islower():
        return word
    if typed.isupper() and len(typed) > 1:
        return word.upper()
    if typed[:1].isupper() and typed[1:].islower():
        return word[:1].upper() + word[1:]
    return None


# An elided word typed without its apostrophe, as on a phone: "cest", "jai", "quil", "dinnovation".
_GLUED = re.compile(r"(?P<elided>qu|[cdjlmnst])(?P<rest>[^\W\d_][^\W_]*)")
# Only "l'", "d'" and "qu'" elide before a noun ("l'équipe", "d'innovation", "qu'innovation");
# "c'", "j'", "m'", "n'", "s'", "t'" before pronouns and verbs, which are stop words ("c'est",
# "j'ai", "s'il") — or verbs searched as words, rarely: "taxes" is not "t'axes".
_BEFORE_NOUNS = frozenset({"l", "d", "qu"})


def glued_elision(word: str) -> str | None:
    """The word after the elided letters of a word that may be "c'est", "l'équipe" or "d'innovation"
    typed without the apostrophe: "est", "équipe", "innovation" (None when it cannot be one).

    "départ" could be one ("d'épart"): whether a word is one depends on the collection (unglue).
    A single letter after the elided ones is "y" or "a" ("ny", "ma": "n'y", "m'a"), never another
    ("lu", "nu", "ci" are words, not "l'u").
    """
    found = _GLUED.fullmatch(word.lower())
    if not found or fold_accents(found.group("rest")[0])[:1] not in "aeiouyh":
        return None
    rest = found.group("rest")
    if len(rest) == 1 and fold_accents(rest) not in ("a", "y"):
        return None
    return word[len(found.group("elided")) :]


def unglue(
    text: str,
    known: Callable[[str], bool],
    rarer: Callable[[str, str], bool] | None = None,
    misspelt: Callable[[str, str], bool] | None = None,
) -> str:
    """The text with its elisions typed without their apostrophe written with one: "cest quoi
    ladministration" → "c'est quoi l'administration".

    Only for a word whose term the collection never uses (`known` says which terms it uses) and
    whose remainder is a stop word or, after "l", "d" or "qu", a term it uses: "départ", "dune",
    "lance" and "taxes" stay as typed; so does a text in English ("the sun", "lever"). Unread,
    such a word would weigh in the search as the rarest of all, and the model would read a word
    it does not know. After "l", "d" or "qu", a word the collection uses is read so too when it
    is far rarer there than its remainder (`rarer(term, remainder's term)`): a collection's own
    posts hold the odd "linnovation", twice in the archive against "innovation" in 2,270 chunks
    (not a name inside the text: "à Laval" stays). A word the collection never uses stays as typed
    when it is rather a typo (`misspelt(word, remainder's term)`: "depatement" is no "d'épatement"
    but "département", which the collection uses far more than "épatement").
    """
    if looks_english(text):
        return text

    def repair(found: re.Match[str]) -> str:
        word = found.group()
        term = term_of(word.lower())
        rest = glued_elision(word)
        if term is None or rest is None:
            return word
        elided = word[: len(word) - len(rest)]
        rest_term = term_of(rest.lower())
        after = elided.lower() in _BEFORE_NOUNS and rest_term is not None
        noun = after and len(rest_term or "") >= 3
        if not known(term):
            # A word the collection never uses may hide a two-letter one it does: "lag" is "l'AG".
            if rest_term is None or (after and known(rest_term)):
                if rest_term is not None and misspelt is not None and misspelt(word, rest_term):
                    return word  # a typo: correct_typos reads it
                return elided + "'" + rest
        elif (
            noun
            and rarer is not None
            and rest_term is not None
            and not _starts_a_name(word, text, found.start())
            and known(rest_term)
            and rarer(term, rest_term)
        ):
            return elided + "'" + rest
        return word

    return _WORD.sub(repair, text)


# Words of a question as typed in a chat ("c koi", "pk", "ds", "bcp"), spelled out: the words the
# search and the model know. Only for words the collection does not use as its own (the caller
# says which: "DC" of Washington DC stays as typed in a collection that writes it).
CHAT_WORDS = {
    "koi": "quoi",
    "kwa": "quoi",
    "pk": "pourquoi",
    "pq": "pourquoi",
    "pkoi": "pourquoi",
    "pourkoi": "pourquoi",
    "cmt": "comment",
    "cmnt": "comment",
    "koment": "comment",
    "cb": "combien",
    "qd": "quand",
    "kan": "quand",
    "ki": "qui",
    "ke": "que",
    "ds": "dans",
    "pr": "pour",
    "ac": "avec",
    "avc": "avec",
    "dc": "donc",
    "ns": "nous",
    "vs": "vous",
    "bcp": "beaucoup",
    "tt": "tout",
    "ts": "tous",
    "tte": "toute",
    "ttes": "toutes",
    "tjs": "toujours",
    "tjrs": "toujours",
    "mm": "même",
    "mtn": "maintenant",
    "auj": "aujourd'hui",
    "ajd": "aujourd'hui",
    "qq": "quelques",
    "qqs": "quelques",
    "qqn": "quelqu'un",
    "qqch": "quelque chose",
    "cad": "c'est-à-dire",
    "ya": "il y a",
    "bjr": "bonjour",
    "bsr": "bonsoir",
    "slt": "salut",
    "asso": "association",
    "assos": "associations",
    "dpt": "département",
    "gvt": "gouvernement",
    "gouv": "gouvernement",
}


def spell_out(text: str, own: Callable[[str], bool]) -> str:
    """The text with chat abbreviations ("c koi", "pk", "bcp") spelled out, for the words whose
    term the collection does not use as its own (`own` says which terms it does); not in a text
    that reads as English ("PR", "vs" and "AC" are its words)."""
    if looks_english(text):
        return text

    def repair(found: re.Match[str]) -> str:
        word = found.group()
        full = CHAT_WORDS.get(word.lower())
        if full is None:
            return word
        term = term_of(word.lower())
        if term is not None and own(term):
            return word
        # "il ya": "il" typed already (it gave "il il y a").
        first, _, rest = full.partition(" ")
        typed = text[: found.start()].split()
        return rest if rest and typed and typed[-1].lower() == first else full

    return _WORD.sub(repair, text)


# What may stand between two words typed apart that a collection writes as one: spaces or a hyphen.
_APART_GAP = re.compile(r"[ \t]+|-")


def join_apart(text: str, written_joined: Callable[[str, str], bool]) -> str:
    """The text with two words typed apart that the collection writes as one joined: "City Lab" →
    "CityLab", "mind lab" → "mindlab", "Ti-Lab" → "TiLab".

    Only for two words of letters, neither a stop word ("de main" stays), that the collection
    writes joined far more often than apart (`written_joined(left, right)`, the words as typed). Read
    apart, "City Lab" would search "city" and "lab", found in many posts about other labs, and
    not the name the posts about it use.
    """
    words = list(_WORD.finditer(text))
    parts: list[str] = []
    kept = 0  # text before this offset is in `parts`
    i = 0
    while i < len(words) - 1:
        left, right = words[i], words[i + 1]
        if (
            _APART_GAP.fullmatch(text[left.end() : right.start()])
            and all(len(w.group()) >= 2 and w.group().isalpha() for w in (left, right))
            and term_of(left.group().lower()) is not None
            and term_of(right.group().lower()) is not None
            and written_joined(left.group(), right.group())
        ):
            parts += [text[kept : left.end()], right.group()]
            kept = right.end()
            i += 2
        else:
            i += 1
    return "".join(parts) + text[kept:]


GLUED_PART = 4  # the shortest word a glued word splits into: shorter ones are endings and typos


def split_glued(text: str, known: Callable[[str], bool], common: Callable[[str], bool]) -> str:
    """The text with words typed together split: "tierslieux" → "tiers lieux", a hashtag such as
    "#innovationpublique" → "#innovation publique".

    Only for a word whose term the collection never uses (`known` says which terms it uses) and
    that splits into two words of at least GLUED_PART letters whose terms it uses often (`common`);
    where it splits in several places, at the most even one. A typo rarely leaves two common words
    ("innovaton" leaves "innov" and "aton", a name the archive uses twice).
    """

    def repair(found: re.Match[str]) -> str:
        word = found.group()
        lower = word.lower()
        term = term_of(lower)
        if len(word) < 2 * GLUED_PART or term is None or known(term):
            return word
        splits = [
            i
            for i in range(GLUED_PART, len(word) - GLUED_PART + 1)
            if (left := term_of(lower[:i])) is not None
            and common(left)
            and (right := term_of(lower[i:])) is not None
            and common(right)
        ]
        if not splits:
            return word
        cut = max(splits, key=lambda i: min(i, len(word) - i))
        return word[:cut] + " " + word[cut:]

    return _WORD.sub(repair, text)


def restore_case(text: str, cased: Callable[[str], str | None]) -> str:
    """The text with the words typed in lower case that the collection writes as names given the
    case it writes them in: "audrey tang" → "Audrey Tang", "bloomberg" → "Bloomberg" (`cased(word)`:
    how the collection writes a lower-case word, None when it writes it in lower case too).

    The model reads case: "bloomberg" and "Bloomberg" are not the same word to it, and a
    subscriber types "innovation teams de bloomberg". Stop words are left as typed.
    """

    def repair(found: re.Match[str]) -> str:
        word = found.group()
        if not word.islower() or term_of(word) is None:
            return word
        form = cased(word)
        return form if form is not None and form.lower() == word else word

    return _WORD.sub(repair, text)


def restore_accents(text: str, exists: Callable[[str], bool], accented: Callable[[str], str | None]) -> str:
    """The text with the accents of words typed without them put back: "rapport dactivite de la
    region" → "… activité … région" (`exists`: whether the language knows a lower-case word as
    typed; `accented`: its commonest word with the same letters, accents aside, or None).

    The model reads "activite" as another word than "activité", and the stemmer too ("activit",
    not "activ"): a topic typed so met fewer of its posts. An elision typed without its apostrophe
    gets the accents of the word after it ("dactivite" → "dactivité", which unglue then reads). A
    word the language knows as typed ("ou", "a", "design") stays, and so do one it has no
    accented form of (a name), one typed with an accent already, and one in mixed case.
    """

    def accents_of(word: str) -> str | None:  # a word typed without accents
        full = accented(word)
        return full if full is not None and full != word and fold_accents(full) == word else None

    def repair(found: re.Match[str]) -> str:
        word = found.group()
        lower = word.lower()
        # Only a word typed without any accent: one typed with some ("jà") is as its writer meant.
        if not lower.isalpha() or fold_accents(lower) != lower or exists(lower):
            return word
        full = accents_of(lower)
        if full is None and (rest := glued_elision(lower)) is not None and (tail := accents_of(rest)):
            full = lower[: len(lower) - len(rest)] + tail
        cased = None if full is None else _cased_like(word, full)
        return word if cased is None else cased  # mixed case ("iPhone"): a name, as typed

    return _WORD.sub(repair, text)


TYPO_MIN = 6  # the shortest word read as a typo: one letter off a shorter word is often another


def correct_typos(
    text: str,
    weight: Callable[[str], float | None],
    exists: Callable[[str], bool],
    near: Callable[[str], Iterable[tuple[str, int]]],
) -> str:
    """The text with its typos corrected: "compliqé" → "compliqué", "Pourqoi" → "Pourquoi",
    "perfrmance" → "performance".

    A typo is a word of TYPO_MIN letters or more whose term the collection never uses (`weight`:
    a term's idf in the collection, None when it never uses it) and that the language does not know
    either (`exists`: "robinet" is a word). It becomes the word of the language one letter away
    (`near`: words and their frequency in the language) that the collection uses most, or a stop
    word, the language's commonest first; a word without one stays as typed, and so do names (a
    capital inside the word, or at its start inside the text) and text that reads as English.
    """
    if looks_english(text):
        return text

    def repair(found: re.Match[str]) -> str:
        word = found.group()
        lower = word.lower()
        # A capital inside a word, or starting one inside the text, makes a name: "iPhone", "Mme Dupont".
        named = word[1:] != lower[1:] or _starts_a_name(word, text, found.start())
        if len(word) < TYPO_MIN or not lower.isalpha() or named:
            return word
        term = term_of(lower)
        if term is None or weight(term) is not None or exists(lower):
            return word
        fits = []
        for candidate, frequency in near(lower):
            candidate_term = term_of(candidate)
            idf = 0.0 if candidate_term is None else weight(candidate_term)
            if idf is not None:
                fits.append((idf, -frequency, candidate))
        if not fits:
            return word
        return _cased_like(word, min(fits)[2]) or word

    return _WORD.sub(repair, text)


def has_words(text: str) -> bool:
    """True when a text has at least one letter or digit (not only emoji or punctuation)."""
    return any(c.isalnum() for c in text)


# A number written with a decimal point or comma names something to look up: "49.3" (the
# constitution's article), "2,5 %".
_NAMED_NUMBER = re.compile(r"\d[.,]\d")


# What a question calls the collection's posts, as folded text writes them (fold_aligned):
# around a date or "derniers", not a subject ("les articles de 2015", "posts since 2020",
# "publications récentes"). Words, not stems: the stem of "publications" is that of "publique".
POST_WORDS = (
    r"(?:articles?|billets?|posts?|publications?|ressources?|contenus?|parutions?|nouveautes?"
    r"|entry|entries|news)"
)
# "publiés", "parus", "mis en ligne", "published": how posts came out, not what they are about
# ("publié" searched put "En colo…", which says "publié", first for "le dernier article publié").
PUBLISHED = (
    r"(?:publiee?s?|parue?s?|sortie?s?|mise?s?\s+en\s+ligne|postee?s?|ecrite?s?|published|posted|written"
    r"|put\s+online)"
)
_POST_WORD = re.compile(rf"\b{POST_WORDS}(?:\s+{PUBLISHED})?\b")


def names_posts(text: str) -> bool:
    """Whether a text names the posts themselves ("articles", "publications", "posts")."""
    return _POST_WORD.search(fold_aligned(text)) is not None


def asks_about_something(text: str) -> bool:
    """True when a text holds a word to search besides stop words, numbers and the words that
    name the posts themselves.

    "quoi de neuf ?" does not ("neuf" reads as the number 9), nor "les articles" of "les
    articles depuis 2020": with a date or a source around it, such a question asks for the
    newest posts there, not for passages about "9" or "articles". "49.3 depuis 2020" does: a
    number written with a decimal point is what the question is about.
    """
    if _NAMED_NUMBER.search(text):
        return True
    words = blanked_out(text, [m.span() for m in _POST_WORD.finditer(fold_aligned(text))])
    return any(not term.isdigit() for term in analyze(words))


def blanked_out(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with these spans (of the text itself, not overlapping) blanked out: what is left
    of a question once the expressions read in it are taken (spans of fold_aligned's result)."""
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    return text


def analyze(text: str) -> list[str]:
    """The index terms of a text, in order (stop words removed); the same as iter_terms' terms."""
    if unicodedata.is_normalized("NFKC", text):
        # No spans needed: one lower() and one findall for the whole text (hot at query time).
        words = _TERM_WORD.findall(text.lower())
        if _SUBJECT not in words:
            return [term for word in words if (term := term_of(word))]
        return [term for _, term in _terms_in_context(words)]
    return [t.term for t in iter_terms(text)]
