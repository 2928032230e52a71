#!/usr/bin/env python3
"""Split the 48 SQuAD v1.1 dev articles into train / held-out by article.

random.Random(13).shuffle(sorted(titles)); first 36 -> train, last 12 -> heldout.
Writes test/fixtures/squad-split.json.
"""
import argparse
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SQUAD = Path("/work/shared/data/squad-v1.1-dev/dev-v1.1.json")
SEED = 13
N_TRAIN = 36


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--squad", type=Path, default=DEFAULT_SQUAD)
    ap.add_argument("--out", type=Path, default=ROOT / "test/fixtures/squad-split.json")
    a = ap.parse_args()
    data = json.loads(a.squad.read_text(encoding="utf-8"))["data"]
    titles = sorted(art["title"] for art in data)
    assert len(titles) == 48 and len(set(titles)) == 48, len(titles)
    random.Random(SEED).shuffle(titles)
    split = {"seed": SEED, "train": titles[:N_TRAIN], "heldout": titles[N_TRAIN:]}
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(split, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {a.out}: {len(split['train'])} train, {len(split['heldout'])} heldout")


if __name__ == "__main__":
    main()
