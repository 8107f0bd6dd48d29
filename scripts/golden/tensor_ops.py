#!/usr/bin/python3
"""Golden numbers for @gradlab/tensor, computed with PyTorch.

Run from the repository root (Debian's python3-torch and python3-numpy):

    /usr/bin/python3 scripts/golden/tensor_ops.py

It writes scripts/golden/tensor-ops.json, which packages/tensor/src/golden.test.ts
reads (the tests never need Python). Re-run it only when cases are added or
changed, and commit the JSON with the script. Inputs come from a seeded numpy
RandomState, so the output is the same on every run with the same torch.

The JSON is a list of cases:

    {"name": "conv2d stride 2 pad 1", "op": "conv2d",
     "args": {...options in @gradlab/tensor's camelCase names...},
     "inputs": {"x": {"shape": [2, 3, 8, 8], "dtype": "float32", "data": [...]}, ...},
     "expected": {"out": {"shape": [...], "dtype": "float32", "data": [...]}, ...}}

- dtypes are ours: torch's int64 results (indices, argmax) are written as int32.
- Inputs are rounded to a few decimals *before* torch sees them, so the short
  decimals in the JSON are exactly the float32/float64 values torch used.
- Expected float32 values have 8 significant digits, float64 values 17.
- Non-finite numbers are the strings "NaN", "Infinity" and "-Infinity".
- An input may carry "permute": the test builds it, then permutes it (a
  non-contiguous view), exactly as this script does before calling torch.
"""

import json
import os

import numpy as np
import torch
from golden_json import num, our_dtype
import torch.nn.functional as F

torch.set_num_threads(1)
rng = np.random.RandomState(20240611)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tensor-ops.json")

cases = []


# ---------------------------------------------------------------- encoding


class Inp:
    """A numpy input, with an optional permutation applied before the op."""

    def __init__(self, array, permute=None):
        self.array = array
        self.permute = permute

    def torch(self):
        t = torch.from_numpy(np.ascontiguousarray(self.array))
        return t.permute(*self.permute) if self.permute else t


def quantize(a, dtype="float32", decimals=4):
    """Rounds to `decimals` so the JSON decimals are exact; returns an array of `dtype`."""
    return np.round(np.asarray(a, dtype=np.float64), decimals).astype(dtype)


def randn(*shape, dtype="float32", scale=1.0):
    return quantize(rng.standard_normal(shape) * scale, dtype)


def uniform(lo, hi, *shape, dtype="float32"):
    return quantize(rng.uniform(lo, hi, shape), dtype)


def randint(lo, hi, *shape):
    return rng.randint(lo, hi, size=shape).astype(np.int32)






def encode(values, dtype):
    flat = np.asarray(values).reshape(-1)
    if dtype == "float32":
        data = [num(v, 8) for v in flat]
    elif dtype == "float64":
        data = [num(v, 17) for v in flat]
    else:
        data = [int(v) for v in flat]
    return {"shape": list(np.asarray(values).shape), "dtype": dtype, "data": data}


def encode_input(x):
    inp = x if isinstance(x, Inp) else Inp(x)
    a = inp.array
    dtype = our_dtype(a.dtype)
    flat = a.reshape(-1)
    if dtype == "float32":
        # The float64 decimals that round to exactly these float32 values.
        data = [num(float(f"{float(v):.7g}"), 17) for v in flat]
        assert np.array_equal(
            np.array([float(d) for d in data]).astype(np.float32),
            flat,
            equal_nan=True,
        )
    elif dtype == "float64":
        data = [num(v, 17) for v in flat]
    else:
        data = [int(v) for v in flat]
    out = {"shape": list(a.shape), "dtype": dtype, "data": data}
    if inp.permute:
        out["permute"] = list(inp.permute)
    return out


def encode_output(t, dtype=None):
    t = t.detach()
    return encode(t.numpy(), dtype or our_dtype(t.dtype))


def case(name, op, inputs, expected, args=None, compare=None):
    """Adds a case; `expected` maps names to torch tensors (or (tensor, dtype) pairs)."""
    c = {"name": name, "op": op}
    if args:
        c["args"] = args
    c["inputs"] = {k: encode_input(v) for k, v in inputs.items()}
    enc = {}
    for k, v in expected.items():
        enc[k] = encode_output(*v) if isinstance(v, tuple) else encode_output(v)
    c["expected"] = enc
    if compare:
        c["compare"] = compare
    cases.append(c)


def T(x):
    return x.torch() if isinstance(x, Inp) else torch.from_numpy(np.ascontiguousarray(x))


# ---------------------------------------------------------------- elementwise

BINARY = {
    "add": torch.add,
    "sub": torch.sub,
    "mul": torch.mul,
    "div": torch.div,
    "pow": torch.pow,
    "minimum": torch.minimum,
    "maximum": torch.maximum,
    "eq": torch.eq,
    "ne": torch.ne,
    "lt": torch.lt,
    "le": torch.le,
    "gt": torch.gt,
    "ge": torch.ge,
}
BROADCAST_SHAPES = [
    ([3, 4], [3, 4]),
    ([2, 3, 4], [4]),
    ([2, 1, 4], [3, 1]),
    ([5, 1], [1, 6]),
    ([4], [2, 3, 1]),
]


