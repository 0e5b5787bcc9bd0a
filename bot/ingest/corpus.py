"""Read and write the corpus: one Markdown file per post, YAML front matter, id = file stem."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from bot.analysis import fold_accents, has_words
from bot.domain import Document, Unreadable
from bot.errors import CorpusError, NothingReadableError, PostError
from bot.ingest.cleaning import clean_post, parse_date, parse_loose_date
from bot.ingest.pdftext import clean_pages, join_pages

log = logging.getLogger(__name__)

SUFFIXES = (".md", ".markdown")
REPORT_SUFFIX = ".pdf"  # a report; its metadata may be completed by a sidecar report.pdf.yml
MAX_POST_BYTES = 2_000_000


def corpus_files(corpus_dir: Path) -> list[Path]:
    """The post files of a corpus directory, sorted; refuse a missing or empty directory."""
    if not corpus_dir.is_dir():
        raise CorpusError(key="error_corpus_not_found", path=corpus_dir)
    wanted = (*SUFFIXES, REPORT_SUFFIX)
    files = sorted(p for p in corpus_dir.iterdir() if p.suffix.lower() in wanted and p.is_file())
    if not files:
        raise CorpusError(key="error_corpus_empty", path=corpus_dir)
    return files


def file_digests(files: Iterable[Path]) -> dict[str, str]:
    """The SHA-256 of each post file's bytes (a report's with its sidecar's), by file name."""
    digests = {}
    for path in files:
        digest = hashlib.sha256(path.read_bytes())
        if path.suffix.lower() == REPORT_SUFFIX and sidecar(path).is_file():
            digest.update(b"\x00" + sidecar(path).read_bytes())
        digests[path.name] = digest.hexdigest()
    return digests


def fingerprint(files: Iterable[Path], digests: Mapping[str, str] | None = None) -> str:
    """A hash of the corpus files' names and bytes: changes whenever a post changes."""
    paths = sorted(files)
    known = digests if digests is not None else file_digests(paths)
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(bytes.fromhex(known[path.name]))
    return digest.hexdigest()[:16]


def _as_date(value: Any, path: Path) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    parsed = parse_loose_date(str(value))
    if parsed is None:
        raise PostError(path.name, "date", value=value)
    return parsed


def is_web_link(url: str) -> bool:
    """Only web links become <a href>: anything else could be a javascript: trap in a message."""
    return re.match(r"^https?://[^\s<>\"]+$", url) is not None


def _as_url(value: Any, path: Path) -> str | None:
    if value in (None, ""):
        return None
    url = str(value).strip()
    if not is_web_link(url):
        raise PostError(path.name, "url", value=value)
    return url


def as_text(value: Any) -> str | None:
    """A metadata value as one line of text (spaces and line breaks folded), None when empty."""
    return " ".join(str(value).split()) or None if value not in (None, "") else None


def sidecar(path: Path) -> Path:
    """Where a report's metadata may be written: report.pdf.yml beside report.pdf."""
    return path.with_name(path.name + ".yml")


def _sidecar_meta(path: Path) -> dict[str, Any]:
    """The front-matter keys of a report's sidecar file (none when there is no sidecar)."""
    meta_file = sidecar(path)
    if not meta_file.is_file():
        return {}
    try:
        meta = yaml.safe_load(meta_file.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise PostError(path.name, "meta_malformed", meta=meta_file.name, kind=type(exc).__name__) from exc
    if not isinstance(meta, dict):
        raise PostError(path.name, "meta_not_mapping", meta=meta_file.name)
    return meta


def read_report(path: Path) -> Document:
    """A PDF report as a document: page texts cleaned and joined, metadata from the sidecar file,
    else the PDF's own, else its first line. A report without text (a scan) is an error."""
    from bot.ingest.pdf import read_pdf  # the PDF library loads only for corpora with reports

    meta = _sidecar_meta(path)
    content = read_pdf(path)
    pages = clean_pages(content.pages)
    if not any(has_words(page) for page in pages):
        raise PostError(path.name, "no_text_layer")
    paged = join_pages(pages)
    title = as_text(meta.get("title")) or content.title or as_text(paged.text.split("\n", 1)[0][:150])
    return Document(
        id=path.stem,
        title=title or path.stem,
        text=paged.text,
        url=_as_url(meta.get("url"), path),
        date=_as_date(meta.get("date"), path) or content.date,
        author=as_text(meta.get("author")) or content.author,
        tags=tuple(_tags(meta, path)),
        source=_source(meta),
        page_starts=paged.starts,
        cited_by=_as_url(meta.get("cited_by"), path),
        backfilled=meta.get("backfill") is True,
    )


def _source(meta: dict[str, Any]) -> str | None:
    """A `source:` key: the short name "sur NAME" narrows to."""
    return (as_text(meta.get("source")) or "").lower() or None


def _tags(meta: dict[str, Any], path: Path) -> list[str]:
    tags = meta.get("tags") or []
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",")]
    if not isinstance(tags, list):
        raise PostError(path.name, "tags")
    return [str(t) for t in tags if str(t).strip()]


