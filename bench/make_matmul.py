#!/usr/bin/env python3
"""Writes a one-node ONNX graph Y = MatMul(A, B) with dynamic shapes (fp32), for bench/matmul.ts."""
import sys

import onnx
from onnx import TensorProto, helper

a = helper.make_tensor_value_info("A", TensorProto.FLOAT, ["M", "K"])
b = helper.make_tensor_value_info("B", TensorProto.FLOAT, ["K", "N"])
y = helper.make_tensor_value_info("Y", TensorProto.FLOAT, ["M", "N"])
g = helper.make_graph([helper.make_node("MatMul", ["A", "B"], ["Y"])], "matmul", [a, b], [y])
m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)])
m.ir_version = 8
onnx.checker.check_model(m)
onnx.save(m, sys.argv[1])
