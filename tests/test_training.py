"""Training: data reading, CL-Aff mapping, losses, save/load, export parity, a full tiny run."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from resonance.classifier import DisclosureModel, verify_manifest
from resonance.errors import AnnotationError, InputError
from resonance.training import TrainingArgs
from resonance.training_data import (
    Example,
    binary_metrics,
    claff_part,
    claff_records,
    normalise_claff,
    read_claff,
    read_corpus,
    stance_metrics,
)
from tiny_bert import MEMORISED, build_tiny_base, tiny_model

CORPUS = [
    {
        "id": "t-0001",
        "text": "Nobody ever calls me. I'm fine though. We ate early.",
        "spans": [
            {"start": 0, "end": 6, "label": "ABSOLUTIST", "category": "people", "distress": True},
            {"start": 7, "end": 11, "label": "ABSOLUTIST", "category": "time", "distress": True},
        ],
        "sentences": [
            {"start": 0, "end": 21, "disclosure": "open"},
            {"start": 22, "end": 38, "disclosure": "guarded"},
            {"start": 39, "end": 52, "disclosure": "neutral"},
        ],
    },
    {
        "id": "t-0002",
        "text": "I run every morning. It always clears my head.",
        "spans": [
            {"start": 6, "end": 19, "label": "ABSOLUTIST", "category": "time", "distress": False},
            {"start": 24, "end": 30, "label": "ABSOLUTIST", "category": "time", "distress": False},
        ],
        "sentences": [
            {"start": 0, "end": 20, "disclosure": "neutral"},
            {"start": 21, "end": 46, "disclosure": "open"},
        ],
    },
    {"id": "t-0003", "text": "Honestly I miss her.", "spans": [], "disclosure": "open"},
]


def _write_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for split in ("train", "dev", "test"):
        lines = [json.dumps(record) for record in CORPUS]
        (folder / f"{split}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _write_claff(path: Path, rows: list[tuple[str, str, str, int]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["sentenceid", "id", "full_text", "Emotional_disclosure"])
        writer.writerows(rows)
    return path


def test_read_corpus_gives_sentences_with_stance_and_distress(tmp_path: Path) -> None:
    examples = read_corpus(_write_corpus(tmp_path / "ann") / "train.jsonl")
    assert [(e.text, e.stance, e.distress) for e in examples] == [
        ("Nobody ever calls me.", 0, 1),
        ("I'm fine though.", 1, 0),
        ("We ate early.", 2, 0),
        ("I run every morning.", 2, 0),
        ("It always clears my head.", 0, 0),
        ("Honestly I miss her.", 0, 0),
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "invalid JSON"),
        ('["a list"]', "expected a JSON object"),
        ('{"id": "x"}', "record has no text"),
        ('{"id": "x", "text": "Hi.", "disclosure": "closed"}', "'closed' is not one of"),
    ],
)
def test_read_corpus_reports_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "ok", "text": "Fine."}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match=message) as caught:
        read_corpus(path)
    assert str(caught.value).startswith(f"{path}:2:")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("I<U+0092>m sobbing reading this thread!", "I'm sobbing reading this thread!"),
        ("He said <U+0093>no<U+0094> twice.", 'He said "no" twice.'),
        ("Love this <U+2764><U+FE0F>", "Love this \u2764\ufe0f"),
        ("So funny <U+0001F602>", "So funny \U0001f602"),
        ("Plain text stays.", "Plain text stays."),
    ],
)
def test_normalise_claff(raw: str, clean: str) -> None:
    assert normalise_claff(raw) == clean


def test_claff_parts_are_fixed_and_cover_the_expected_shares() -> None:
    ids = [f"post{i}" for i in range(4000)]
    parts = [claff_part(post) for post in ids]
    assert parts == [claff_part(post) for post in ids]
    assert 0.12 < parts.count("heldout") / len(ids) < 0.18
    assert 0.03 < parts.count("dev") / len(ids) < 0.07


def test_claff_reader_and_heldout_records(tmp_path: Path) -> None:
    heldout = next(f"p{i}" for i in range(100) if claff_part(f"p{i}") == "heldout")
    train = next(f"p{i}" for i in range(100) if claff_part(f"p{i}") == "train")
    path = _write_claff(
        tmp_path / "claff.csv",
        [
            ("1", heldout, "I<U+0092>m so proud of you.", 1),
            ("2", heldout, "It's a book by someone.", 0),
            ("3", train, "Thanks for sharing.", 1),
            ("4", train, "   ", 0),
        ],
    )
    rows = read_claff(path)
    assert [r.sentence_id for r in rows] == ["1", "2", "3"]
    records = list(claff_records(rows, "heldout"))
    assert [(r["id"], r["text"], r["disclosure"]) for r in records] == [
        ("claff-1", "I'm so proud of you.", "open"),
        ("claff-2", "It's a book by someone.", "neutral"),
    ]
    assert all(r["meta"]["post_id"] == heldout for r in records)


def test_claff_reader_rejects_other_csv(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("text,label\nhello,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing columns"):
        read_claff(path)


@pytest.mark.parametrize(
    ("gold", "pred", "macro", "accuracy"),
    [
        ([0, 1, 2], [0, 1, 2], 1.0, 1.0),
        ([0, 0, 1, 2], [0, 1, 1, 2], 0.7778, 0.75),
        ([0, 0, 0], [1, 1, 1], 0.0, 0.0),
    ],
)
def test_stance_metrics(gold: list[int], pred: list[int], macro: float, accuracy: float) -> None:
    metrics = stance_metrics(gold, pred)
    assert metrics["macro_f1"] == pytest.approx(macro, abs=1e-4)
    assert metrics["accuracy"] == pytest.approx(accuracy, abs=1e-4)


def test_binary_metrics() -> None:
    metrics = binary_metrics([1, 1, 0, 0], [1, 0, 1, 0])
    assert (metrics["precision"], metrics["recall"], metrics["f1"]) == (0.5, 0.5, 0.5)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"epochs": 0}, "epochs"),
        ({"batch_size": 0}, "batch_size"),
        ({"claff_mode": "soft"}, "claff_mode"),
        ({"quantize": "int4"}, "quantize must be auto, fp32, int8 or int8-weights"),
        ({"data": Path("/nonexistent/annotations")}, "build_annotations"),
        ({"claff": Path("/nonexistent/claff.csv")}, "CL-Aff CSV not found"),
    ],
)
def test_training_args_are_checked(tmp_path: Path, change: dict[str, object], message: str) -> None:
    options: dict[str, object] = {"data": _write_corpus(tmp_path / "ann"), **change}
    with pytest.raises(InputError, match=message):
        TrainingArgs(**options)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def torch_modules():
    torch = pytest.importorskip("torch")
    from resonance import training_net

    return torch, training_net


@pytest.mark.parametrize("mode", ["aux", "partial", "open"])
def test_one_training_step_lowers_the_loss(tmp_path: Path, torch_modules, mode: str) -> None:
    torch, tn = torch_modules
    from transformers import AutoTokenizer

    from resonance.training import batch_loss

    base = build_tiny_base(tmp_path / "base")
    tokenizer = AutoTokenizer.from_pretrained(str(base))
    net = tn.load_net(base)
    net.eval()  # no dropout: the before/after comparison is deterministic
    texts = ["Nobody ever calls me.", "I'm fine though.", "Thanks for sharing!"]
    ids, mask = tn.pad_batch(tokenizer(texts)["input_ids"], tokenizer.pad_token_id)
    labels = (torch.tensor([0, 1, -1]), torch.tensor([1, 0, -1]), torch.tensor([-1, -1, 1]))
    args = TrainingArgs(data=_write_corpus(tmp_path / "ann"), claff_mode=mode)
    optimizer = torch.optim.SGD(net.parameters(), lr=0.5)
    before = batch_loss(net(input_ids=ids, attention_mask=mask).logits, labels, args)
    before.backward()
    optimizer.step()
    after = batch_loss(net(input_ids=ids, attention_mask=mask).logits, labels, args)
    assert torch.isfinite(before) and after.item() < before.item()


def test_save_load_round_trip(tmp_path: Path, torch_modules) -> None:
    torch, tn = torch_modules
    base = build_tiny_base(tmp_path / "base")
    net = tn.load_net(base)
    net.save_pretrained(str(tmp_path / "saved"))
    again = tn.load_net(tmp_path / "saved")
    ids, mask = tn.pad_batch([[2, 40, 41, 3], [2, 42, 3]], 0)
    net.eval()
    again.eval()
    with torch.no_grad():
        assert torch.equal(net(ids, mask).logits, again(ids, mask).logits)


@pytest.mark.parametrize(
    ("quantize", "tolerance"), [(None, 1e-4), ("int8", 0.15), ("int8-weights", 0.05)]
)
def test_torch_and_onnx_agree(
    tmp_path_factory: pytest.TempPathFactory, torch_modules, quantize: str | None, tolerance: float
) -> None:
    _, tn = torch_modules
    from transformers import AutoTokenizer

    from resonance.classifier import write_manifest

    folder = tiny_model(tmp_path_factory.getbasetemp())
    checkpoint = folder.parent / f"{folder.name}-torch"
    if quantize:
        target = tmp_path_factory.mktemp(quantize)
        for name in ("tokenizer.json", "config.json"):
            shutil.copyfile(folder / name, target / name)
        if quantize == "int8":
            tn.quantize_int8(folder / "model.onnx", target / "model.onnx")
        else:
            tn.quantize_weights_int8(folder / "model.onnx", target / "model.onnx", min_elements=0)
        write_manifest(target)
        folder = target
    net = tn.load_net(checkpoint)
    tokenizer = AutoTokenizer.from_pretrained(str(checkpoint))
    texts = [t for t, _, _ in MEMORISED] + ["Short.", "A much longer sentence " * 5]
    encoded = tokenizer(texts, truncation=True, max_length=64)["input_ids"]
    reference, distress, _ = tn.predict_probs(net, encoded, 0)
    onnx_stance, onnx_distress = DisclosureModel(folder).predict_arrays(texts, batch_size=3)
    assert abs(reference.numpy() - onnx_stance).max() < tolerance
    assert abs(distress.numpy() - onnx_distress).max() < tolerance


def test_full_tiny_training_run(tmp_path: Path, torch_modules) -> None:
    from resonance.training import train

    heldout = next(f"p{i}" for i in range(100) if claff_part(f"p{i}") == "heldout")
    train_id = next(f"p{i}" for i in range(100) if claff_part(f"p{i}") == "train")
    claff = _write_claff(
        tmp_path / "claff.csv",
        [
            ("1", heldout, "My heart is breaking for you.", 1),
            ("2", heldout, "Have you tried the library?", 0),
            ("3", train_id, "I<U+0092>m so happy for you!", 1),
            ("4", train_id, "The shop opens at nine.", 0),
        ],
    )
    args = TrainingArgs(
        data=_write_corpus(tmp_path / "ann"),
        out=tmp_path / "out",
        run_dir=tmp_path / "run",
        base=build_tiny_base(tmp_path / "base"),
        claff=claff,
        epochs=2,
        batch_size=4,
        threads=1,
    )
    metrics = train(args)
    assert verify_manifest(args.out)["files"].keys() == {
        "model.onnx",
        "tokenizer.json",
        "config.json",
        "metrics.json",
        "MODEL_CARD.md",
    }
    export = metrics["export"]
    assert export["choice"] in ("int8", "fp32", "int8-weights")
    assert export["fp32"]["labels_changed_by_batching"] == 0
    assert export["int8-weights"]["labels_changed_by_batching"] == 0
    assert set(metrics["shipped"]) >= {"dev", "test", "claff_heldout"}
    assert "macro_f1" in metrics["tfidf_baseline"]["test"]["stance"]
    log = [json.loads(line) for line in (args.run_dir / "metrics.jsonl").read_text().splitlines()]
    assert [e["event"] for e in log if e["event"] != "epoch"] == ["data", "tfidf_baseline", "final"]
    card = (args.out / "MODEL_CARD.md").read_text()
    assert "CC BY 4.0" in card and "Jaidka" in card
    assert DisclosureModel(args.out).predict(["I'm fine."])[0].stance in (
        "open",
        "guarded",
        "neutral",
    )


def test_example_defaults_mark_missing_labels() -> None:
    example = Example("Thanks for sharing.", emotional=1, source="claff")
    assert (example.stance, example.distress, example.emotional) == (-1, -1, 1)


def test_cli_train_rejects_unknown_mode_cleanly(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from resonance.cli import app

    corpus = _write_corpus(tmp_path / "ann")
    result = CliRunner().invoke(app, ["train", "--data", str(corpus), "--claff-mode", "soft"])
    assert result.exit_code == 1
    assert "claff_mode must be aux, partial or open" in result.output
    assert "Traceback" not in result.output


def test_cli_train_writes_a_model(tmp_path: Path, torch_modules) -> None:
    from typer.testing import CliRunner

    from resonance.cli import app

    options = {
        "--data": _write_corpus(tmp_path / "ann"),
        "--base": build_tiny_base(tmp_path / "base"),
        "--out": tmp_path / "out",
        "--run-dir": tmp_path / "run",
        "--epochs": 1,
        "--threads": 1,
        "--batch-size": 4,
    }
    argv = ["train", *(str(x) for pair in options.items() for x in pair)]
    result = CliRunner().invoke(app, argv)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["out"] == str(tmp_path / "out")
    assert summary["format"] in ("int8", "fp32", "int8-weights")
    verify_manifest(tmp_path / "out")