def read_document(path: Path) -> Document | None:
    """Parse and clean one post or report; None when nothing readable is left after cleaning."""
    if path.suffix.lower() == REPORT_SUFFIX:
        return read_report(path)
    if path.stat().st_size > MAX_POST_BYTES:
        raise PostError(path.name, "too_big", size=MAX_POST_BYTES // 1_000_000)
    try:
        post = frontmatter.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise PostError(path.name, "not_utf8", detail=exc.reason) from exc
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise PostError(path.name, "front_matter", detail=first) from exc
    meta = post.metadata
    if not isinstance(meta, dict):
        raise PostError(path.name, "front_matter_not_mapping")
    tags = _tags(meta, path)
    title = as_text(meta.get("title"))
    body = post.content
    if title is None:
        # A post without a title takes its first line, as a blog would show it.
        first, _, body = body.strip().partition("\n")
        title = as_text(first)
    cleaned = clean_post(body, title or "")
    if not cleaned.text.strip() or not title:
        return None
    return Document(
        id=path.stem,
        title=title,
        text=cleaned.text,
        url=_as_url(meta.get("url"), path),
        date=_as_date(meta.get("date"), path) or cleaned.date,
        author=as_text(meta.get("author")) or cleaned.author,
        tags=tuple(tags),
        source=_source(meta),
        backfilled=meta.get("backfill") is True,
    )


@dataclass(frozen=True)
class CorpusRead:
    """The posts of a corpus directory, and the files that could not be read."""

    documents: list[Document]
    unreadable: list[Unreadable]


def read_corpus(corpus_dir: Path, reuse: Mapping[str, Document] | None = None) -> CorpusRead:
    """Every readable post; a bad file is named and left out, and only an empty result is an error.

    `reuse`: posts already read, by file name, for files known unchanged (not parsed again).
    """
    documents: list[Document] = []
    unreadable: list[Unreadable] = []
    for path in corpus_files(corpus_dir):
        if reuse and path.name in reuse:
            documents.append(reuse[path.name])
            continue
        try:
            document = read_document(path)
        except PostError as exc:
            unreadable.append(exc.left_out)
            continue
        except CorpusError as exc:  # none is raised today but PostError: named and left out all the same
            unreadable.append(Unreadable(path.name, str(exc)))
            continue
        except OSError as exc:
            unreadable.append(Unreadable(path.name, exc.strerror or type(exc).__name__))
            continue
        if document is None:
            unreadable.append(PostError(path.name, "empty").left_out)
        else:
            documents.append(document)
    if not documents:
        raise NothingReadableError(corpus_dir, unreadable)
    return CorpusRead(documents, unreadable)


def load_corpus(corpus_dir: Path) -> list[Document]:
    """The readable posts of the corpus directory (see read_corpus for the ones left out)."""
    return read_corpus(corpus_dir).documents


def slugify(value: str, max_length: int = 80) -> str:
    """A safe file stem: ASCII letters, digits and dashes, never a path."""
    text = fold_accents(unicodedata.normalize("NFKC", value)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:max_length].strip("-")
    return slug or "post"


def render_post(meta: dict[str, Any], text: str) -> str:
    """The Markdown file of a post: YAML front matter then the body."""
    clean_meta = {k: v for k, v in meta.items() if v not in (None, "", [], ())}
    header = yaml.safe_dump(clean_meta, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{header}---\n\n{text.strip()}\n"


def write_text_atomic(path: Path, content: str) -> None:
    """Replace a file whole: a reader (or a crash) never sees half a post."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".post-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_post(corpus_dir: Path, doc_id: str, meta: dict[str, Any], text: str) -> Path:
    """Write one post atomically as corpus_dir/<slug>.md and return its path."""
    corpus_dir.mkdir(parents=True, exist_ok=True)
    path = corpus_dir / f"{slugify(doc_id)}.md"
    write_text_atomic(path, render_post(meta, text))
    return path


def import_jsonl(source: Path, corpus_dir: Path) -> list[Path]:
    """Write one post per line of a JSONL file (keys id, url, title, date, author, text)."""
    if not source.is_file():
        raise CorpusError(key="error_file_not_found", path=source)
    records: list[tuple[str, dict[str, Any], str]] = []
    for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorpusError(
                key="error_jsonl_not_json", file=source.name, line=number, reason=exc.msg
            ) from exc
        if not isinstance(record, dict) or not str(record.get("text") or "").strip():
            raise CorpusError(key="error_jsonl_no_text", file=source.name, line=number)
        title = as_text(record.get("title")) or str(record["text"]).strip().split("\n")[0][:120]
        doc_id = str(record.get("id") or title)
        date = parse_date(str(record["date"])) if record.get("date") else None
        url = record.get("url")
        if url and not re.match(r"^https?://\S+$", str(url)):
            raise CorpusError(key="error_jsonl_url", file=source.name, line=number)
        meta = {
            "title": title,
            "url": url,
            "date": date,
            "author": record.get("author"),
            "tags": record.get("tags"),
        }
        records.append((doc_id, meta, str(record["text"])))
    return [write_post(corpus_dir, doc_id, meta, text) for doc_id, meta, text in records]


def import_report(
    source: Path,
    corpus_dir: Path,
    *,
    title: str | None = None,
    url: str | None = None,
    date: str | None = None,
    author: str | None = None,
    extra: dict[str, Any] | None = None,
    name: str | None = None,
) -> tuple[Path, Document]:
    """Copy a PDF report into the corpus (a safe file name) with its metadata in a sidecar file;
    return where it went and the report as read.

    The report is read once first: a damaged, encrypted or scanned file is refused, named.
    """
    if not source.is_file():
        raise CorpusError(key="error_file_not_found", path=source)
    if url and not is_web_link(url):
        raise CorpusError(key="error_report_url", file=source.name, url=url)
    parsed = _as_date(date, source) if date else None
    report = read_report(source)
    corpus_dir.mkdir(parents=True, exist_ok=True)
    target = corpus_dir / (name or f"{slugify(source.stem)}.pdf")
    temporary = target.with_name(f".{target.name}.tmp")
    shutil.copyfile(source, temporary)
    meta = {"title": title, "url": url, "date": parsed, "author": author, **(extra or {})}
    kept = {k: v for k, v in meta.items() if v not in (None, "")}
    if kept:
        write_text_atomic(sidecar(target), yaml.safe_dump(kept, allow_unicode=True, sort_keys=False))
    os.replace(temporary, target)
    return target, report
