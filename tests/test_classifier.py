"""The shipped-model loader: manifest checks, missing model, ONNX inference, lazy imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from resonance.classifier import (
    MODEL_ENV,
    DisclosureModel,
    default_model_path,
    load_model,
    verify_manifest,
    write_manifest,
)
from resonance.errors import ModelError
from resonance.types import STANCES
from tiny_bert import MEMORISED, tiny_model


def _fake_folder(folder: Path) -> Path:
    folder.mkdir()
    (folder / "model.onnx").write_bytes(b"not really onnx, but hashed all the same")
    (folder / "tokenizer.json").write_text("{}", encoding="utf-8")
    (folder / "config.json").write_text(json.dumps({"labels": list(STANCES)}), encoding="utf-8")
    (folder / "MODEL_CARD.md").write_text("# card\n", encoding="utf-8")
    write_manifest(folder)
    return folder


def _corrupt(folder: Path) -> None:
    with (folder / "model.onnx").open("ab") as handle:
        handle.write(b"\x00")


def _delete(folder: Path) -> None:
    (folder / "tokenizer.json").unlink()


def _mismatch(folder: Path) -> None:
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["files"]["config.json"]["sha256"] = "0" * 64
    (folder / "manifest.json").write_text(json.dumps(manifest))


def _unlist(folder: Path) -> None:
    manifest = json.loads((folder / "manifest.json").read_text())
    del manifest["files"]["model.onnx"]
    (folder / "manifest.json").write_text(json.dumps(manifest))


def _no_manifest(folder: Path) -> None:
    (folder / "manifest.json").unlink()


def _bad_json(folder: Path) -> None:
    (folder / "manifest.json").write_text("{not json")


def _card_edited(folder: Path) -> None:
    (folder / "MODEL_CARD.md").write_text("# card, edited after release\n")


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (_corrupt, "model.onnx: sha256"),
        (_delete, "tokenizer.json: listed in manifest.json but missing"),
        (_mismatch, "config.json: sha256"),
        (_unlist, "required file 'model.onnx' is not listed"),
        (_no_manifest, "manifest.json: missing manifest"),
        (_bad_json, "manifest.json: unreadable JSON"),
        (_card_edited, "MODEL_CARD.md: sha256"),
    ],
)
def test_manifest_refuses_damaged_folder(tmp_path: Path, damage, expected: str) -> None:
    folder = _fake_folder(tmp_path / "model")
    verify_manifest(folder)
    damage(folder)
    with pytest.raises(ModelError, match=expected.replace("(", r"\(")):
        verify_manifest(folder)


def test_manifest_ignores_unlisted_extra_files(tmp_path: Path) -> None:
    folder = _fake_folder(tmp_path / "model")
    (folder / "notes.txt").write_text("a local note", encoding="utf-8")
    assert set(verify_manifest(folder)["files"]) == {
        "model.onnx",
        "tokenizer.json",
        "config.json",
        "MODEL_CARD.md",
    }


@pytest.mark.parametrize("loader", [DisclosureModel, load_model])
def test_missing_model_says_how_to_get_one(tmp_path: Path, loader) -> None:
    with pytest.raises(ModelError) as caught:
        loader(tmp_path / "nowhere")
    message = str(caught.value)
    assert str(tmp_path / "nowhere") in message
    assert "make train" in message
    assert MODEL_ENV in message


def test_wrong_labels_are_refused(tmp_path: Path) -> None:
    folder = _fake_folder(tmp_path / "model")
    (folder / "config.json").write_text(json.dumps({"labels": ["pos", "neg", "neu"]}))
    write_manifest(folder)
    with pytest.raises(ModelError, match="labels"):
        DisclosureModel(folder)


def test_environment_variable_overrides_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MODEL_ENV, str(tmp_path / "elsewhere"))
    assert default_model_path() == tmp_path / "elsewhere"
    monkeypatch.delenv(MODEL_ENV)
    assert default_model_path().parts[-2:] == ("models", "disclosure-v1")


def test_import_resonance_loads_neither_torch_nor_onnxruntime() -> None:
    code = (
        "import sys, resonance, resonance.classifier, resonance.training, resonance.types\n"
        "heavy = [m for m in ('torch', 'onnxruntime', 'transformers', 'sklearn') "
        "if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != MODEL_ENV}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert result.stdout.strip() == ""


@pytest.fixture(scope="session")
def tiny_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("torch")
    return tiny_model(tmp_path_factory.getbasetemp())


@pytest.mark.parametrize(("text", "stance", "distress"), MEMORISED)
def test_onnx_model_predicts_memorised_sentences(
    tiny_folder: Path, text: str, stance: str, distress: int
) -> None:
    (prediction,) = DisclosureModel(tiny_folder).predict([text])
    assert prediction.stance == stance
    assert sum(prediction.scores.values()) == pytest.approx(1.0, abs=1e-5)
    assert (prediction.distress_prob >= 0.5) == bool(distress)


def test_batching_and_length_sorting_keep_order(tiny_folder: Path) -> None:
    model = DisclosureModel(tiny_folder)
    texts = [t for t, _, _ in MEMORISED] * 3
    together = model.predict(texts, batch_size=4)
    alone = [model.predict([t])[0] for t in texts]
    for joint, single in zip(together, alone, strict=True):
        assert joint.stance == single.stance
        assert joint.distress_prob == pytest.approx(single.distress_prob, abs=1e-5)


def test_empty_input_gives_empty_arrays(tiny_folder: Path) -> None:
    stance, distress = DisclosureModel(tiny_folder).predict_arrays([])
    assert stance.shape == (0, 3) and distress.shape == (0,)


def test_load_model_is_cached(tiny_folder: Path) -> None:
    assert load_model(tiny_folder) is load_model(str(tiny_folder))