def binary_inputs(op, sa, sb, dtype="float32"):
    if op == "pow":
        return uniform(0.5, 2.0, *sa, dtype=dtype), uniform(-2.0, 2.0, *sb, dtype=dtype)
    if op == "div":
        b = uniform(0.5, 2.0, *sb, dtype=dtype) * np.where(rng.rand(*sb) < 0.5, -1, 1).astype(dtype)
        return randn(*sa, dtype=dtype), b
    if op in ("eq", "ne", "lt", "le", "gt", "ge", "minimum", "maximum"):
        # Small integers as floats, so that ties occur.
        return (
            rng.randint(-2, 3, size=sa).astype(dtype),
            rng.randint(-2, 3, size=sb).astype(dtype),
        )
    return randn(*sa, dtype=dtype), randn(*sb, dtype=dtype)


for op, fn in BINARY.items():
    for sa, sb in BROADCAST_SHAPES:
        a, b = binary_inputs(op, sa, sb)
        case(f"{op} {sa} {sb}", op, {"a": a, "b": b}, {"out": fn(T(a), T(b))})
    # A non-contiguous left operand.
    a, b = binary_inputs(op, [4, 3], [3, 4])
    case(f"{op} transposed view", op, {"a": Inp(a, [1, 0]), "b": b}, {"out": fn(Inp(a, [1, 0]).torch(), T(b))})

# Scalars on either side.
SCALAR_CASES = [
    ("add", 2.5, "right"),
    ("sub", 1.5, "left"),
    ("mul", -3.0, "right"),
    ("div", 4.0, "left"),
    ("div", 0.5, "right"),
    ("maximum", 0.25, "right"),
    ("minimum", -0.25, "right"),
    ("gt", 0.0, "right"),
    ("le", 0.5, "right"),
    ("eq", 1.0, "right"),
]
for op, s, side in SCALAR_CASES:
    x = randn(3, 5)
    if op == "eq":
        x = rng.randint(-1, 3, size=(3, 5)).astype(np.float32)
    if op == "div" and side == "left":
        x = uniform(0.5, 2.0, 3, 5)
    fn = BINARY[op]
    if side == "right":
        out = fn(T(x), s) if op not in ("maximum", "minimum") else fn(T(x), torch.tensor(s))
        case(f"{op} array, scalar {s}", op, {"a": x}, {"out": out}, {"b": s})
    else:
        out = fn(torch.tensor(s), T(x)) if op not in ("sub", "div") else (s - T(x) if op == "sub" else s / T(x))
        case(f"{op} scalar {s}, array", op, {"b": x}, {"out": out}, {"a": s})

# pow with scalar exponents (our powScalar kernel).
for e in [2, 3, 0.5, -1, 1.5]:
    x = uniform(0.2, 2.0, 3, 4) if e in (0.5, -1, 1.5) else randn(3, 4)
    case(f"pow scalar exponent {e}", "pow", {"a": x}, {"out": torch.pow(T(x), e)}, {"b": e})

# Integer dtypes: arithmetic stays int32, true division and fractional scalars give float32.
ia = randint(-5, 6, 3, 4)
ib = randint(1, 6, 4)
case("add int32 broadcast", "add", {"a": ia, "b": ib}, {"out": T(ia) + T(ib)})
ic = randint(-3, 4, 3, 4)
case("mul int32", "mul", {"a": ia, "b": ic}, {"out": T(ia) * T(ic)})
case("div int32 is float32", "div", {"a": ia, "b": ib}, {"out": T(ia) / T(ib)})
case("mul int32 by 2.5 is float32", "mul", {"a": ia}, {"out": T(ia) * 2.5}, {"b": 2.5})
case("pow int32 scalar 2 stays int32", "pow", {"a": ia}, {"out": T(ia) ** 2}, {"b": 2})
case("maximum int32", "maximum", {"a": ia, "b": ib}, {"out": torch.maximum(T(ia), T(ib))})
fb = randn(4)
case("gt int32 vs float32", "gt", {"a": ia, "b": fb}, {"out": T(ia) > T(fb)})

# Unary ops on [3, 5] (plus a non-contiguous view for each).
UNARY = {
    "neg": (torch.neg, lambda s: randn(*s)),
    "abs": (torch.abs, lambda s: randn(*s)),
    "exp": (torch.exp, lambda s: randn(*s, scale=3.0)),
    "log": (torch.log, lambda s: uniform(0.01, 10.0, *s)),
    "log1p": (torch.log1p, lambda s: uniform(-0.99, 5.0, *s)),
    "sqrt": (torch.sqrt, lambda s: uniform(0.0, 10.0, *s)),
    "tanh": (torch.tanh, lambda s: randn(*s, scale=2.0)),
    "sigmoid": (torch.sigmoid, lambda s: randn(*s, scale=8.0)),
    "relu": (torch.relu, lambda s: randn(*s)),
    "sign": (torch.sign, lambda s: rng.randint(-2, 3, size=s).astype(np.float32) * uniform(0.5, 1.5, *s)),
    "sin": (torch.sin, lambda s: randn(*s, scale=4.0)),
    "cos": (torch.cos, lambda s: randn(*s, scale=4.0)),
}
for op, (fn, gen) in UNARY.items():
    x = gen([3, 5])
    case(f"{op} [3, 5]", op, {"x": x}, {"out": fn(T(x))})
    x = gen([2, 3, 4])
    case(f"{op} permuted view", op, {"x": Inp(x, [2, 0, 1])}, {"out": fn(Inp(x, [2, 0, 1]).torch())})

