#!/usr/bin/python3
"""Golden gradients of random composite graphs for @gradlab/autograd, from PyTorch.

Run from the repository root (Debian's python3-torch and python3-numpy):

    /usr/bin/python3 scripts/golden/autograd_graphs.py

It writes scripts/golden/autograd-graphs.json, which
packages/autograd/src/golden-graphs.test.ts replays (the tests never need
Python). Re-run it only when the generator changes, and commit the JSON with
the script. Everything random comes from a seeded numpy RandomState, so the
output is the same on every run.

Each graph has 2-4 leaf inputs (float64, or float32 for the last few graphs)
and 5-20 ops drawn from a vocabulary both libraries have; later ops consume
earlier results and at least one value feeds several ops (fan-out). Every
value that no op consumes is an output; the loss is the sum over outputs, in
order, of sum(output * weight) with a fixed random weight per output. The JSON
is {"torch": version, "graphs": [...]}:

    {"name": "graph 7 (dense)", "dtype": "float64",
     "leaves": [{"id": 0, "value": tensor}, ...],           # ids 0..k-1
     "program": [{"op": "softmax", "args": {"dim": 1},      # result id = k + position
                  "inputs": [2], "shape": [3, 4]}, ...],
     "outputs": [{"id": 9, "weight": tensor}, ...],
     "loss": number, "grads": [tensor per leaf]}

A tensor is {"shape", "data"} (flat, row-major). Index and mask arguments are
tensors too (int / 0-1 data). Float64 numbers keep 17 significant digits and
float32 ones 9, so every number round-trips exactly. Inputs that would make
the two libraries legitimately disagree are never generated: ties in max /
maxPool2d (gradient routing differs by convention), relu/leakyRelu inputs near
the kink, log/sqrt/div/fractional pow near 0 or below, and values that blow up.
"""

import json
import math
import os

import numpy as np
import torch
from golden_json import num
import torch.nn.functional as F

torch.set_num_threads(1)
rng = np.random.RandomState(20240919)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "autograd-graphs.json")
TORCH_DTYPE = {"float32": torch.float32, "float64": torch.float64}
MAX_SIZE = 240  # elements per intermediate value
MAX_ABS = 1e3




def encode(t, dtype):
    flat = t.detach().reshape(-1).numpy()
    if dtype == "float64":
        data = [num(v, 17) for v in flat]
    elif dtype == "float32":
        data = [num(v, 9) for v in flat]
    else:
        data = [int(v) for v in flat]
    return {"shape": list(t.shape), "data": data}


def r(lo, hi):
    """A random int in [lo, hi]."""
    return int(rng.randint(lo, hi + 1))


def choice(xs):
    return xs[rng.randint(len(xs))]


def scalar():
    return float(round(rng.uniform(-2, 2), 2)) or 0.5


# ---------------------------------------------------------------- torch semantics of each op
# apply(op, args, inputs) is what the TypeScript interpreter mirrors.


def norm_dims(dim, ndim):
    if dim is None:
        return list(range(ndim))
    dims = dim if isinstance(dim, list) else [dim]
    return [d % ndim for d in dims]


