"""The shipped disclosure model: manifest check and torch-free ONNX inference.

A model folder (``models/disclosure-v1/``) holds ``model.onnx``, ``tokenizer.json``,
``config.json`` (labels, outputs, maximum length), ``metrics.json``, ``MODEL_CARD.md`` and
``manifest.json`` with the sha256 of every other file. :class:`DisclosureModel` refuses a
folder whose files do not match the manifest, and starts onnxruntime only on first use.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from resonance.errors import ModelError
from resonance.types import STANCES, StancePrediction

MODEL_NAME = "disclosure-v1"
MODEL_ENV = "RESONANCE_MODEL"
MANIFEST = "manifest.json"
MANIFEST_FORMAT = "resonance-model-manifest/1"
REQUIRED_FILES = ("model.onnx", "tokenizer.json", "config.json")
INPUT_NAMES = ("input_ids", "attention_mask")
OUTPUT_NAMES = ("stance_probs", "distress_prob", "emotional_disclosure_prob")
HOW_TO_GET = (
    "train one with `make train` (or `resonance train`), point the RESONANCE_MODEL "
    "environment variable at a model folder, or use the rules only (rules_only=True)"
)


def default_model_path() -> Path:
    """Where the model is looked for: ``$RESONANCE_MODEL``, package data, then the repository."""
    env = os.environ.get(MODEL_ENV)
    if env:
        return Path(env).expanduser()
    packaged = Path(__file__).resolve().parent / "models" / MODEL_NAME
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "models" / MODEL_NAME


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_manifest(folder: Path) -> Path:
    """Write ``manifest.json`` listing the sha256 and size of every other file in ``folder``."""
    files = {
        path.name: {"sha256": sha256_file(path), "bytes": path.stat().st_size}
        for path in sorted(folder.iterdir())
        if path.is_file() and path.name != MANIFEST
    }
    target = folder / MANIFEST
    text = json.dumps({"format": MANIFEST_FORMAT, "files": files}, indent=2)
    target.write_text(text + "\n", encoding="utf-8")
    return target


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelError(f"{path}: unreadable JSON ({error}); {HOW_TO_GET}") from error
    if not isinstance(data, dict):
        raise ModelError(f"{path}: expected a JSON object; {HOW_TO_GET}")
    return data


def verify_manifest(folder: Path) -> dict[str, Any]:
    """Check every file listed in ``folder/manifest.json`` against its sha256.

    Returns:
        The parsed manifest.

    Raises:
        ModelError: the folder or manifest is missing, a required file is not listed, or a
            listed file is missing or does not match its hash.
    """
    if not folder.is_dir():
        raise ModelError(f"{folder}: no disclosure model here; {HOW_TO_GET}")
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise ModelError(f"{manifest_path}: missing manifest; {HOW_TO_GET}")
    manifest = _read_json(manifest_path)
    files = manifest.get("files")
    if manifest.get("format") != MANIFEST_FORMAT or not isinstance(files, dict):
        raise ModelError(f"{manifest_path}: expected format {MANIFEST_FORMAT!r} with a files map")
    for name in REQUIRED_FILES:
        if name not in files:
            raise ModelError(f"{manifest_path}: required file {name!r} is not listed")
    for name, entry in files.items():
        path = folder / name
        if not path.is_file():
            raise ModelError(f"{path}: listed in {MANIFEST} but missing; {HOW_TO_GET}")
        expected = entry.get("sha256") if isinstance(entry, dict) else None
        actual = sha256_file(path)
        if actual != expected:
            raise ModelError(
                f"{path}: sha256 {actual[:12]}... does not match {MANIFEST} "
                f"({str(expected)[:12]}...): the file is corrupted or from another model; "
                "restore it from the release or retrain with `make train`"
            )
    return manifest


class DisclosureModel:
    """A verified model folder; onnxruntime and the tokenizer load lazily, once."""

    def __init__(self, folder: Path, *, threads: int = 0):
        """Verify ``folder`` against its manifest and read its config.

        Args:
            folder: a model folder written by ``resonance train``.
            threads: onnxruntime intra-op threads (0: all cores).

        Raises:
            ModelError: the folder is missing, corrupted or does not match its manifest.
        """
        self.folder = Path(folder)
        self.manifest = verify_manifest(self.folder)
        self.config = _read_json(self.folder / "config.json")
        labels = tuple(self.config.get("labels", ()))
        if labels != STANCES:
            raise ModelError(f"{self.folder / 'config.json'}: labels {labels} != {STANCES}")
        self.labels: tuple[str, ...] = labels
        self.max_length = int(self.config.get("max_length", 128))
        self.pad_id = int(self.config.get("pad_token_id", 0))
        self.threads = threads
        self._session: Any = None
        self._tokenizer: Any = None

    def _load(self) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(self.folder / "tokenizer.json"))
        tokenizer.enable_truncation(self.max_length)
        tokenizer.no_padding()
        options = onnxruntime.SessionOptions()
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.intra_op_num_threads = self.threads
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(
            str(self.folder / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = tokenizer

    def predict_arrays(
        self, texts: Sequence[str], *, batch_size: int = 64
    ) -> tuple[np.ndarray, np.ndarray]:
        """Stance probabilities ``(n, 3)`` and distress probabilities ``(n,)`` for ``texts``.

        Sentences are sorted by length and padded per batch, so a batch holds similar lengths.
        """
        count = len(texts)
        stance = np.zeros((count, len(self.labels)), dtype=np.float32)
        distress = np.zeros(count, dtype=np.float32)
        if count == 0:
            return stance, distress
        if self._session is None:
            self._load()
        encodings = self._tokenizer.encode_batch(list(texts))
        order = sorted(range(count), key=lambda i: len(encodings[i].ids))
        for begin in range(0, count, batch_size):
            rows = order[begin : begin + batch_size]
            ids, mask = _pad([encodings[i].ids for i in rows], self.pad_id)
            feeds = {"input_ids": ids, "attention_mask": mask}
            probs, dist = self._session.run(list(OUTPUT_NAMES[:2]), feeds)
            stance[rows] = probs
            distress[rows] = dist.reshape(-1)
        return stance, distress

    def predict(self, texts: Sequence[str], *, batch_size: int = 64) -> list[StancePrediction]:
        """One :class:`StancePrediction` per text, in order."""
        stance, distress = self.predict_arrays(texts, batch_size=batch_size)
        return [
            StancePrediction(
                stance=STANCES[int(row.argmax())],
                scores={label: float(p) for label, p in zip(STANCES, row, strict=True)},
                distress_prob=float(d),
            )
            for row, d in zip(stance, distress, strict=True)
        ]


def _pad(sequences: list[list[int]], pad_id: int) -> tuple[np.ndarray, np.ndarray]:
    width = max(len(seq) for seq in sequences)
    ids = np.full((len(sequences), width), pad_id, dtype=np.int64)
    mask = np.zeros((len(sequences), width), dtype=np.int64)
    for row, seq in enumerate(sequences):
        ids[row, : len(seq)] = seq
        mask[row, : len(seq)] = 1
    return ids, mask


@lru_cache(maxsize=4)
def _cached(folder: str, threads: int) -> DisclosureModel:
    return DisclosureModel(Path(folder), threads=threads)


def load_model(path: str | Path | None = None, *, threads: int = 0) -> DisclosureModel:
    """The model at ``path`` (default: :func:`default_model_path`), verified and loaded once.

    Raises:
        ModelError: no model there, or its files do not match the manifest.
    """
    folder = Path(path) if path is not None else default_model_path()
    return _cached(str(folder.resolve()), threads)