for slope in [0.01, 0.2]:
    x = randn(4, 5)
    args = {} if slope == 0.01 else {"negativeSlope": slope}
    case(f"leakyRelu slope {slope}", "leakyRelu", {"x": x}, {"out": F.leaky_relu(T(x), slope)}, args)

for lo, hi in [(-0.5, 0.5), (None, 0.3), (-0.2, None)]:
    x = randn(4, 5)
    args = {k: v for k, v in (("min", lo), ("max", hi)) if v is not None}
    case(f"clamp {lo} {hi}", "clamp", {"x": x}, {"out": torch.clamp(T(x), lo, hi)}, args)

ix = randint(-5, 6, 3, 4)
case("abs int32", "abs", {"x": ix}, {"out": torch.abs(T(ix))})
case("neg int32", "neg", {"x": ix}, {"out": torch.neg(T(ix))})
case("exp int32 is float32", "exp", {"x": ix}, {"out": torch.exp(T(ix))})

# Special values where the semantics are shared with PyTorch.
special = np.array([-np.inf, -30.0, -1.0, -0.0, 0.0, 0.5, 30.0, np.inf, np.nan], dtype=np.float32)
for op in ["relu", "abs", "neg", "exp", "tanh", "sigmoid", "sqrt", "log"]:
    fn = UNARY.get(op, (getattr(torch, op), None))[0]
    case(f"{op} special values", op, {"x": special}, {"out": fn(T(special))})
case("clamp special values", "clamp", {"x": special}, {"out": torch.clamp(T(special), -1, 1)}, {"min": -1, "max": 1})
case("maximum with NaN", "maximum", {"a": special, "b": np.zeros(9, np.float32)}, {"out": torch.maximum(T(special), torch.zeros(9))})
case("minimum with NaN", "minimum", {"a": special, "b": np.zeros(9, np.float32)}, {"out": torch.minimum(T(special), torch.zeros(9))})

# where
for sc, sa, sb in [([3, 4], [3, 4], [3, 4]), ([3, 1], [1, 4], [3, 4]), ([2, 3, 4], [4], [3, 1])]:
    cond = rng.rand(*sc) < 0.5
    a, b = randn(*sa), randn(*sb)
    case(f"where {sc} {sa} {sb}", "where", {"cond": cond, "a": a, "b": b}, {"out": torch.where(T(cond), T(a), T(b))})
cond = rng.rand(3, 4) < 0.5
a = randn(3, 4)
case("where scalar b", "where", {"cond": cond, "a": a}, {"out": torch.where(T(cond), T(a), torch.tensor(-1.0))}, {"b": -1.0})

# ---------------------------------------------------------------- reductions


def torch_dims(dim, ndim):
    if dim is None:
        return tuple(range(ndim))
    return (dim,) if isinstance(dim, int) else tuple(dim)


DIM_CHOICES = [None, 0, 1, -1, [0, 2], [1, -1], [0, 1, 2]]

for dim in DIM_CHOICES:
    for keepdim in (False, True):
        x = randn(3, 4, 5)
        d = torch_dims(dim, 3)
        args = {"keepdim": keepdim}
        if dim is not None:
            args["dim"] = dim
        tag = f"dim {dim} keepdim {keepdim}"
        t = T(x)
        case(f"sum {tag}", "sum", {"x": x}, {"out": t.sum(dim=d, keepdim=keepdim)}, args)
        case(f"mean {tag}", "mean", {"x": x}, {"out": t.mean(dim=d, keepdim=keepdim)}, args)
        case(f"max {tag}", "max", {"x": x}, {"out": torch.amax(t, dim=d, keepdim=keepdim)}, args)
        case(f"min {tag}", "min", {"x": x}, {"out": torch.amin(t, dim=d, keepdim=keepdim)}, args)
        case(f"logsumexp {tag}", "logsumexp", {"x": x}, {"out": torch.logsumexp(t, dim=d, keepdim=keepdim)}, args)
        for correction in (1, 0):
            a2 = dict(args, correction=correction)
            unbiased = correction == 1
            case(f"var {tag} correction {correction}", "var", {"x": x}, {"out": torch.var(t, dim=d, unbiased=unbiased, keepdim=keepdim)}, a2)
            case(f"std {tag} correction {correction}", "std", {"x": x}, {"out": torch.std(t, dim=d, unbiased=unbiased, keepdim=keepdim)}, a2)
        xp = uniform(0.6, 1.5, 3, 4, 5)
        tp = T(xp)
        for k in sorted(d, reverse=True):
            tp = tp.prod(dim=k, keepdim=True)
        if not keepdim:
            tp = tp.reshape([s for i, s in enumerate(x.shape) if i not in [k % 3 for k in d]])
        case(f"prod {tag}", "prod", {"x": xp}, {"out": tp}, args)

for dim in [None, 0, 1, -1]:
    for keepdim in (False, True):
        if dim is None and keepdim:
            continue
        x = randn(4, 6)
        args = {"keepdim": keepdim}
        if dim is not None:
            args["dim"] = dim
        t = T(x)
        if dim is None:
            am, an = torch.argmax(t), torch.argmin(t)
        else:
            am, an = torch.argmax(t, dim=dim, keepdim=keepdim), torch.argmin(t, dim=dim, keepdim=keepdim)
        case(f"argmax dim {dim} keepdim {keepdim}", "argmax", {"x": x}, {"out": am}, args)
        case(f"argmin dim {dim} keepdim {keepdim}", "argmin", {"x": x}, {"out": an}, args)