def apply(op, a, xs):
    x = xs[0] if xs else None
    if op in ("add", "sub", "mul", "div"):
        f = {"add": torch.add, "sub": torch.sub, "mul": torch.mul, "div": torch.div}[op]
        if "scalar" in a:
            return f(a["scalar"], x) if a.get("reverse") else f(x, a["scalar"])
        return f(xs[0], xs[1])
    if op == "pow":
        return torch.pow(x, a["exponent"])
    if op in ("exp", "log", "sqrt", "tanh", "sigmoid", "relu"):
        return getattr(torch, op)(x)
    if op == "gelu":
        return F.gelu(x)
    if op == "softplus":
        return F.softplus(x)
    if op == "leakyRelu":
        return F.leaky_relu(x, a["slope"])
    if op in ("sum", "mean", "max"):
        dims = a["dim"]
        if op == "max":
            return torch.amax(x, dim=norm_dims(dims, x.ndim), keepdim=a["keepdim"])
        f = torch.sum if op == "sum" else torch.mean
        return f(x) if dims is None and not a["keepdim"] else f(x, dim=norm_dims(dims, x.ndim), keepdim=a["keepdim"])
    if op == "logsumexp":
        return torch.logsumexp(x, dim=a["dim"], keepdim=a["keepdim"])
    if op == "softmax":
        return torch.softmax(x, a["dim"])
    if op == "logSoftmax":
        return torch.log_softmax(x, a["dim"])
    if op == "reshape":
        return x.reshape(a["shape"])
    if op == "permute":
        return x.permute(*a["dims"])
    if op == "transpose":
        return x.transpose(a["dim0"], a["dim1"])
    if op == "slice":
        idx = [slice(None)] * x.ndim
        idx[a["dim"]] = slice(a["start"], a["end"], a["step"])
        return x[tuple(idx)]
    if op == "narrow":
        return x.narrow(a["dim"], a["start"], a["length"])
    if op == "flip":
        return x.flip(a["dims"])
    if op == "concat":
        return torch.cat(xs, a["dim"])
    if op == "stack":
        return torch.stack(xs, a["dim"])
    if op == "pad":
        return F.pad(x, a["pads"], value=a["value"])
    if op == "gather":
        idx = torch.tensor(a["index"]["data"], dtype=torch.int64).reshape(a["index"]["shape"])
        return torch.gather(x, a["dim"], idx)
    if op == "indexSelect":
        return torch.index_select(x, a["dim"], torch.tensor(a["index"], dtype=torch.int64))
    if op == "matmul":
        return torch.matmul(xs[0], xs[1])
    if op == "conv2d":
        return F.conv2d(x, xs[1], xs[2] if len(xs) > 2 else None, stride=a["stride"], padding=a["padding"], dilation=a["dilation"])
    if op == "maxPool2d":
        return F.max_pool2d(x, a["kernelSize"], a["stride"], a["padding"], a["dilation"], a["ceilMode"])
    if op == "avgPool2d":
        return F.avg_pool2d(x, a["kernelSize"], a["stride"], a["padding"], a["ceilMode"], a["countIncludePad"])
    if op == "where":
        mask = torch.tensor(a["mask"]["data"], dtype=torch.bool).reshape(a["mask"]["shape"])
        return torch.where(mask, xs[0], xs[1])
    raise ValueError(op)


# ---------------------------------------------------------------- random ops


def broadcastable(s, t):
    for a, b in zip(reversed(s), reversed(t)):
        if a != b and a != 1 and b != 1:
            return False
    return True


def min_gap_last(t):
    """Smallest gap between the two largest entries of each row (last dim); inf for rows of 1."""
    if t.shape[-1] < 2 or t.numel() == 0:
        return math.inf
    top = torch.topk(t.detach(), 2, dim=-1).values
    return float((top[..., 0] - top[..., 1]).min())


