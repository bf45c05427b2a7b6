#!/usr/bin/env python3
"""Fills the required-inputs column of runtime/core/.../ops/onnx-operators.tsv from the onnx package's
operator schemas (pip install onnx): for each since-version of an operator, the input positions a node
must fill (single formals that are not optional, and the first min_arity positions of a variadic one).
Operators the onnx package does not define (com.microsoft) keep "-": Jinn then checks nothing for them.
Usage: tools/schemas/required-inputs.py runtime/core/src/main/resources/dev/jinn/ops/onnx-operators.tsv"""
import sys
from onnx import defs

Option = defs.OpSchema.FormalParameterOption
DOMAIN = {"ai.onnx": ""}


def required(schema):
    out = []
    for i, formal in enumerate(schema.inputs):
        if formal.option == Option.Single:
            out.append(i)
        elif formal.option == Option.Variadic:
            out.extend(range(i, i + formal.min_arity))
    return ",".join(map(str, out)) or "none"


def column(domain, op, versions):
    parts = []
    for v in versions:
        try:
            schema = defs.get_schema(op, int(v), DOMAIN.get(domain, domain))
        except defs.SchemaError:
            return "-"
        if schema.since_version != int(v):
            return "-"
        parts.append(f"{v}:{required(schema)}")
    return ";".join(parts)


path = sys.argv[1]
lines = open(path, encoding="utf-8").read().splitlines()
out = []
for line in lines:
    if line.startswith("#"):
        out.append("# domain\top_type\tsince_versions(descending, comma-separated)\tkind(op|function)"
                   "\trequired inputs per since-version (version:positions;...; '-' unknown), tools/schemas/required-inputs.py")
        continue
    f = line.split("\t")[:4]
    out.append("\t".join(f + [column(f[0], f[1], f[2].split(","))]))
open(path, "w", encoding="utf-8").write("\n".join(out) + "\n")