# Ties: PyTorch returns the first occurrence.
xt = np.array([[1, 3, 3, 0], [2, 2, 0, 0], [5, 5, 5, 5]], dtype=np.float32)
case("argmax ties dim 1", "argmax", {"x": xt}, {"out": torch.argmax(T(xt), dim=1)}, {"dim": 1})
case("argmin ties dim 1", "argmin", {"x": xt}, {"out": torch.argmin(T(xt), dim=1)}, {"dim": 1})
x = randn(3, 4, 5)
case("sum permuted view dim 1", "sum", {"x": Inp(x, [2, 0, 1])}, {"out": Inp(x, [2, 0, 1]).torch().sum(dim=1)}, {"dim": 1, "keepdim": False})
case("sum int32", "sum", {"x": ia}, {"out": T(ia).sum(dim=0)}, {"dim": 0, "keepdim": False})
case("mean int32 is float32", "mean", {"x": ia}, {"out": T(ia).float().mean(dim=1)}, {"dim": 1, "keepdim": False})
xs = np.array([[0.0, -np.inf, 1.0], [-np.inf, -np.inf, -np.inf]], dtype=np.float32)
case("logsumexp with -inf", "logsumexp", {"x": xs}, {"out": torch.logsumexp(T(xs), dim=1)}, {"dim": 1, "keepdim": False})

for dim in [0, 1, 2, -1, -2]:
    x = randn(3, 4, 5, scale=3.0)
    case(f"softmax dim {dim}", "softmax", {"x": x}, {"out": torch.softmax(T(x), dim=dim)}, {"dim": dim})
    case(f"logSoftmax dim {dim}", "logSoftmax", {"x": x}, {"out": torch.log_softmax(T(x), dim=dim)}, {"dim": dim})
    case(f"cumsum dim {dim}", "cumsum", {"x": x}, {"out": torch.cumsum(T(x), dim=dim)}, {"dim": dim})
x = randn(2, 7, scale=20.0)
case("softmax large logits", "softmax", {"x": x}, {"out": torch.softmax(T(x), dim=-1)}, {"dim": -1})
case("logSoftmax large logits", "logSoftmax", {"x": x}, {"out": torch.log_softmax(T(x), dim=-1)}, {"dim": -1})
x = randn(4, 3, 5)
case("softmax permuted view dim 1", "softmax", {"x": Inp(x, [1, 0, 2])}, {"out": torch.softmax(Inp(x, [1, 0, 2]).torch(), dim=1)}, {"dim": 1})
case("cumsum int32", "cumsum", {"x": ia}, {"out": torch.cumsum(T(ia), dim=1)}, {"dim": 1})

# ---------------------------------------------------------------- movement

x = randn(2, 3, 4)
for dims in ([2, 0, 1], [1, 2, 0], [0, 2, 1]):
    case(f"permute {dims}", "permute", {"x": x}, {"out": T(x).permute(*dims)}, {"dims": dims})
for d0, d1 in [(0, 1), (-1, -2), (0, 2)]:
    case(f"transpose {d0} {d1}", "transpose", {"x": x}, {"out": T(x).transpose(d0, d1)}, {"dim0": d0, "dim1": d1})

for dim in [0, 1, -1]:
    shapes = [[2, 3, 4], [2, 3, 4], [2, 3, 4]]
    for i, s in enumerate(shapes):
        s[dim] = i + 1
    xs = {f"x{i}": randn(*s) for i, s in enumerate(shapes)}
    case(f"concat dim {dim}", "concat", xs, {"out": torch.cat([T(v) for v in xs.values()], dim=dim)}, {"dim": dim})
for dim in [0, 1, -1, 3]:
    xs = {f"x{i}": randn(2, 3, 4) for i in range(3)}
    case(f"stack dim {dim}", "stack", xs, {"out": torch.stack([T(v) for v in xs.values()], dim=dim)}, {"dim": dim})

for size, dim in [(2, 0), (3, 1), ([1, 3, 1], 1), ([2, 2], -1)]:
    x = randn(5, 5, 4) if dim != 1 else randn(3, 5, 2)
    parts = torch.split(T(x), size, dim=dim)
    case(f"split {size} dim {dim}", "split", {"x": x}, {f"out{i}": p for i, p in enumerate(parts)}, {"splitSize": size, "dim": dim})

for pads, value in [([1, 2], 0.0), ([1, 0, 2, 1], 0.0), ([0, 1, 1, 0, 2, 2], -1.5)]:
    x = randn(2, 3, 4)
    case(f"pad {pads} value {value}", "pad", {"x": x}, {"out": F.pad(T(x), pads, value=value)}, {"pads": pads, "value": value})

for dims in ([0], [2], [0, 1], [-1, 0]):
    x = randn(2, 3, 4)
    case(f"flip {dims}", "flip", {"x": x}, {"out": torch.flip(T(x), dims)}, {"dims": dims})

