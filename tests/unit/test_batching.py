"""Concurrent questions are embedded together, each caller gets its own vector."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from bot.retrieval.batching import QueryBatcher


def test_concurrent_queries_share_batches_and_get_their_own_vectors() -> None:
    sizes: list[int] = []
    gate = threading.Event()

    def encode(texts: list[str]) -> np.ndarray:
        sizes.append(len(texts))
        gate.wait(1)  # the first batch is slow, so the others queue up behind it
        return np.array([[float(len(t))] for t in texts])

    batcher = QueryBatcher(encode)
    texts = ["a" * n for n in range(1, 17)]
    with ThreadPoolExecutor(16) as pool:
        futures = [pool.submit(batcher.embed, t) for t in texts]
        time.sleep(0.2)
        gate.set()
        results = [f.result(timeout=5) for f in futures]
    assert [r[0] for r in results] == [float(len(t)) for t in texts]
    assert sum(sizes) == 16 and len(sizes) < 16


def test_an_encoder_error_reaches_every_caller_and_the_worker_survives() -> None:
    calls = {"n": 0}

    def encode(texts: list[str]) -> np.ndarray:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("model failed")
        return np.ones((len(texts), 2))

    batcher = QueryBatcher(encode)
    with pytest.raises(RuntimeError, match="model failed"):
        batcher.embed("first")
    assert batcher.embed("second").tolist() == [1.0, 1.0]