class Builder:
    def __init__(self, dtype, theme):
        self.dtype = dtype
        self.theme = theme
        self.eps = 1e-3 if dtype == "float32" else 1e-6
        self.values = []  # torch tensors by id
        self.uses = []  # how many ops consume each id
        self.program = []

    # --- picking inputs: prefer values nobody consumes yet, and recent ones
    def pick(self, pred=lambda t: True):
        ids = [i for i, t in enumerate(self.values) if pred(t)]
        if not ids:
            return None
        w = np.array([(3.0 if self.uses[i] == 0 else 1.0) * (1.0 + i / len(self.values)) for i in ids])
        return ids[rng.choice(len(ids), p=w / w.sum())]

    def emit(self, op, args, inputs):
        out = apply(op, args, [self.values[i] for i in inputs])
        if out.numel() == 0 or out.numel() > MAX_SIZE:
            return None
        if not torch.isfinite(out).all() or float(out.abs().max()) > MAX_ABS:
            return None
        for i in set(inputs):
            self.uses[i] += 1
        self.values.append(out)
        self.uses.append(0)
        self.program.append({"op": op, "args": args, "inputs": inputs, "shape": list(out.shape)})
        return len(self.values) - 1

    # --- one random op; None when the draw does not apply
    def random_op(self, op):
        V = self.values
        eps = self.eps
        if op in ("add", "sub", "mul", "div"):
            a = self.pick()
            if rng.rand() < 0.25:
                s = scalar()
                rev = bool(rng.rand() < 0.5) and op in ("sub", "div")
                if op == "div" and not rev and abs(s) < 0.3:
                    s = 1.5
                if op == "div" and rev and float(V[a].abs().min()) < 0.2:
                    return None
                return self.emit(op, {"scalar": s, "reverse": rev} if rev else {"scalar": s}, [a])
            b = self.pick(lambda t: broadcastable(V[a].shape, t.shape))
            if op == "div" and float(V[b].abs().min()) < 0.2:
                return None
            return self.emit(op, {}, [a, b])
        if op == "pow":
            a = self.pick()
            if float(V[a].min()) > 0.1:
                e = choice([2, 3, 0.5, -1, 1.5, -0.5])
            else:
                e = choice([2, 3])
            return self.emit(op, {"exponent": e}, [a])
        if op == "exp":
            a = self.pick(lambda t: float(t.max()) < 4)
            return None if a is None else self.emit(op, {}, [a])
        if op in ("log", "sqrt"):
            a = self.pick(lambda t: float(t.min()) > 0.05)
            return None if a is None else self.emit(op, {}, [a])
        if op in ("tanh", "sigmoid", "gelu", "softplus"):
            return self.emit(op, {}, [self.pick()])
        if op in ("relu", "leakyRelu"):
            a = self.pick(lambda t: float(t.abs().min()) > eps)
            if a is None:
                return None
            return self.emit(op, {"slope": choice([0.01, 0.2, 0.5])} if op == "leakyRelu" else {}, [a])
        if op in ("sum", "mean", "max", "logsumexp"):
            a = self.pick(lambda t: t.ndim >= 1)
            if a is None:
                return None
            x = V[a]
            k = rng.rand()
            if k < 0.2 and op != "logsumexp":
                dim = None
            elif k < 0.45 and x.ndim >= 2:
                dim = sorted(rng.choice(x.ndim, 2, replace=False).tolist())
                dim = [d - x.ndim if rng.rand() < 0.3 else d for d in dim]
            else:
                dim = r(-x.ndim, x.ndim - 1)
            keepdim = bool(rng.rand() < 0.5)
            if op == "max":
                dims = norm_dims(dim, x.ndim)
                rest = [d for d in range(x.ndim) if d not in dims]
                moved = x.permute(*rest, *dims).reshape(*[x.shape[d] for d in rest], -1)
                if min_gap_last(moved) < eps:
                    return None
            return self.emit(op, {"dim": dim, "keepdim": keepdim}, [a])
        if op in ("softmax", "logSoftmax"):
            a = self.pick(lambda t: t.ndim >= 1)
            return None if a is None else self.emit(op, {"dim": r(-V[a].ndim, V[a].ndim - 1)}, [a])
        if op == "reshape":
            a = self.pick(lambda t: t.numel() > 1)
            if a is None:
                return None
            n = V[a].numel()
            divs = [d for d in range(1, n + 1) if n % d == 0]
            shape = []
            rest = n
            for _ in range(r(0, 2)):
                d = choice([d for d in divs if rest % d == 0])
                shape.append(d)
                rest //= d
            shape.append(rest)
            rng.shuffle(shape)
            shape = [int(s) for s in shape]
            if shape == list(V[a].shape):
                return None
            return self.emit(op, {"shape": shape}, [a])
        if op == "permute":
            a = self.pick(lambda t: t.ndim >= 2)
            if a is None:
                return None
            dims = rng.permutation(V[a].ndim).tolist()
            return self.emit(op, {"dims": [int(d) for d in dims]}, [a])
        if op == "transpose":
            a = self.pick(lambda t: t.ndim >= 2)
            if a is None:
                return None
            n = V[a].ndim
            d0, d1 = rng.choice(n, 2, replace=False).tolist()
            return self.emit(op, {"dim0": int(d0) - (n if rng.rand() < 0.3 else 0), "dim1": int(d1)}, [a])
        if op in ("slice", "narrow"):
            a = self.pick(lambda t: t.ndim >= 1 and max(t.shape) >= 2)
            if a is None:
                return None
            x = V[a]
            dim = choice([d for d in range(x.ndim) if x.shape[d] >= 2])
            size = x.shape[dim]
            start = r(0, size - 1)
            if op == "narrow":
                return self.emit(op, {"dim": dim, "start": start, "length": r(1, size - start)}, [a])
            end = r(start + 1, size)
            return self.emit(op, {"dim": dim - x.ndim if rng.rand() < 0.3 else dim, "start": start, "end": end, "step": r(1, 2)}, [a])
        if op == "flip":
            a = self.pick(lambda t: t.ndim >= 1)
            if a is None:
                return None
            n = V[a].ndim
            dims = sorted(rng.choice(n, r(1, n), replace=False).tolist())
            return self.emit(op, {"dims": [int(d) for d in dims]}, [a])
        if op in ("concat", "stack"):
            a = self.pick(lambda t: t.ndim >= 1)
            if a is None:
                return None
            x = V[a]
            if op == "concat":
                dim = r(0, x.ndim - 1)
                ok = lambda t: t.ndim == x.ndim and all(t.shape[d] == x.shape[d] for d in range(x.ndim) if d != dim)
            else:
                dim = r(0, x.ndim)
                ok = lambda t: t.shape == x.shape
            others = [self.pick(ok) for _ in range(r(1, 2))]
            ins = [a, *others]
            rng.shuffle(ins)
            return self.emit(op, {"dim": dim - (x.ndim + (op == "stack")) if rng.rand() < 0.3 else dim}, [int(i) for i in ins])
        if op == "pad":
            a = self.pick(lambda t: t.ndim >= 1)
            if a is None:
                return None
            n = 2 * r(1, min(2, V[a].ndim))
            pads = [r(0, 2) for _ in range(n)]
            value = 0.0 if rng.rand() < 0.5 else scalar()
            return self.emit(op, {"pads": pads, "value": value}, [a])
        if op == "gather":
            a = self.pick(lambda t: t.ndim >= 1)
            if a is None:
                return None
            x = V[a]
            dim = r(0, x.ndim - 1)
            shape = [r(1, 4) if d == dim else r(1, x.shape[d]) for d in range(x.ndim)]
            idx = rng.randint(0, x.shape[dim], size=shape)
            index = {"shape": shape, "data": [int(v) for v in idx.reshape(-1)]}
            return self.emit(op, {"dim": dim - x.ndim if rng.rand() < 0.3 else dim, "index": index}, [a])
        if op == "indexSelect":
            a = self.pick(lambda t: t.ndim >= 1)
            if a is None:
                return None
            x = V[a]
            dim = r(0, x.ndim - 1)
            index = [int(v) for v in rng.randint(0, x.shape[dim], size=r(1, 4))]
            return self.emit(op, {"dim": dim, "index": index}, [a])
        if op == "matmul":
            def k_of(t):
                return t.shape[0] if t.ndim == 1 else t.shape[-2]
            a = self.pick(lambda t: t.ndim >= 1)
            if a is None:
                return None
            x = V[a]
            b = self.pick(lambda t: t.ndim >= 1 and k_of(t) == x.shape[-1] and broadcastable(x.shape[:-2], t.shape[:-2]))
            if b is None:
                if x.ndim < 2:
                    return None
                b = self.emit("transpose", {"dim0": -2, "dim1": -1}, [a])
                if b is None:
                    return None
            return self.emit(op, {}, [a, b])
        if op == "conv2d":
            pairs = [(i, j) for i, x in enumerate(V) for j, w in enumerate(V) if x.ndim == 4 and w.ndim == 4 and x.shape[1] == w.shape[1] and w.shape[2] <= 3 and w.shape[3] <= 3]
            if not pairs:
                return None
            i, j = pairs[rng.randint(len(pairs))]
            args = {"stride": [r(1, 2), r(1, 2)], "padding": [r(0, 1), r(0, 1)], "dilation": [choice([1, 1, 2]), 1]}
            bias = [k for k, t in enumerate(V) if t.ndim == 1 and t.shape[0] == V[j].shape[0]]
            ins = [i, j] + ([choice(bias)] if bias and rng.rand() < 0.7 else [])
            try:
                return self.emit(op, args, ins)
            except RuntimeError:
                return None
        if op in ("maxPool2d", "avgPool2d"):
            a = self.pick(lambda t: t.ndim == 4 and t.shape[2] >= 2 and t.shape[3] >= 2)
            if a is None:
                return None
            x = V[a]
            k = [r(1, min(3, x.shape[2])), r(2, min(3, x.shape[3]))]
            args = {"kernelSize": k, "stride": [r(1, 2), r(1, 2)], "padding": [r(0, k[0] // 2), r(0, k[1] // 2)], "ceilMode": bool(rng.rand() < 0.4)}
            if op == "maxPool2d":
                args["dilation"] = [1, choice([1, 2])]
                planes = x.detach().reshape(x.shape[0] * x.shape[1], -1)
                for p in planes:
                    s = torch.sort(p).values
                    if float((s[1:] - s[:-1]).min()) < eps:
                        return None
            else:
                args["countIncludePad"] = bool(rng.rand() < 0.5)
            try:
                return self.emit(op, args, [a])
            except RuntimeError:
                return None
        if op == "where":
            a = self.pick()
            b = self.pick(lambda t: broadcastable(V[a].shape, t.shape) and t is not V[a])
            if b is None:
                return None
            shape = list(torch.broadcast_shapes(V[a].shape, V[b].shape))
            shape = [1 if (s > 1 and rng.rand() < 0.2) else s for s in shape]
            m = rng.rand(*shape) < 0.5
            mask = {"shape": shape, "data": [int(v) for v in np.asarray(m).reshape(-1)]}
            return self.emit(op, {"mask": mask}, [a, b])
        raise ValueError(op)


DENSE_OPS = (
    ["add", "sub", "mul", "div"] * 3
    + ["pow", "exp", "log", "sqrt", "tanh", "sigmoid", "relu", "leakyRelu", "gelu", "softplus"]
    + ["sum", "mean", "max", "logsumexp", "softmax", "logSoftmax"] * 2
    + ["reshape", "permute", "transpose", "slice", "narrow", "flip", "concat", "stack", "pad", "gather", "indexSelect"]
    + ["matmul"] * 3
    + ["where"] * 2
)
CONV_OPS = DENSE_OPS + ["conv2d", "maxPool2d", "avgPool2d"] * 4


def leaf_shapes(theme):
    if theme == "conv":
        n, c, h, w, o = r(1, 2), r(1, 3), r(3, 6), r(3, 6), r(1, 3)
        shapes = [[n, c, h, w], [o, c, r(1, 3), r(1, 3)]]
        if rng.rand() < 0.6:
            shapes.append([o])
        if rng.rand() < 0.5:
            shapes.append(choice([[1, o, 1, 1], [w], [n, c, h, w]]))
        return shapes
    a, b, c = r(2, 5), r(2, 5), r(2, 4)
    menu = [[a, b], [b], [a, 1], [1, b], [c, a, b], [b, c], [c, 1, b], [a, b], [b, a]]
    return [choice(menu) for _ in range(r(2, 4))]


def build_graph(index, dtype, theme):
    while True:
        B = Builder(dtype, theme)
        leaves = []
        for shape in leaf_shapes(theme):
            scale = 0.5 if (theme == "conv" and len(shape) == 4 and len(leaves) == 1) else 1.0
            v = torch.from_numpy(np.asarray(rng.standard_normal(shape) * scale)).to(TORCH_DTYPE[dtype])
            v.requires_grad_(True)
            leaves.append(v)
            B.values.append(v)
            B.uses.append(0)
        ops = CONV_OPS if theme == "conv" else DENSE_OPS
        target = r(5, 12) if dtype == "float32" else r(5, 20)
        tries = 0
        while len(B.program) < target and tries < 500:
            tries += 1
            B.random_op(choice(ops))
        # every leaf feeds the graph and some value feeds several ops (fan-out)
        if len(B.program) < 5 or len(B.program) > 20 or min(B.uses[: len(leaves)]) == 0 or max(B.uses) < 2:
            continue
        outs = [i for i in range(len(B.values)) if B.uses[i] == 0]
        weights = [torch.from_numpy(np.asarray(rng.standard_normal(list(B.values[i].shape)))).to(TORCH_DTYPE[dtype]) for i in outs]
        loss = None
        for i, w in zip(outs, weights):
            term = (B.values[i] * w).sum()
            loss = term if loss is None else loss + term
        grads = torch.autograd.grad(loss, leaves)
        return {
            "name": f"graph {index} ({theme}, {dtype})",
            "dtype": dtype,
            "leaves": [{"id": i, "value": encode(v, dtype)} for i, v in enumerate(leaves)],
            "program": B.program,
            "outputs": [{"id": i, "weight": encode(w, dtype)} for i, w in zip(outs, weights)],
            "loss": num(loss.item(), 17 if dtype == "float64" else 9),
            "grads": [encode(g, dtype) for g in grads],
        }


graphs = []
for k in range(60):
    graphs.append(build_graph(k, "float64", "conv" if k % 4 == 3 else "dense"))
for k in range(60, 70):
    graphs.append(build_graph(k, "float32", "conv" if k % 4 == 3 else "dense"))

counts = {}
for g in graphs:
    for p in g["program"]:
        counts[p["op"]] = counts.get(p["op"], 0) + 1
with open(OUT, "w") as f:
    json.dump({"torch": torch.__version__, "graphs": graphs}, f, separators=(",", ":"))
    f.write("\n")
print(f"wrote {len(graphs)} graphs, {sum(counts.values())} ops, {os.path.getsize(OUT)} bytes to {OUT}")
print(" ".join(f"{k}:{v}" for k, v in sorted(counts.items())))