for dim in [0, 1, -1]:
    x = randn(4, 5)
    ishape = [3, 5] if dim == 0 else [4, 7]
    index = randint(0, x.shape[dim], *ishape)
    out = torch.gather(T(x), dim, T(index).long())
    case(f"gather dim {dim}", "gather", {"x": x, "index": index}, {"out": out}, {"dim": dim})
x = randn(3, 4, 5)
index = randint(0, 4, 2, 3, 5)
case("gather 3-d dim 1 (smaller index)", "gather", {"x": x, "index": index}, {"out": torch.gather(T(x), 1, T(index).long())}, {"dim": 1})

for dim in [0, 1, -1]:
    x = randn(4, 5, 3)
    index = randint(0, x.shape[dim], 6)
    case(f"indexSelect dim {dim}", "indexSelect", {"x": x, "index": index}, {"out": torch.index_select(T(x), dim, T(index).long())}, {"dim": dim})

for dim in [0, 1, -1]:
    x = randn(4, 5)
    ishape = [6, 5] if dim == 0 else [4, 8]
    index = randint(0, x.shape[dim], *ishape)  # repeats guaranteed: more indices than slots
    src = randn(*ishape)
    out = torch.scatter_add(T(x), dim, T(index).long(), T(src))
    case(f"scatterAdd dim {dim}", "scatterAdd", {"x": x, "index": index, "src": src}, {"out": out}, {"dim": dim})

for shape, k in [([6], 4), ([2, 3], 5)]:
    index = randint(0, k, *shape)
    case(f"oneHot {shape} {k}", "oneHot", {"indices": index}, {"out": (F.one_hot(T(index).long(), k), "float32")}, {"numClasses": k})

# ---------------------------------------------------------------- linalg

MATMUL_SHAPES = [
    ([3, 4], [4, 5]),
    ([1, 7], [7, 1]),
    ([2, 3, 4], [2, 4, 5]),
    ([2, 1, 3, 4], [3, 4, 2]),
    ([3, 4], [2, 4, 5]),
    ([2, 3, 4], [4, 6]),
    ([4], [4, 5]),
    ([3, 4], [4]),
    ([4], [4]),
    ([4], [2, 4, 3]),
    ([2, 3, 4], [4]),
    ([16, 33], [33, 20]),
]
for sa, sb in MATMUL_SHAPES:
    a, b = randn(*sa), randn(*sb)
    case(f"matmul {sa} {sb}", "matmul", {"a": a, "b": b}, {"out": torch.matmul(T(a), T(b))})
a, b = randn(5, 3), randn(4, 5)
case("matmul transposed views", "matmul", {"a": Inp(a, [1, 0]), "b": Inp(b, [1, 0])}, {"out": torch.matmul(Inp(a, [1, 0]).torch(), Inp(b, [1, 0]).torch())})
a, b = randint(-3, 4, 3, 4), randint(-3, 4, 4, 2)
case("matmul int32", "matmul", {"a": a, "b": b}, {"out": torch.matmul(T(a).long(), T(b).long())})
a, b = randn(8), randn(8)
case("dot", "dot", {"a": a, "b": b}, {"out": torch.dot(T(a), T(b))})
a, b = randn(4), randn(6)
case("outer", "outer", {"a": a, "b": b}, {"out": torch.outer(T(a), T(b))})


def eigh_case(name, m, separated):
    t = T(m)
    w, v = torch.linalg.eigh(t)
    n = m.shape[0]
    compare = {"eigenvectors": "columnSign"} if separated else {"eigenvectors": "skip"}
    case(
        name,
        "eigh",
        {"x": m},
        {
            "eigenvalues": w,
            "eigenvectors": v,
            # Checks that need no sign convention: V diag(w) Vᵀ = A and VᵀV = I.
            "reconstruction": t,
            "gram": torch.eye(n, dtype=t.dtype),
        },
        compare=compare,
    )


def symmetric(n, dtype="float32"):
    a = rng.standard_normal((n, n))
    return quantize((a + a.T) / 2, dtype)


def min_gap(m):
    w = np.linalg.eigvalsh(m.astype(np.float64))
    return np.min(np.diff(w))


for n in [2, 4, 6, 8]:
    m = symmetric(n)
    eigh_case(f"eigh random symmetric {n}x{n}", m, min_gap(m) > 0.2)
q, _ = np.linalg.qr(rng.standard_normal((5, 5)))
m = quantize(q @ np.diag([-3.0, -1.0, 0.5, 2.0, 4.0]) @ q.T)
eigh_case("eigh separated spectrum 5x5", m, min_gap(m) > 0.2)
m = quantize(q @ np.diag([1.0, 1.0, 2.0, 3.0, 3.0]) @ q.T)
eigh_case("eigh repeated eigenvalues 5x5", m, False)
m = symmetric(5, "float64")
eigh_case("eigh float64 5x5", m, min_gap(m) > 0.2)

# ---------------------------------------------------------------- convolution


def opts(**kw):
    """Our option names, dropping defaults."""
    return {k: v for k, v in kw.items() if v is not None}


def torch_pad(padding):
    return padding if padding is not None else 0


