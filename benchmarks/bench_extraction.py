"""Main-text extraction from web pages: trafilatura against the hand-written article selectors.

Each of 60 real archive posts (shared/fixtures/wordpress) is wrapped in four page shapes: a
WordPress theme (menus, sidebar widgets, share buttons, comments, footer), a Hugo/Osuny page
(breadcrumb, "à lire aussi", footer), a Drupal 10 page (regions, blocks, tags field) and a page
of a site without semantic markup (a wiki or a home-made CMS: menus and boxes in plain divs). The
post's own text (its REST `content.rendered`, turned into prose) is the reference: word-level
precision (how much of the extracted text is the post) and recall (how much of the post came out).

Run: .venv/bin/python -m benchmarks.bench_extraction   (prints numbers; not a test)
"""

from __future__ import annotations

import html
import random
import re
import statistics
import time
import unicodedata
from collections import Counter
from collections.abc import Callable

from bs4 import BeautifulSoup

from bot.ingest.feeds import html_to_markdown
from bot.ingest.pages import page_text
from tests.wordpress_site import PLAIN_PAGE, SiteState, _page_html, load_fixture

DRUPAL_PAGE = """<!DOCTYPE html><html lang="fr" dir="ltr"><head><meta charset="utf-8">
<title>{title} | Mission innovation du Département</title><meta name="Generator" content="Drupal 10">
<link rel="canonical" href="https://departement.example.fr/node/1"></head>
<body class="path-node page-node-type-article"><a href="#main-content" class="visually-hidden">Aller au contenu principal</a>
<div class="dialog-off-canvas-main-canvas"><div class="layout-container">
<header role="banner"><div class="region region-header"><div id="block-site-branding">Département — Mission innovation</div></div>
<div class="region region-primary-menu"><nav role="navigation" id="block-main-menu"><ul class="menu"><li>Accueil</li><li>Nos projets</li><li>Le labo</li><li>Contact</li></ul></nav></div></header>
<div class="region region-breadcrumb"><nav class="breadcrumb"><ol><li>Accueil</li><li>Actualités</li></ol></nav></div>
<main role="main"><a id="main-content" tabindex="-1"></a><div class="layout-content"><div class="region region-content">
<div id="block-page-title"><h1 class="page-title"><span class="field field--name-title">{title}</span></h1></div>
<div id="block-mainpagecontent"><article role="article" class="node node--type-article node--view-mode-full">
<footer class="node__meta"><div class="node__submitted">Soumis par <span class="field--name-uid">webmestre</span> le <span>{date}</span></div></footer>
<div class="node__content"><div class="clearfix text-formatted field field--name-body field__item">{body}</div>
<div class="field field--name-field-tags"><div class="field__label">Étiquettes</div><div class="field__items"><div class="field__item">innovation</div><div class="field__item">laboratoire</div></div></div>
</div></article></div></div></div>
<aside class="layout-sidebar-second" role="complementary"><div class="region region-sidebar-second">
<div class="block block-views"><h2>Dernières actualités</h2><ul><li>Le labo ouvre ses portes aux agents</li><li>Retour sur la semaine de l'innovation</li></ul></div>
<div class="block"><h2>Lettre d'information</h2><p>Recevez chaque mois les nouvelles de la mission innovation du Département.</p></div></div></aside></main>
<footer role="contentinfo"><div class="region region-footer"><p>Département — Hôtel du Département — Mentions légales — Accessibilité — Plan du site</p></div></footer>
</div></div></body></html>"""

# A site built without semantic markup (a wiki or a home-made CMS): no article, main or entry-content.
CUSTOM_PAGE = """<html><head><title>{title} - Ti Lab</title></head><body><div id="wrap">
<div id="top"><div class="logo">Ti Lab — laboratoire régional d'innovation publique</div>
<div class="menu"><a>Accueil</a> | <a>Le Lab</a> | <a>Projets</a> | <a>Ressources</a> | <a>Nous contacter</a></div></div>
<div id="cols"><div class="col-left"><div class="box"><b>Dans cette rubrique</b><ul><li>Fonctions du Lab</li>
<li>Notre équipe et ses partenaires</li><li>Les méthodes que nous utilisons</li></ul></div>
<div class="box"><b>Agenda</b><p>Prochain atelier ouvert aux agents publics le premier jeudi du mois à Rennes.</p></div></div>
<div class="col-main"><div class="titre">{title}</div><div class="date">{date}</div><div class="texte">{body}</div></div></div>
<div id="bas">Ti Lab — Région Bretagne et Préfecture — page modifiée le {date} — éditer cette page — historique</div>
</div></body></html>"""

# The hand-written extraction innobot used before trafilatura (kept here only to be measured).
_ARTICLE = (
    "[itemprop=articleBody]",
    ".entry-content",
    ".post-content",
    ".article-content",
    "article",
    "main",
)


def selectors(page: str) -> str:
    soup = BeautifulSoup(page, "html.parser")
    for selector in _ARTICLE:
        if (found := soup.select_one(selector)) is not None and found.get_text(" ").strip():
            return html_to_markdown(str(found))
    return html_to_markdown(str(soup.body or soup))


def words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", unicodedata.normalize("NFC", text).lower()))


def scores(got: str, want: str) -> tuple[float, float]:
    g, w = words(got), words(want)
    common = sum((g & w).values())
    return common / max(sum(g.values()), 1), common / max(sum(w.values()), 1)


def shapes(post: dict, state: SiteState) -> dict[str, str]:
    title, body, date = post["title"]["rendered"], post["content"]["rendered"], post["date"][:10]
    return {
        "WordPress theme": _page_html(state, post),
        "Hugo/Osuny": PLAIN_PAGE.format(title=title, date=date, body=body, url="https://labo.example.fr/p/"),
        "Drupal 10": DRUPAL_PAGE.format(title=title, date=date, body=body),
        "custom, no tags": CUSTOM_PAGE.format(title=title, date=date, body=body),
    }


def main() -> None:
    posts = random.Random(3).sample(load_fixture(), 60)
    state = SiteState(base="https://www.la27eregion.fr")
    extractors: dict[str, Callable[[str], str]] = {"trafilatura": page_text, "article selectors": selectors}
    print(f"{'page shape':16} {'extractor':18} {'precision':>9} {'recall':>7} {'F1':>6} {'ms/page':>8}")
    for shape in ("WordPress theme", "Hugo/Osuny", "Drupal 10", "custom, no tags"):
        for name, extract in extractors.items():
            precision, recall, times = [], [], []
            for post in posts:
                want = html.unescape(html_to_markdown(post["content"]["rendered"]))
                if len(want) < 200:
                    continue
                page = shapes(post, state)[shape]
                started = time.perf_counter()
                got = extract(page)
                times.append((time.perf_counter() - started) * 1000)
                p, r = scores(got, want)
                precision.append(p)
                recall.append(r)
            p, r = statistics.mean(precision), statistics.mean(recall)
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            print(f"{shape:16} {name:18} {p:9.3f} {r:7.3f} {f1:6.3f} {statistics.mean(times):8.1f}")


if __name__ == "__main__":
    main()
