"""A tiny random BERT and WordPiece tokenizer, built in seconds with no download.

Used by the classifier, training and component tests in place of all-MiniLM-L6-v2.
"""

from __future__ import annotations

import json
import string
from pathlib import Path

_WORDS = """
i me my you he she we they it the a an and but or so to of in on at for with is am are was
were be been have had do did not no one ever always never everyone nothing fine whatever felt
feel miss scared sad happy cried alone friends dad mom train late again movie dinner tickets
get watched after honestly ashamed when call didn doesn matter anyway lol what just used
being own weekend great really want into
"""
WORDS = tuple(_WORDS.split())


def build_tokenizer(folder: Path) -> Path:
    """Write a lower-casing WordPiece ``tokenizer.json`` (+ config) into ``folder``."""
    from tokenizers import Tokenizer, decoders
    from tokenizers.models import WordPiece
    from tokenizers.normalizers import BertNormalizer
    from tokenizers.pre_tokenizers import BertPreTokenizer
    from tokenizers.processors import TemplateProcessing

    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    pieces = list(string.ascii_lowercase + string.digits + string.punctuation)
    vocab_list = [*specials, *pieces, *(f"##{p}" for p in pieces), *dict.fromkeys(WORDS)]
    vocab = {token: index for index, token in enumerate(dict.fromkeys(vocab_list))}
    tokenizer = Tokenizer(WordPiece(vocab, unk_token="[UNK]", max_input_chars_per_word=100))
    tokenizer.normalizer = BertNormalizer(lowercase=True)
    tokenizer.pre_tokenizer = BertPreTokenizer()
    tokenizer.post_processor = TemplateProcessing(
        single="[CLS] $A [SEP]",
        pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", vocab["[CLS]"]), ("[SEP]", vocab["[SEP]"])],
    )
    tokenizer.decoder = decoders.WordPiece()
    folder.mkdir(parents=True, exist_ok=True)
    tokenizer.save(str(folder / "tokenizer.json"))
    config = {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "model_max_length": 128,
        **{
            k: v
            for k, v in zip(
                ("pad_token", "unk_token", "cls_token", "sep_token", "mask_token"),
                specials,
                strict=True,
            )
        },
    }
    (folder / "tokenizer_config.json").write_text(json.dumps(config), encoding="utf-8")
    return folder


def build_tiny_base(folder: Path, *, seed: int = 0) -> Path:
    """A random 2-layer, 32-wide BERT encoder saved with its tokenizer into ``folder``."""
    import torch
    from transformers import BertConfig, BertModel

    build_tokenizer(folder)
    vocab_size = len(json.loads((folder / "tokenizer.json").read_text())["model"]["vocab"])
    torch.manual_seed(seed)
    config = BertConfig(
        vocab_size=vocab_size,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=128,
    )
    BertModel(config, add_pooling_layer=False).save_pretrained(str(folder))
    return folder


# Sentences written for these tests: (text, stance, sentence holds a distress span).
MEMORISED = (
    ("Nobody ever texts me back anymore.", "open", 1),
    ("I feel scared and alone tonight.", "open", 0),
    ("I always mess everything up.", "open", 1),
    ("I'm fine, really.", "guarded", 0),
    ("Whatever, it doesn't matter anyway.", "guarded", 0),
    ("You just get used to it lol.", "guarded", 1),
    ("The bus was late again.", "neutral", 0),
    ("We had pasta for dinner.", "neutral", 0),
    ("I walk to work every day.", "neutral", 0),
)


def build_tiny_model(folder: Path, *, steps: int = 100, quantize: bool = False) -> Path:
    """A tiny model fine-tuned until it memorises :data:`MEMORISED`, exported as a folder."""
    import torch
    from transformers import AutoTokenizer

    from resonance.classifier import write_manifest
    from resonance.training import write_runtime_files
    from resonance.training_net import export_onnx, load_net, pad_batch, quantize_int8
    from resonance.types import STANCES

    base = build_tiny_base(folder.parent / f"{folder.name}-base")
    tokenizer = AutoTokenizer.from_pretrained(str(base))
    net = load_net(base)
    encoded = tokenizer([t for t, _, _ in MEMORISED])["input_ids"]
    ids, mask = pad_batch(encoded, tokenizer.pad_token_id)
    stance = torch.tensor([STANCES.index(s) for _, s, _ in MEMORISED])
    distress = torch.tensor([float(d) for _, _, d in MEMORISED])
    optimizer = torch.optim.AdamW(net.parameters(), lr=3e-3)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # a tiny model: more threads only fight over a busy machine
    net.train()
    for _ in range(steps):
        logits = net(input_ids=ids, attention_mask=mask).logits
        loss = torch.nn.functional.cross_entropy(logits[:, :3], stance)
        loss = loss + torch.nn.functional.binary_cross_entropy_with_logits(logits[:, 3], distress)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    torch.set_num_threads(threads)
    net.eval()
    folder.mkdir(parents=True, exist_ok=True)
    net.save_pretrained(str(folder.parent / f"{folder.name}-torch"))
    tokenizer.save_pretrained(str(folder.parent / f"{folder.name}-torch"))
    export_onnx(net, folder / "model.onnx")
    if quantize:
        fp32 = folder / "model-fp32.onnx"
        (folder / "model.onnx").rename(fp32)
        quantize_int8(fp32, folder / "model.onnx")
        fp32.unlink()
    write_runtime_files(folder, tokenizer, max_length=64)
    write_manifest(folder)
    return folder


def tiny_model(root: Path) -> Path:
    """The memorising tiny model under ``root`` (built once per test session)."""
    folder = root / "tiny-model"
    if not (folder / "manifest.json").is_file():
        build_tiny_model(folder)
    return folder