CONV_CASES = [
    # (name, x shape, w shape, stride, padding, dilation, bias)
    ("3x3 plain", [2, 3, 7, 7], [4, 3, 3, 3], None, None, None, True),
    ("3x3 stride 2 pad 1", [2, 3, 8, 8], [4, 3, 3, 3], 2, 1, None, True),
    ("3x3 pad [2,1] no bias", [1, 2, 6, 7], [3, 2, 3, 3], None, [2, 1], None, False),
    ("3x3 dilation 2", [2, 2, 9, 9], [3, 2, 3, 3], None, None, 2, True),
    ("stride [2,1] dilation [1,2] pad 1", [2, 3, 9, 8], [2, 3, 3, 3], [2, 1], 1, [1, 2], True),
    ("5x5 same", [2, 3, 8, 8], [4, 3, 5, 5], None, "same", None, True),
    ("4x4 same (asymmetric)", [1, 2, 7, 6], [3, 2, 4, 4], None, "same", None, True),
    ("2x3 same dilation 2", [1, 2, 7, 8], [2, 2, 2, 3], None, "same", 2, False),
    ("3x3 valid stride 3", [2, 2, 10, 11], [3, 2, 3, 3], 3, "valid", None, True),
    ("1x1", [2, 5, 4, 4], [3, 5, 1, 1], None, None, None, True),
    ("kernel [3,2] stride [1,3] pad [0,1]", [2, 2, 6, 9], [3, 2, 3, 2], [1, 3], [0, 1], None, True),
]
for name, xs, ws, stride, padding, dilation, has_bias in CONV_CASES:
    x, w = randn(*xs), randn(*ws, scale=0.5)
    b = randn(ws[0]) if has_bias else None
    tx = T(x).requires_grad_()
    tw = T(w).requires_grad_()
    y = F.conv2d(tx, tw, T(b) if has_bias else None, stride=stride or 1, padding=torch_pad(padding), dilation=dilation or 1)
    args = opts(stride=stride, padding=padding, dilation=dilation)
    inputs = {"x": x, "weight": w}
    if has_bias:
        inputs["bias"] = b
    case(f"conv2d {name}", "conv2d", inputs, {"out": y}, args)
    g = randn(*y.shape)
    (y * T(g)).sum().backward()
    case(
        f"conv2d backward {name}",
        "conv2dBackward",
        {"x": x, "weight": w, "gradOut": g},
        {"gradInput": tx.grad, "gradWeight": tw.grad},
        args,
    )
x, w = randn(2, 3, 6, 6, dtype="float64"), randn(4, 3, 3, 3, dtype="float64")
case("conv2d float64 stride 2 pad 1", "conv2d", {"x": x, "weight": w}, {"out": F.conv2d(T(x), T(w), stride=2, padding=1)}, {"stride": 2, "padding": 1})

CONVT_CASES = [
    # (name, x shape, w shape [in, out, kh, kw], stride, padding, outputPadding, dilation, bias)
    ("3x3 plain", [2, 3, 4, 4], [3, 2, 3, 3], None, None, None, None, True),
    ("3x3 stride 2", [2, 3, 4, 5], [3, 2, 3, 3], 2, None, None, None, True),
    ("3x3 stride 2 pad 1 outputPadding 1", [1, 2, 4, 4], [2, 3, 3, 3], 2, 1, 1, None, True),
    ("4x4 stride 2 pad 1 (DCGAN)", [2, 4, 3, 3], [4, 2, 4, 4], 2, 1, None, None, False),
    ("3x3 dilation 2 pad 2", [1, 2, 5, 5], [2, 2, 3, 3], None, 2, None, 2, True),
    ("stride [3,2] pad [1,0] outputPadding [2,1]", [2, 2, 3, 4], [2, 3, 3, 2], [3, 2], [1, 0], [2, 1], None, True),
    ("stride 2 dilation 2 outputPadding 1", [1, 3, 4, 3], [3, 2, 2, 3], 2, 1, 1, 2, True),
    ("stride 1 dilation 2 outputPadding 1", [1, 2, 4, 4], [2, 2, 3, 3], None, None, 1, 2, False),
]
for name, xs, ws, stride, padding, out_pad, dilation, has_bias in CONVT_CASES:
    x, w = randn(*xs), randn(*ws, scale=0.5)
    b = randn(ws[1]) if has_bias else None
    tx = T(x).requires_grad_()
    tw = T(w).requires_grad_()
    y = F.conv_transpose2d(
        tx, tw, T(b) if has_bias else None, stride=stride or 1, padding=padding or 0,
        output_padding=out_pad or 0, dilation=dilation or 1,
    )
    args = opts(stride=stride, padding=padding, outputPadding=out_pad, dilation=dilation)
    inputs = {"x": x, "weight": w}
    if has_bias:
        inputs["bias"] = b
    case(f"convTranspose2d {name}", "convTranspose2d", inputs, {"out": y}, args)
    g = randn(*y.shape)
    (y * T(g)).sum().backward()
    case(
        f"convTranspose2d backward {name}",
        "convTranspose2dBackward",
        {"x": x, "weight": w, "gradOut": g},
        {"gradInput": tx.grad, "gradWeight": tw.grad},
        args,
    )

# ---------------------------------------------------------------- pooling

