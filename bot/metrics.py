"""Prometheus metrics shared by the channels (multi-process aware)."""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

REQUESTS = Counter("askvn_requests_total", "HTTP requests", ["endpoint", "method", "status"])
REQUEST_SECONDS = Histogram(
    "askvn_request_seconds", "HTTP request duration", ["endpoint", "method"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)  # fmt: skip
ANSWERS = Counter("askvn_answers_total", "Questions answered", ["channel", "site", "answered"])
LATENCY = Histogram(
    "askvn_answer_seconds",
    "Time to answer a question",
    ["channel", "site"],
    buckets=(0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2, 5, 10),
)
FEEDBACK = Counter("askvn_feedback_total", "Feedback received", ["channel", "rating"])


def observe_answer(channel: str, site: str, answered: bool, seconds: float) -> None:
    """Count one answer and its latency."""
    ANSWERS.labels(channel, site, str(answered).lower()).inc()
    LATENCY.labels(channel, site).observe(seconds)


def observe_request(endpoint: str, method: str, status: int, seconds: float) -> None:
    """Count one HTTP request (endpoint is the route template, never the raw path)."""
    REQUESTS.labels(endpoint, method, str(status)).inc()
    REQUEST_SECONDS.labels(endpoint, method).observe(seconds)


def render() -> tuple[bytes, str]:
    """Return the exposition text (aggregated across workers when multi-process)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST
