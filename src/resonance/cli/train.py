"""``resonance train``: fine-tune, score and export the disclosure model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from resonance.cli.app import app, clean_errors

ExistingDir = Annotated[
    Path,
    typer.Option(exists=True, file_okay=False, help="Folder with train/dev/test.jsonl."),
]


@app.command()
def train(
    data: ExistingDir = Path("data/annotations"),
    claff: Annotated[
        Path | None,
        typer.Option(
            exists=True,
            dir_okay=False,
            help="CL-Aff labeled_training_set.csv: adds its emotional-disclosure labels.",
        ),
    ] = None,
    claff_mode: Annotated[
        str,
        typer.Option(
            help="aux (auxiliary head only), partial (+ ED=1: open or guarded, "
            "ED=0: not open) or open (+ ED=1: open, ED=0: not open)."
        ),
    ] = "open",
    claff_per_epoch: Annotated[
        int, typer.Option(help="CL-Aff sentences sampled per epoch.")
    ] = 3000,
    out: Annotated[Path, typer.Option(help="Model folder to write.")] = Path(
        "models/disclosure-v1"
    ),
    run_dir: Annotated[
        Path, typer.Option(help="Run folder: metrics log, torch checkpoint, exports.")
    ] = Path("runs/disclosure-v1"),
    base: Annotated[
        Path | None,
        typer.Option(
            exists=True, file_okay=False, help="Another base encoder (default: MiniLM-L6)."
        ),
    ] = None,
    epochs: Annotated[int, typer.Option(help="Most epochs (early stopping on dev).")] = 6,
    patience: Annotated[int, typer.Option(help="Epochs without dev gain before stopping.")] = 2,
    batch_size: Annotated[int, typer.Option(help="Sentences per training step.")] = 32,
    learning_rate: Annotated[float, typer.Option(help="AdamW peak learning rate.")] = 6e-5,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 13,
    threads: Annotated[int | None, typer.Option(help="torch threads (default: all).")] = None,
    quantize: Annotated[
        str, typer.Option(help="auto (by measurement), fp32, int8 (dynamic) or int8-weights.")
    ] = "auto",
) -> None:
    """Fine-tune all-MiniLM-L6-v2 on the annotated corpus, export ONNX and write the model.

    Trains a TF-IDF + logistic regression baseline in the same run, stops early on the dev
    split, logs metrics as JSON lines in RUN_DIR/metrics.jsonl and writes OUT with
    model.onnx, tokenizer, config, metrics.json, MODEL_CARD.md and manifest.json.
    """
    from resonance.training import TrainingArgs
    from resonance.training import train as run_training

    with clean_errors():
        args = TrainingArgs(
            data=data,
            out=out,
            run_dir=run_dir,
            base=base,
            claff=claff,
            claff_mode=claff_mode,  # type: ignore[arg-type]  # checked by TrainingArgs
            claff_per_epoch=claff_per_epoch,
            epochs=epochs,
            patience=patience,
            batch_size=batch_size,
            learning_rate=learning_rate,
            seed=seed,
            threads=threads,
            quantize=quantize,  # type: ignore[arg-type]  # checked by TrainingArgs
            progress=True,
        )
        metrics = run_training(args)
    shipped = metrics["shipped"]
    summary = {
        "out": str(out),
        "format": metrics["export"]["choice"],
        "best_epoch": metrics["training"]["best_epoch"],
        "test_macro_f1": shipped.get("test", {}).get("stance", {}).get("macro_f1"),
        "tfidf_test_macro_f1": metrics["tfidf_baseline"]
        .get("test", {})
        .get("stance", {})
        .get("macro_f1"),
        "claff_heldout_open_f1": shipped.get("claff_heldout", {}).get("open_vs_not", {}).get("f1"),
    }
    typer.echo(json.dumps(summary))