MAXPOOL_CASES = [
    # (name, x shape, kernel, stride, padding, dilation, ceilMode)
    ("2x2", [2, 3, 6, 6], 2, None, None, None, None),
    ("3x3 stride 2 pad 1", [2, 2, 7, 7], 3, 2, 1, None, None),
    ("3x3 stride 1", [1, 2, 5, 6], 3, 1, None, None, None),
    ("2x2 ceil mode", [2, 2, 7, 5], 2, None, None, None, True),
    ("3x3 stride 2 ceil mode pad 1", [1, 3, 8, 8], 3, 2, 1, None, True),
    ("3x3 dilation 2", [1, 2, 9, 8], 3, 1, None, 2, None),
    ("kernel [2,3] stride [1,2] pad [1,1]", [2, 2, 6, 7], [2, 3], [1, 2], [1, 1], None, None),
    ("2x2 stride 2 dilation [2,1] ceil", [1, 2, 9, 7], 2, 2, None, [2, 1], True),
]
for name, xs, k, stride, padding, dilation, ceil in MAXPOOL_CASES:
    x = randn(*xs)
    tx = T(x).requires_grad_()
    y, idx = F.max_pool2d(
        tx, k, stride=stride, padding=padding or 0, dilation=dilation or 1,
        ceil_mode=bool(ceil), return_indices=True,
    )
    args = opts(kernelSize=k, stride=stride, padding=padding, dilation=dilation, ceilMode=ceil)
    case(f"maxPool2d {name}", "maxPool2d", {"x": x}, {"out": y, "indices": idx}, args)
    g = randn(*y.shape)
    (y * T(g)).sum().backward()
    case(f"maxPool2d backward {name}", "maxPool2dBackward", {"x": x, "gradOut": g}, {"gradInput": tx.grad}, args)

AVGPOOL_CASES = [
    # (name, x shape, kernel, stride, padding, ceilMode)
    ("2x2", [2, 3, 6, 6], 2, None, None, None),
    ("3x3 stride 2 pad 1", [2, 2, 7, 7], 3, 2, 1, None),
    ("3x3 stride 2 pad 1 ceil", [1, 2, 8, 8], 3, 2, 1, True),
    ("2x2 ceil mode", [2, 2, 7, 5], 2, None, None, True),
    ("kernel [3,2] stride [2,1] pad [1,1] ceil", [1, 2, 6, 5], [3, 2], [2, 1], [1, 1], True),
    ("4x4 stride 3 pad 2 ceil", [1, 1, 9, 10], 4, 3, 2, True),
]
for name, xs, k, stride, padding, ceil in AVGPOOL_CASES:
    for include_pad in (True, False):
        x = randn(*xs)
        tx = T(x).requires_grad_()
        y = F.avg_pool2d(tx, k, stride=stride, padding=padding or 0, ceil_mode=bool(ceil), count_include_pad=include_pad)
        args = opts(kernelSize=k, stride=stride, padding=padding, ceilMode=ceil, countIncludePad=include_pad)
        tag = f"{name} countIncludePad {include_pad}"
        case(f"avgPool2d {tag}", "avgPool2d", {"x": x}, {"out": y}, args)
        g = randn(*y.shape)
        (y * T(g)).sum().backward()
        case(f"avgPool2d backward {tag}", "avgPool2dBackward", {"x": x, "gradOut": g}, {"gradInput": tx.grad}, args)

# ---------------------------------------------------------------- views and mixed dtypes

# Ops on non-contiguous inputs (the test permutes exactly as torch does here).
x = randn(4, 3, 5)
xv = Inp(x, [2, 0, 1])
case("max permuted view dim 0", "max", {"x": xv}, {"out": torch.amax(xv.torch(), dim=0)}, {"dim": 0, "keepdim": False})
case("argmax permuted view dim 2", "argmax", {"x": xv}, {"out": torch.argmax(xv.torch(), dim=2)}, {"dim": 2})
case("argmin permuted view flat", "argmin", {"x": xv}, {"out": torch.argmin(xv.torch())})
case("cumsum permuted view dim 1", "cumsum", {"x": xv}, {"out": torch.cumsum(xv.torch(), dim=1)}, {"dim": 1})
case("logsumexp permuted view dims [0, 2]", "logsumexp", {"x": xv}, {"out": torch.logsumexp(xv.torch(), dim=(0, 2), keepdim=True)}, {"dim": [0, 2], "keepdim": True})
case("pad permuted view", "pad", {"x": xv}, {"out": F.pad(xv.torch(), [1, 1, 0, 2])}, {"pads": [1, 1, 0, 2], "value": 0.0})
case("flip permuted view", "flip", {"x": xv}, {"out": torch.flip(xv.torch(), [0, 2])}, {"dims": [0, 2]})
index = randint(0, 4, 5, 4, 2)
case("gather permuted view dim 1", "gather", {"x": xv, "index": index}, {"out": torch.gather(xv.torch(), 1, T(index).long())}, {"dim": 1})
index = randint(0, 5, 7)
case("indexSelect permuted view dim 0", "indexSelect", {"x": xv, "index": index}, {"out": torch.index_select(xv.torch(), 0, T(index).long())}, {"dim": 0})
x = randn(4, 5)
index = randint(0, 4, 3, 4)
src = randn(5, 6)
case("scatterAdd src larger than index", "scatterAdd", {"x": x, "index": index, "src": src}, {"out": torch.scatter_add(T(x), 0, T(index).long(), T(src))}, {"dim": 0})
xn = randn(2, 7, 6, 3)  # NHWC in memory, used as NCHW
xv = Inp(xn, [0, 3, 1, 2])
w = randn(4, 3, 3, 3, scale=0.5)
case("conv2d permuted (NHWC) input pad 1", "conv2d", {"x": xv, "weight": w}, {"out": F.conv2d(xv.torch(), T(w), padding=1)}, {"padding": 1})
y, idx = F.max_pool2d(xv.torch(), 2, return_indices=True)
case("maxPool2d permuted (NHWC) input", "maxPool2d", {"x": xv}, {"out": y, "indices": idx}, {"kernelSize": 2})
case("avgPool2d permuted (NHWC) input", "avgPool2d", {"x": xv}, {"out": F.avg_pool2d(xv.torch(), 3, stride=2, padding=1)}, {"kernelSize": 3, "stride": 2, "padding": 1})
a, b = randn(2, 1, 3, 4), randn(1, 5, 4, 2)
case("matmul broadcast both batch dims", "matmul", {"a": a, "b": b}, {"out": torch.matmul(T(a), T(b))})
a, b = randn(2, 4, 3), randn(4)
case("matmul permuted batch by 1-d", "matmul", {"a": Inp(a, [0, 2, 1]), "b": b}, {"out": torch.matmul(Inp(a, [0, 2, 1]).torch(), T(b))})
x = randn(7, scale=3.0)
case("softmax 1-d", "softmax", {"x": x}, {"out": torch.softmax(T(x), dim=0)}, {"dim": 0})
case("cumsum 1-d", "cumsum", {"x": x}, {"out": torch.cumsum(T(x), dim=0)}, {"dim": 0})

