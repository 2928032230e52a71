"""ONNX export + int8 dynamic quantization helpers for BERT-family models."""
from __future__ import annotations

from pathlib import Path

import torch

OPSET = 17
INPUTS = ["input_ids", "attention_mask", "token_type_ids"]


class _Wrap(torch.nn.Module):
    def __init__(self, m, out: str):
        super().__init__()
        self.m, self.out = m, out

    def forward(self, input_ids, attention_mask, token_type_ids):
        o = self.m(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
        return getattr(o, self.out)


def export(model, tokenizer, out_path: Path, output_name: str, out_axes: dict) -> None:
    """output_name: 'last_hidden_state' or 'logits'."""
    model.eval()
    enc = tokenizer(["a short example", "a somewhat longer second example sentence here"],
                    ["paired text", "another paired text"] if output_name == "logits" else None,
                    padding=True, return_tensors="pt")
    args = tuple(enc[k] for k in INPUTS)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    axes = {k: {0: "batch", 1: "sequence"} for k in INPUTS}
    axes[output_name] = out_axes
    with torch.no_grad():
        torch.onnx.export(_Wrap(model, output_name), args, str(out_path), input_names=INPUTS,
                          output_names=[output_name], dynamic_axes=axes, opset_version=OPSET,
                          do_constant_folding=True, dynamo=False)
    import onnx

    m = onnx.load(str(out_path))
    onnx.checker.check_model(m)


def quantize_int8(src: Path, dst: Path, per_channel: bool) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(src), str(dst), weight_type=QuantType.QInt8, per_channel=per_channel)


def to_fp16(src: Path, dst: Path) -> None:
    """fp16 weights and arithmetic for GPU providers; the int64 inputs and the float32 output keep their types."""
    import onnx
    from onnxruntime.transformers.float16 import convert_float_to_float16

    onnx.save(convert_float_to_float16(onnx.load(str(src)), keep_io_types=True), str(dst))


def session(path: Path, threads: int = 2):
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    return ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])


def run_encoder(sess, tokenizer, texts, max_length=256, batch=32):
    """Mean-pool + L2-normalize last_hidden_state from an ONNX bi-encoder session."""
    import numpy as np

    outs = []
    for i in range(0, len(texts), batch):
        enc = tokenizer(texts[i : i + batch], padding=True, truncation=True, max_length=max_length, return_tensors="np")
        feeds = {k: enc[k].astype(np.int64) for k in INPUTS}
        h = sess.run(None, feeds)[0]
        m = feeds["attention_mask"][..., None].astype(np.float32)
        v = (h * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        outs.append(v.astype(np.float32))
    return np.concatenate(outs)


def run_cross(sess, tokenizer, pairs, max_length=256, batch=32):
    import numpy as np

    outs = []
    for i in range(0, len(pairs), batch):
        enc = tokenizer([p[0] for p in pairs[i : i + batch]], [p[1] for p in pairs[i : i + batch]], padding=True,
                        truncation="only_second", max_length=max_length, return_tensors="np")
        feeds = {k: enc[k].astype(np.int64) for k in INPUTS}
        outs.append(sess.run(None, feeds)[0][:, 0])
    return np.concatenate(outs)
