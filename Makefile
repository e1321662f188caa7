# resonance: `make help` lists every target.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
SHARED ?= ../shared
CLAFF ?= $(SHARED)/data/claff-offmychest/labeled_training_set.csv
FRAMES ?= $(SHARED)/data/positive-frames/train.csv

.PHONY: help install demo test lint validate corpus evaluate evaluate-claff evaluate-reframes \
        evaluate-crisis bench bench-rules bench-pipeline bench-score train clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*?## "}; {printf "  %-18s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0  # first: the local CPU build, never the CUDA one
	$(BIN)/pip install --quiet -e '.[train,dask,parquet,dev]'
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install resonance with everything (torch 2.13.0 CPU first)

demo: install ## Reflect on the bundled example journal
	$(BIN)/resonance reflect examples/journal.txt

test: install ## Run the test suite
	$(BIN)/python -m pytest -q

lint: install ## ruff (lint and format) and mypy
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy

validate: install ## Check the annotated corpus against ANNOTATION.md
	$(BIN)/python scripts/build_annotations.py --check
	$(BIN)/resonance validate data/annotations/train.jsonl data/annotations/dev.jsonl data/annotations/test.jsonl

corpus: install ## Rebuild data/annotations/*.jsonl from the hand-written sources
	$(BIN)/python scripts/build_annotations.py

evaluate: install ## Accuracy on the held-out test split of the corpus
	$(BIN)/resonance evaluate data/annotations/test.jsonl

evaluate-claff: install ## Open-vs-not F1 on the held-out part of CL-Aff (never committed)
	$(BIN)/python scripts/claff_heldout.py --claff $(CLAFF)
	$(BIN)/resonance evaluate runs/claff-heldout.jsonl

evaluate-reframes: install ## Reframe figures on the stressed tweets and on the corpus
	$(BIN)/resonance evaluate-reframes $(FRAMES) --text-column original_text
	$(BIN)/resonance evaluate-reframes data/annotations/train.jsonl data/annotations/dev.jsonl data/annotations/test.jsonl

evaluate-crisis: install ## Crisis-guard recall and false-alarm rate on data/crisis
	$(BIN)/resonance evaluate data/crisis/crisis.jsonl --rules-only

bench: bench-rules bench-pipeline bench-score ## Every benchmark

bench-rules: install ## Rules tagger vs spaCy tokenizer-only vs regex dictionary counter
	$(BIN)/python -m benchmarks.bench_rules

bench-pipeline: install ## Rules + classifier vs a plain transformers pipeline, peak memory
	$(BIN)/python -m benchmarks.bench_pipeline

bench-score: install ## score: documents/s with 1 and 2 workers, peak memory at 1x and 10x
	$(BIN)/python -m benchmarks.bench_score

train: install ## Fine-tune the disclosure model (about 5 min on 2 cores) -> models/disclosure-v1
	$(BIN)/resonance train --claff $(CLAFF) --threads 2

clean: ## Remove build and cache files (keeps .venv)
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache src/*.egg-info
