#!/usr/bin/env python3
"""Reference throughput: sentence-transformers (PyTorch, CPU) on the same SQuAD inputs as bench/embed.ts
and bench/rerank.ts. Usage: st_bench.py embed|rerank N THREADS → one JSON line on stdout;
st_bench.py embed-file TEXTS.json THREADS encodes the texts of a JSON list (bench/index-scale.ts: an index's chunks)."""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools/models"))
from common import locate_upstream_model  # noqa: E402

SQUAD = ROOT.parent / "shared/data/squad-v1.1-dev/dev-v1.1.json"


def paragraphs(n: int) -> list[str]:
    data = json.loads(SQUAD.read_text(encoding="utf-8"))["data"]
    return [p["context"] for a in data for p in a["paragraphs"]][:n]


def pairs(n: int) -> list[tuple[str, str]]:
    data = json.loads(SQUAD.read_text(encoding="utf-8"))["data"]
    out = [(q["question"], p["context"]) for a in data for p in a["paragraphs"] for q in p["qas"]]
    return [x for i, x in enumerate(out) if i % 5 == 0][:n]


def main() -> None:
    what, threads = sys.argv[1], int(sys.argv[3])
    import torch

    torch.set_num_threads(threads)
    res: dict = {"torch": torch.__version__, "threads": threads}
    if what in ("embed", "embed-file"):
        from sentence_transformers import SentenceTransformer

        texts = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8")) if what == "embed-file" else paragraphs(int(sys.argv[2]))
        m = SentenceTransformer(str(locate_upstream_model()), device="cpu")
        m.encode(texts[:64], batch_size=32)
        t0 = time.perf_counter()
        # encode() sorts by length internally and pads each batch to its longest text
        m.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
        s = time.perf_counter() - t0
        tokens = sum(min(len(m.tokenizer(t)["input_ids"]), m.max_seq_length) for t in texts)
        res.update(paragraphs=len(texts), tokens=tokens, seconds=round(s, 3), paragraphs_per_s=round(len(texts) / s, 1), tokens_per_s=round(tokens / s))
    else:
        from sentence_transformers import CrossEncoder

        ps = pairs(int(sys.argv[2]))
        # The bundled folder holds ONNX only. The reference is the same network in PyTorch, rebuilt exactly from the
        # committed fp32 ONNX file (tools/models/onnx_to_hf.py checks it reproduces the ONNX logits), so a clean clone
        # measures it too; rebuilt again whenever the committed file is not the one it came from.
        rr = ROOT / "resources/models/parascope-reranker-minilm"
        st_dir = ROOT / "tools/models/work/shipped-hf"
        want = json.loads((rr / "manifest.json").read_text())["files"]["onnx/model.onnx"]["sha256"]
        stamp = st_dir / "source.json"
        if not stamp.exists() or json.loads(stamp.read_text()).get("onnxSha256") != want:
            import subprocess

            subprocess.run([sys.executable, str(ROOT / "tools/models/onnx_to_hf.py"), "--out", str(st_dir)],
                           check=True, stdout=sys.stderr)
        max_len = json.loads((ROOT / "resources/models/parascope-reranker-minilm/sentence_bert_config.json").read_text())["max_seq_length"]
        ce = CrossEncoder(str(st_dir), device="cpu", max_length=max_len)  # the engine's maximum length
        res.update(reference=st_dir.name)
        ce.predict(ps[:64], batch_size=32)
        # predict() does not sort; feed it length-sorted like the engine does
        ps_sorted = sorted(ps, key=lambda p: len(p[0]) + len(p[1]))
        t0 = time.perf_counter()
        ce.predict(ps_sorted, batch_size=32, show_progress_bar=False)
        s = time.perf_counter() - t0
        res.update(pairs=len(ps), max_length=ce.max_seq_length, seconds=round(s, 3), pairs_per_s=round(len(ps) / s, 1))
    print(json.dumps(res), flush=True)


if __name__ == "__main__":
    main()
