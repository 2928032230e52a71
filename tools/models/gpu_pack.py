#!/usr/bin/env python3
"""Move re-ranker training to a lent GPU machine and back, within the device tool's transfer limits.

The GPU machine has PyTorch and transformers but none of this repo's inputs, and a call carries at most 64 MiB
there and brings back at most 8 files of 16 MiB. So:

  pack    tools/models/work/gpu/: all-MiniLM-L6-v2 as fp16 safetensors (45 MB instead of 90), its config and
          tokenizer; SQuAD v1.1 dev; the mined negative orders (train_reranker.py --mine-only); the evaluation's
          tuning candidate lists (npm run eval -- --suite tune --dump-candidates).
  export  (on the GPU machine) a trained checkpoint's weights other than the frozen word embeddings, fp16, in
          pieces under 16 MiB, with its training.json.
  unpack  (here) rebuild a full checkpoint folder from those pieces: the word embeddings are the upstream fp32
          ones rounded to fp16, exactly what the training saw; the rest is the trained weights in fp16.

  python tools/models/gpu_pack.py pack
  python tools/models/gpu_pack.py export --hf CKPT --out DIR --name NAME        # GPU side
  python tools/models/gpu_pack.py unpack --parts DIR --name NAME --out CKPT     # here
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import SQUAD, WORK, locate_upstream_model, verify_upstream  # noqa: E402

GPU = WORK / "gpu"
WORD = "bert.embeddings.word_embeddings.weight"
PIECE = 15 * 1024 * 1024
SMALL_FILES = ["config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt"]


def pack() -> None:
    import torch
    from safetensors.torch import load_file, save_file

    up = locate_upstream_model()
    verify_upstream(up)
    init = GPU / "init"
    init.mkdir(parents=True, exist_ok=True)
    sd = load_file(str(up / "model.safetensors"))
    save_file({k: v.to(torch.float16).contiguous() for k, v in sd.items()}, str(init / "model.safetensors"))
    for f in SMALL_FILES:
        if (up / f).exists():
            shutil.copy(up / f, init / f)
    shutil.copy(SQUAD, GPU / "dev-v1.1.json")
    for f in ["mined.npz", "tune-candidates.json"]:
        if not (GPU / f).exists():
            raise SystemExit(f"{GPU / f} missing: see this script's docstring")
    size = sum(p.stat().st_size for p in GPU.rglob("*") if p.is_file())
    print(f"packed {GPU}: {size / 2**20:.1f} MiB")


def export(hf: Path, out: Path, name: str) -> None:
    import torch
    from safetensors.torch import save_file
    from transformers import AutoModelForSequenceClassification

    sd = AutoModelForSequenceClassification.from_pretrained(str(hf)).state_dict()
    keep = {k: v.to(torch.float16).contiguous() for k, v in sd.items() if k != WORD}
    out.mkdir(parents=True, exist_ok=True)
    part, size, n = {}, 0, 0
    for k in sorted(keep):
        b = keep[k].numel() * 2
        if part and size + b > PIECE:
            save_file(part, str(out / f"{name}.{n}.safetensors"))
            part, size, n = {}, 0, n + 1
        part[k] = keep[k]
        size += b
    save_file(part, str(out / f"{name}.{n}.safetensors"))
    shutil.copy(hf / "training.json", out / f"{name}.training.json")
    print(f"exported {name}: {n + 1} pieces")


def unpack(parts: Path, name: str, out: Path) -> None:
    import torch
    from safetensors.torch import load_file
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    up = locate_upstream_model()
    verify_upstream(up)
    model = AutoModelForSequenceClassification.from_pretrained(str(up), num_labels=1, dtype=torch.float32)
    sd = {}
    for p in sorted(parts.glob(f"{name}.*.safetensors")):
        sd.update({k: v.float() for k, v in load_file(str(p)).items()})
    word = model.state_dict()[WORD].to(torch.float16).float()
    sd[WORD] = word
    missing, unexpected = model.load_state_dict(sd, strict=False)
    missing = [k for k in missing if not k.endswith("position_ids")]
    if missing or unexpected:
        raise SystemExit(f"unpack {name}: missing {missing}, unexpected {unexpected}")
    model.config.id2label = {0: "LABEL_0"}
    model.config.label2id = {"LABEL_0": 0}
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(out))
    AutoTokenizer.from_pretrained(str(up)).save_pretrained(str(out))
    meta = json.loads((parts / f"{name}.training.json").read_text())
    meta["transfer"] = "trained on a lent GPU; weights brought back in fp16 (word embeddings: upstream rounded to fp16)"
    (out / "training.json").write_text(json.dumps(meta, indent=2) + "\n")
    print(f"unpacked {name} -> {out}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["pack", "export", "unpack"])
    ap.add_argument("--hf", type=Path)
    ap.add_argument("--parts", type=Path)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--name")
    a = ap.parse_args()
    if a.cmd == "pack":
        pack()
    elif a.cmd == "export":
        export(a.hf, a.out, a.name)
    else:
        unpack(a.parts, a.name, a.out)


if __name__ == "__main__":
    main()
