"""The resonance_disclosure spaCy component: stances through the pipeline, fusion, round trips."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from resonance.disclosure import FUSIONS, fuse_distress
from resonance.errors import ModelError
from resonance.types import STANCES
from tiny_bert import MEMORISED, tiny_model


@pytest.fixture(scope="module")
def model_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("torch")
    return tiny_model(tmp_path_factory.getbasetemp())


def _nlp(folder: Path | str, **config: object) -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("resonance_absolutist")
    nlp.add_pipe("resonance_disclosure", config={"model": str(folder), **config})
    return nlp


@pytest.mark.parametrize(("text", "stance", "distress"), MEMORISED)
def test_each_sentence_gets_the_model_stance(
    model_folder: Path, text: str, stance: str, distress: int
) -> None:
    doc = _nlp(model_folder)(text)
    (sent,) = doc.sents
    assert sent._.disclosure == stance
    assert set(sent._.disclosure_scores) == set(STANCES)
    assert sum(sent._.disclosure_scores.values()) == pytest.approx(1.0, abs=1e-5)
    assert (sent._.distress_prob >= 0.5) == bool(distress)


def test_multi_sentence_documents_through_pipe(model_folder: Path) -> None:
    nlp = _nlp(model_folder)
    texts = [
        " ".join(t for t, _, _ in MEMORISED[:3]),
        " ".join(t for t, _, _ in MEMORISED[3:]),
        "",
    ]
    docs = list(nlp.pipe(texts, batch_size=2))
    stances = [[s._.disclosure for s in doc.sents] for doc in docs]
    assert stances == [
        [s for _, s, _ in MEMORISED[:3]],
        [s for _, s, _ in MEMORISED[3:]],
        [],
    ]
    one_by_one = [[s._.disclosure for s in nlp(t).sents] for t in texts]
    assert one_by_one == stances


@pytest.mark.parametrize(
    ("fusion", "threshold", "rule", "prob", "expected"),
    [
        ("rules", 0.5, True, 0.1, True),
        ("rules", 0.5, False, 0.9, False),
        ("and", 0.5, True, 0.9, True),
        ("and", 0.5, True, 0.2, False),
        ("and", 0.5, False, 0.9, False),
        ("or", 0.5, False, 0.9, True),
        ("or", 0.5, True, 0.1, True),
        ("or", 0.5, False, 0.1, False),
        ("model", 0.5, True, 0.1, False),
        ("model", 0.5, False, 0.6, True),
        ("and", 0.3, True, 0.3, True),
    ],
)
def test_fuse_distress_table(
    fusion: str, threshold: float, rule: bool, prob: float, expected: bool
) -> None:
    assert fuse_distress(rule, prob, fusion=fusion, threshold=threshold) is expected


# "Nobody ever texts me back anymore." is memorised as distress; "I walk to work every day."
# as not. The rules mark "Nobody" and "ever" as distress, "every day" as not.
@pytest.mark.parametrize(
    ("fusion", "threshold", "expected"),
    [
        ("rules", 0.5, {"Nobody": True, "ever": True, "every day": False}),
        ("and", 0.5, {"Nobody": True, "ever": True, "every day": False}),
        ("and", 1.0, {"Nobody": False, "ever": False, "every day": False}),
        ("or", 0.0, {"Nobody": True, "ever": True, "every day": True}),
        ("model", 0.5, {"Nobody": True, "ever": True, "every day": False}),
    ],
)
def test_fusion_through_the_pipeline(
    model_folder: Path, fusion: str, threshold: float, expected: dict[str, bool]
) -> None:
    nlp = _nlp(model_folder, distress_fusion=fusion, distress_threshold=threshold)
    doc = nlp("Nobody ever texts me back anymore. I walk to work every day.")
    assert {span.text: span._.distress for span in doc.spans["absolutist"]} == expected


def test_unknown_fusion_is_refused(model_folder: Path) -> None:
    with pytest.raises(ModelError, match="distress_fusion 'maybe'"):
        _nlp(model_folder, distress_fusion="maybe")
    assert "and" in FUSIONS


def test_missing_model_fails_on_first_document_with_advice(tmp_path: Path) -> None:
    nlp = _nlp(tmp_path / "no-model")
    with pytest.raises(ModelError, match="make train"):
        nlp("I'm fine.")


def test_doc_and_pipeline_serialise(model_folder: Path, tmp_path: Path) -> None:
    nlp = _nlp(model_folder, distress_threshold=0.4)
    doc = nlp("I'm fine, really. We had pasta for dinner.")
    restored = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert [s._.disclosure for s in restored.sents] == ["guarded", "neutral"]
    stored = list(DocBin(docs=[doc], store_user_data=True).get_docs(nlp.vocab))
    assert [s._.disclosure for s in stored[0].sents] == ["guarded", "neutral"]
    nlp.to_disk(tmp_path / "pipeline")
    cfg = (tmp_path / "pipeline" / "resonance_disclosure" / "cfg.json").read_text()
    assert "model.onnx" not in cfg and str(model_folder) in cfg
    again = spacy.load(tmp_path / "pipeline")
    assert again.get_pipe("resonance_disclosure").cfg["distress_threshold"] == 0.4
    assert [s._.disclosure for s in again("We had pasta for dinner.").sents] == ["neutral"]


def test_documents_without_sentence_boundaries_are_one_sentence(model_folder: Path) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("resonance_disclosure", config={"model": str(model_folder)})
    doc = nlp("I'm fine, really.")
    assert doc[:]._.disclosure == "guarded"