# Integer inputs where PyTorch keeps or changes the dtype.
ix = randint(-5, 6, 3, 4)
case("max int32 dim 1", "max", {"x": ix}, {"out": torch.amax(T(ix), dim=1)}, {"dim": 1, "keepdim": False})
ip = randint(-3, 4, 3, 4)
case("prod int32 dim 0", "prod", {"x": ip}, {"out": torch.prod(T(ip), 0)}, {"dim": 0, "keepdim": False})
case("clamp int32 integer bounds stays int32", "clamp", {"x": ix}, {"out": torch.clamp(T(ix), -2, 3)}, {"min": -2, "max": 3})
case("clamp int32 fractional bounds is float32", "clamp", {"x": ix}, {"out": torch.clamp(T(ix), -2.5, 3.5)}, {"min": -2.5, "max": 3.5})
cond = rng.rand(3, 4) < 0.5
fx = randn(3, 4)
case("where int32 and float32", "where", {"cond": cond, "a": ix, "b": fx}, {"out": torch.where(T(cond), T(ix).float(), T(fx))})
case("concat int32 and float32", "concat", {"x0": ix, "x1": fx}, {"out": torch.cat([T(ix), T(fx)], dim=0)}, {"dim": 0})

# ---------------------------------------------------------------- float64

a, b = randn(3, 1, 4, dtype="float64"), randn(2, 4, dtype="float64")
case("add float64 broadcast", "add", {"a": a, "b": b}, {"out": T(a) + T(b)})
case("div float64 broadcast", "div", {"a": a, "b": b}, {"out": T(a) / T(b)})
x = randn(3, 5, dtype="float64", scale=2.0)
case("exp float64", "exp", {"x": x}, {"out": torch.exp(T(x))})
case("tanh float64", "tanh", {"x": x}, {"out": torch.tanh(T(x))})
case("sum float64 dim 1", "sum", {"x": x}, {"out": T(x).sum(dim=1)}, {"dim": 1, "keepdim": False})
case("std float64", "std", {"x": x}, {"out": T(x).std(dim=0)}, {"dim": 0, "keepdim": False, "correction": 1})
case("softmax float64 dim 0", "softmax", {"x": x}, {"out": torch.softmax(T(x), dim=0)}, {"dim": 0})
case("logSoftmax float64 dim 1", "logSoftmax", {"x": x}, {"out": torch.log_softmax(T(x), dim=1)}, {"dim": 1})
case("logsumexp float64", "logsumexp", {"x": x}, {"out": torch.logsumexp(T(x), dim=(0, 1))}, {"keepdim": False})
a, b = randn(2, 3, 6, dtype="float64"), randn(6, 4, dtype="float64")
case("matmul float64 batched", "matmul", {"a": a, "b": b}, {"out": torch.matmul(T(a), T(b))})
x = randn(1, 2, 6, 6, dtype="float64")
case("maxPool2d float64", "maxPool2d", {"x": x}, {"out": F.max_pool2d(T(x), 2, return_indices=True)[0], "indices": F.max_pool2d(T(x), 2, return_indices=True)[1]}, {"kernelSize": 2})
case("avgPool2d float64 pad 1", "avgPool2d", {"x": x}, {"out": F.avg_pool2d(T(x), 3, stride=2, padding=1)}, {"kernelSize": 3, "stride": 2, "padding": 1})

# ---------------------------------------------------------------- write

names = [c["name"] for c in cases]
dupes = {n for n in names if names.count(n) > 1}
assert not dupes, f"duplicate case names: {dupes}"
text = json.dumps(cases, separators=(",", ":"), allow_nan=False)
with open(OUT, "w") as f:
    f.write(text + "\n")
print(f"wrote {len(cases)} cases, {len(text) / 1e6:.2f} MB, to {os.path.relpath(OUT)} (torch {torch.__version__})")
