"""resonance: gentle, reflective feedback on personal writing.

``import resonance`` is cheap: spaCy, the classifier and its runtime load on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_LAZY = {
    "analyze": "resonance.pipeline",
    "analyze_many": "resonance.pipeline",
    "add_to": "resonance.pipeline",
    "load": "resonance.pipeline",
    "to_reflection": "resonance.pipeline",
    "dictionary_index": "resonance.dictionary",
    "load_lexicon": "resonance.lexicon",
    "Reflection": "resonance.types",
    "AbsolutistSpan": "resonance.types",
    "Sentence": "resonance.types",
    "Reframe": "resonance.types",
    "Index": "resonance.types",
    "DictionaryIndex": "resonance.types",
    "ResonanceError": "resonance.errors",
    "InputError": "resonance.errors",
    "ModelError": "resonance.errors",
}

__all__ = [
    "AbsolutistSpan",
    "DictionaryIndex",
    "Index",
    "InputError",
    "ModelError",
    "Reflection",
    "Reframe",
    "ResonanceError",
    "Sentence",
    "__version__",
    "add_to",
    "analyze",
    "analyze_many",
    "dictionary_index",
    "load",
    "load_lexicon",
    "to_reflection",
]

if TYPE_CHECKING:
    from resonance.dictionary import dictionary_index
    from resonance.errors import InputError, ModelError, ResonanceError
    from resonance.lexicon import load_lexicon
    from resonance.pipeline import add_to, analyze, analyze_many, load, to_reflection
    from resonance.types import (
        AbsolutistSpan,
        DictionaryIndex,
        Index,
        Reflection,
        Reframe,
        Sentence,
    )


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'resonance' has no attribute {name!r}")
