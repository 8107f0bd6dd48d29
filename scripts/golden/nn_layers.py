#!/usr/bin/python3
"""Golden numbers for @gradlab/nn's layers and losses, computed with PyTorch.

Run from the repository root (Debian's python3-torch and python3-numpy):

    /usr/bin/python3 scripts/golden/nn_layers.py

It writes scripts/golden/nn-layers.json, which packages/nn/src/golden.test.ts
reads (the tests never need Python). Re-run it only when cases are added or
changed, and commit the JSON with the script. Everything random comes from a
seeded numpy RandomState, so the output is the same on every run.

Each case builds one torch layer (or loss) in float64 or float32, overwrites
all its parameters and buffers with values from the RandomState, runs it in
train or eval mode on random inputs, and backpropagates a random upstream
gradient (one per output). The JSON is {"torch": version, "cases": [...]}:

    {"name": "LSTM 2 layers batchFirst h0 c0", "kind": "layer", "type": "LSTM",
     "ctor": [3, 4, {"numLayers": 2, "batchFirst": true}],   # our constructor args
     "dtype": "float64", "train": true,
     "state": {"weightIhL0": tensor, ...},   # loadStateDict, our camelCase names
     "inputs": {"x": tensor, "h0": tensor, "c0": tensor},    # x, h0, c0 get grads
     "gradOutputs": {"out": tensor, "h": tensor, "c": tensor},
     "expected": {"out": ..., "h": ..., "c": ...,            # forward outputs
                  "grad.x": ..., "grad.weightIhL0": ...,     # input and parameter grads
                  "state.runningMean": ...}}                 # buffers after the step

Loss cases have "kind": "loss", "ctor": [options] and inputs x (differentiated),
target, and optional weight / posWeight tensors that the test puts into the
options. A tensor is {"shape", "dtype", "data"}; dtypes are ours (int64 → int32).
Inputs and parameters are rounded to 4 decimals before torch sees them, so the
JSON decimals are exactly the values torch used; float32 values keep 9
significant digits and float64 values 17, so every number round-trips exactly.
"""

import json
import os

import numpy as np
import torch
from golden_json import num, our_dtype
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)
rng = np.random.RandomState(20240612)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "nn-layers.json")
TORCH_DTYPE = {"float32": torch.float32, "float64": torch.float64}

cases = []

# ---------------------------------------------------------------- encoding






def encode(t):
    """A torch tensor as {"shape", "dtype", "data"} in our dtype names."""
    t = t.detach()
    dtype = our_dtype(t.dtype)
    flat = t.reshape(-1).numpy()
    if dtype == "float32":
        data = [num(v, 9) for v in flat]
    elif dtype == "float64":
        data = [num(v, 17) for v in flat]
    else:
        data = [int(v) for v in flat]
    return {"shape": list(t.shape), "dtype": dtype, "data": data}


def rnd(shape, dtype, scale=1.0, lo=None, hi=None):
    """Random values rounded to 4 decimals (exact in the JSON), as a torch tensor of `dtype`."""
    if lo is not None:
        a = np.asarray(rng.uniform(lo, hi, shape))
    else:
        a = np.asarray(rng.standard_normal(shape) * scale)
    return torch.from_numpy(np.asarray(np.round(a, 4))).to(TORCH_DTYPE[dtype])


def camel(name):
    """weight_ih_l0_reverse → weightIhL0Reverse, running_mean → runningMean."""
    first, *rest = name.split("_")
    return first + "".join(p[:1].upper() + p[1:] for p in rest)


# ---------------------------------------------------------------- layers


def randomize(module, dtype, scale=0.5):
    """Overwrites every parameter and float buffer with rounded random values."""
    with torch.no_grad():
        for _, p in module.named_parameters():
            p.copy_(rnd(tuple(p.shape), dtype, scale))
        for name, b in module.named_buffers():
            if name.endswith("running_var"):
                b.copy_(rnd(tuple(b.shape), dtype, lo=0.5, hi=1.5))
            elif name.endswith("running_mean"):
                b.copy_(rnd(tuple(b.shape), dtype, 0.3))
            elif name.endswith("num_batches_tracked"):
                b.fill_(3)


def state_of(module):
    return {camel(k): encode(v) for k, v in module.state_dict().items()}


def layer_case(name, type_, ctor, module, inputs, dtype="float64", train=True, grad_inputs=None):
    """Runs `module` on `inputs` (a dict of tensors, "x" first) and records everything."""
    module = module.to(TORCH_DTYPE[dtype])
    randomize(module, dtype)
    state = state_of(module)
    module.train(train)
    grad_inputs = [k for k in inputs if inputs[k].is_floating_point()] if grad_inputs is None else grad_inputs
    leaves = {k: v.clone().requires_grad_(k in grad_inputs) for k, v in inputs.items()}
    if type_ == "LSTM":
        h0c0 = (leaves["h0"], leaves["c0"]) if "h0" in leaves else None
        out, (h, c) = module(leaves["x"], h0c0)
        outputs = {"out": out, "h": h, "c": c}
    elif type_ in ("RNN", "GRU"):
        out, h = module(leaves["x"], leaves.get("h0"))
        outputs = {"out": out, "h": h}
    else:
        outputs = {"out": module(leaves["x"])}
    grads_out = {k: rnd(tuple(v.shape), dtype) for k, v in outputs.items()}
    total = sum((outputs[k] * grads_out[k]).sum() for k in outputs)
    total.backward()
    expected = {k: encode(v) for k, v in outputs.items()}
    for k in grad_inputs:
        expected[f"grad.{k}"] = encode(leaves[k].grad)
    for k, p in module.named_parameters():
        expected[f"grad.{camel(k)}"] = encode(p.grad)
    if train:
        for k, b in module.named_buffers():
            if k != "mask":
                expected[f"state.{camel(k)}"] = encode(b)
    cases.append(
        {
            "name": name,
            "kind": "layer",
            "type": type_,
            "ctor": ctor,
            "dtype": dtype,
            "train": train,
            "state": state,
            "inputs": {k: encode(v) for k, v in inputs.items()},
            "gradOutputs": {k: encode(v) for k, v in grads_out.items()},
            "expected": expected,
        }
    )


class MaskedLinear(nn.Linear):
    def __init__(self, n_in, n_out, mask):
        super().__init__(n_in, n_out)
        self.register_buffer("mask", mask)

    def forward(self, x):
        return F.linear(x, self.weight * self.mask, self.bias)


class MaskedConv2d(nn.Conv2d):
    def __init__(self, n_in, n_out, k, mask_type, **kw):
        super().__init__(n_in, n_out, k, **kw)
        mask = torch.zeros_like(self.weight)
        kh, kw_ = self.weight.shape[2:]
        mask[:, :, : kh // 2, :] = 1
        mask[:, :, kh // 2, : kw_ // 2 + (1 if mask_type == "B" else 0)] = 1
        self.register_buffer("mask", mask)

    def forward(self, x):
        return F.conv2d(x, self.weight * self.mask, self.bias, self.stride, self.padding, self.dilation)


def made_mask(n_out, n_in):
    return torch.from_numpy((rng.rand(n_out, n_in) < 0.6).astype(np.float64))


for dt in ("float64", "float32"):
    layer_case(f"Linear {dt}", "Linear", [5, 3], nn.Linear(5, 3), {"x": rnd((4, 5), dt)}, dt)
layer_case("Linear no bias 3-d input", "Linear", [4, 2, {"bias": False}], nn.Linear(4, 2, bias=False), {"x": rnd((2, 3, 4), "float64")})
layer_case("Linear eval", "Linear", [3, 3], nn.Linear(3, 3), {"x": rnd((2, 3), "float64")}, train=False)

for dt in ("float64", "float32"):
    layer_case(f"Conv2d {dt}", "Conv2d", [2, 3, 3], nn.Conv2d(2, 3, 3), {"x": rnd((2, 2, 6, 6), dt)}, dt)
layer_case("Conv2d stride 2 padding 1 no bias", "Conv2d", [2, 2, 3, {"stride": 2, "padding": 1, "bias": False}], nn.Conv2d(2, 2, 3, stride=2, padding=1, bias=False), {"x": rnd((2, 2, 7, 7), "float64")})
layer_case("Conv2d dilation 2 rect kernel", "Conv2d", [1, 2, [3, 2], {"dilation": 2, "padding": [2, 1]}], nn.Conv2d(1, 2, (3, 2), dilation=2, padding=(2, 1)), {"x": rnd((1, 1, 6, 5), "float64")})
layer_case("Conv2d padding same", "Conv2d", [2, 2, 5, {"padding": "same"}], nn.Conv2d(2, 2, 5, padding="same"), {"x": rnd((1, 2, 5, 5), "float64")})

for dt in ("float64", "float32"):
    layer_case(f"ConvTranspose2d {dt}", "ConvTranspose2d", [2, 3, 3], nn.ConvTranspose2d(2, 3, 3), {"x": rnd((2, 2, 4, 4), dt)}, dt)
layer_case("ConvTranspose2d stride 2 padding 1 outputPadding 1", "ConvTranspose2d", [3, 2, 3, {"stride": 2, "padding": 1, "outputPadding": 1}], nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1, output_padding=1), {"x": rnd((2, 3, 4, 4), "float64")})
layer_case("ConvTranspose2d dilation 2 no bias", "ConvTranspose2d", [2, 2, 2, {"dilation": 2, "bias": False}], nn.ConvTranspose2d(2, 2, 2, dilation=2, bias=False), {"x": rnd((1, 2, 3, 3), "float64")})

layer_case("MaxPool2d 2", "MaxPool2d", [2], nn.MaxPool2d(2), {"x": rnd((2, 2, 6, 6), "float64")})
layer_case("MaxPool2d 3 stride 2 padding 1 ceilMode", "MaxPool2d", [3, {"stride": 2, "padding": 1, "ceilMode": True}], nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True), {"x": rnd((1, 2, 6, 6), "float32")}, "float32")
layer_case("MaxPool2d dilation 2", "MaxPool2d", [2, {"stride": 1, "dilation": 2}], nn.MaxPool2d(2, stride=1, dilation=2), {"x": rnd((1, 1, 5, 5), "float64")})
layer_case("AvgPool2d 2", "AvgPool2d", [2], nn.AvgPool2d(2), {"x": rnd((2, 2, 6, 6), "float64")})
layer_case("AvgPool2d 3 stride 2 padding 1 countIncludePad false", "AvgPool2d", [3, {"stride": 2, "padding": 1, "countIncludePad": False}], nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False), {"x": rnd((1, 2, 5, 5), "float64")})
layer_case("AvgPool2d 3 stride 2 padding 1 ceilMode", "AvgPool2d", [3, {"stride": 2, "padding": 1, "ceilMode": True}], nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True), {"x": rnd((1, 2, 6, 6), "float32")}, "float32")

for train in (True, False):
    mode = "train" if train else "eval"
    for dt in ("float64", "float32"):
        layer_case(f"BatchNorm1d {mode} {dt}", "BatchNorm1d", [3], nn.BatchNorm1d(3), {"x": rnd((5, 3), dt, 2.0)}, dt, train)
        layer_case(f"BatchNorm2d {mode} {dt}", "BatchNorm2d", [2], nn.BatchNorm2d(2), {"x": rnd((3, 2, 3, 3), dt, 2.0)}, dt, train)
    layer_case(f"BatchNorm1d 3-d input momentum 0.3 {mode}", "BatchNorm1d", [2, {"momentum": 0.3, "eps": 1e-3}], nn.BatchNorm1d(2, momentum=0.3, eps=1e-3), {"x": rnd((3, 2, 4), "float64")}, train=train)
layer_case("BatchNorm2d affine false train", "BatchNorm2d", [2, {"affine": False}], nn.BatchNorm2d(2, affine=False), {"x": rnd((2, 2, 2, 3), "float64")})
layer_case("BatchNorm1d trackRunningStats false eval", "BatchNorm1d", [3, {"trackRunningStats": False}], nn.BatchNorm1d(3, track_running_stats=False), {"x": rnd((4, 3), "float64")}, train=False)

layer_case("Dropout p=0 train", "Dropout", [0], nn.Dropout(0.0), {"x": rnd((3, 4), "float64")})
layer_case("Dropout p=0.5 eval", "Dropout", [0.5], nn.Dropout(0.5), {"x": rnd((3, 4), "float64")}, train=False)
layer_case("Flatten", "Flatten", [], nn.Flatten(), {"x": rnd((2, 3, 2, 2), "float64")})
layer_case("Flatten 0 1", "Flatten", [0, 1], nn.Flatten(0, 1), {"x": rnd((2, 3, 2), "float64")})
layer_case("Unflatten", "Unflatten", [1, [2, 3]], nn.Unflatten(1, (2, 3)), {"x": rnd((2, 6), "float64")})

emb_idx = torch.from_numpy(rng.randint(0, 6, size=(3, 4)))
emb_idx[0, 0] = 2
emb_idx[1, 1] = 2
for dt in ("float64", "float32"):
    layer_case(f"Embedding {dt}", "Embedding", [6, 3], nn.Embedding(6, 3), {"x": emb_idx}, dt)
layer_case("Embedding paddingIdx 2", "Embedding", [6, 3, {"paddingIdx": 2}], nn.Embedding(6, 3, padding_idx=2), {"x": emb_idx})

# Recurrent layers: [seq 4, batch 3, input 3] (or batch first), hidden 4.
RNN_TYPES = {"RNN": nn.RNN, "LSTM": nn.LSTM, "GRU": nn.GRU}
for type_, cls in RNN_TYPES.items():
    def rnn_inputs(dt, batch_first=False, layers=1, states=False, directions=1, batched=True):
        x_shape = ((3, 4, 3) if batch_first else (4, 3, 3)) if batched else (4, 3)
        inputs = {"x": rnd(x_shape, dt)}
        if states:
            h_shape = (layers * directions, 3, 4) if batched else (layers * directions, 4)
            inputs["h0"] = rnd(h_shape, dt, 0.5)
            if type_ == "LSTM":
                inputs["c0"] = rnd(h_shape, dt, 0.5)
        return inputs

    for dt in ("float64", "float32"):
        layer_case(f"{type_} {dt}", type_, [3, 4], cls(3, 4), rnn_inputs(dt), dt)
    layer_case(
        f"{type_} 2 layers batchFirst initial states",
        type_, [3, 4, {"numLayers": 2, "batchFirst": True}],
        cls(3, 4, num_layers=2, batch_first=True), rnn_inputs("float64", True, 2, True),
    )
    layer_case(
        f"{type_} 2 layers initial states float32",
        type_, [3, 4, {"numLayers": 2}],
        cls(3, 4, num_layers=2), rnn_inputs("float32", False, 2, True), "float32",
    )
    layer_case(
        f"{type_} 2 layers dropout 0.5 eval",
        type_, [3, 4, {"numLayers": 2, "dropout": 0.5}],
        cls(3, 4, num_layers=2, dropout=0.5), rnn_inputs("float64", False, 2, True), train=False,
    )
    layer_case(
        f"{type_} no bias",
        type_, [3, 4, {"bias": False}], cls(3, 4, bias=False), rnn_inputs("float64"),
    )
    layer_case(
        f"{type_} bidirectional 2 layers initial states",
        type_, [3, 4, {"numLayers": 2, "bidirectional": True}],
        cls(3, 4, num_layers=2, bidirectional=True), rnn_inputs("float64", False, 2, True, 2),
    )
    layer_case(
        f"{type_} unbatched initial states",
        type_, [3, 4], cls(3, 4), rnn_inputs("float64", states=True, batched=False),
    )
layer_case("RNN relu 2 layers", "RNN", [3, 4, {"numLayers": 2, "nonlinearity": "relu"}], nn.RNN(3, 4, num_layers=2, nonlinearity="relu"), {"x": rnd((4, 3, 3), "float64")})

# A longer sequence, as the labs use.
layer_case("LSTM 30 steps 2 layers batchFirst", "LSTM", [1, 5, {"numLayers": 2, "batchFirst": True}], nn.LSTM(1, 5, num_layers=2, batch_first=True), {"x": rnd((2, 30, 1), "float64")})

for dt in ("float64", "float32"):
    m = made_mask(4, 5)
    layer_case(f"MaskedLinear {dt}", "MaskedLinear", [5, 4], MaskedLinear(5, 4, m), {"x": rnd((3, 5), dt)}, dt)
for mt in ("A", "B"):
    layer_case(f"MaskedConv2d {mt}", "MaskedConv2d", [2, 3, 3, {"maskType": mt, "padding": 1}], MaskedConv2d(2, 3, 3, mt, padding=1), {"x": rnd((2, 2, 5, 5), "float64")})
layer_case("MaskedConv2d A 5x5 float32", "MaskedConv2d", [1, 2, 5, {"maskType": "A", "padding": 2}], MaskedConv2d(1, 2, 5, "A", padding=2), {"x": rnd((1, 1, 6, 6), "float32")}, "float32")

ACTIVATIONS = [
    ("ReLU", [], nn.ReLU()),
    ("LeakyReLU", [0.2], nn.LeakyReLU(0.2)),
    ("Tanh", [], nn.Tanh()),
    ("Sigmoid", [], nn.Sigmoid()),
    ("Softmax", [1], nn.Softmax(dim=1)),
    ("Softmax", [-1], nn.Softmax(dim=-1)),
    ("LogSoftmax", [1], nn.LogSoftmax(dim=1)),
    ("LogSoftmax", [0], nn.LogSoftmax(dim=0)),
    ("GELU", [], nn.GELU()),
    ("ELU", [], nn.ELU()),
    ("ELU", [0.5], nn.ELU(alpha=0.5)),
]
for type_, ctor, module in ACTIVATIONS:
    for dt in ("float64", "float32"):
        suffix = f" {ctor[0]}" if ctor else ""
        layer_case(f"{type_}{suffix} {dt}", type_, ctor, module, {"x": rnd((3, 4, 2), dt, 2.0)}, dt)

# ---------------------------------------------------------------- losses


def loss_case(name, type_, options, torch_options, x, target, dtype="float64", extra=None):
    """A loss with `options` (ours) / `torch_options`; `extra` holds weight / posWeight tensors."""
    extra = extra or {}
    leaf = x.clone().requires_grad_(True)
    kw = dict(torch_options)
    if "weight" in extra:
        kw["weight"] = extra["weight"]
    if "posWeight" in extra:
        kw["pos_weight"] = extra["posWeight"]
    module = getattr(nn, type_)(**kw)
    out = module(leaf, target)
    g = rnd(tuple(out.shape), dtype)
    (out * g).sum().backward()
    inputs = {"x": encode(x), "target": encode(target)}
    inputs.update({k: encode(v) for k, v in extra.items()})
    cases.append(
        {
            "name": name,
            "kind": "loss",
            "type": type_,
            "ctor": [options],
            "dtype": dtype,
            "train": True,
            "state": {},
            "inputs": inputs,
            "gradOutputs": {"out": encode(g)},
            "expected": {"out": encode(out), "grad.x": encode(leaf.grad)},
        }
    )


REDUCTIONS = ("mean", "sum", "none")
for red in REDUCTIONS:
    for dt in ("float64", "float32"):
        x, t = rnd((3, 4), dt), rnd((3, 4), dt)
        loss_case(f"MSELoss {red} {dt}", "MSELoss", red, {"reduction": red}, x, t, dt)
        loss_case(f"L1Loss {red} {dt}", "L1Loss", red, {"reduction": red}, x, t, dt)
    x, t = rnd((3, 4), "float64", 2.0), rnd((3, 4), "float64")
    loss_case(f"HuberLoss {red}", "HuberLoss", {"reduction": red}, {"reduction": red}, x, t)
    loss_case(f"HuberLoss delta 0.5 {red}", "HuberLoss", {"delta": 0.5, "reduction": red}, {"delta": 0.5, "reduction": red}, x, t)

    p, t = rnd((3, 4), "float64", lo=0.02, hi=0.98), rnd((3, 4), "float64", lo=0, hi=1)
    loss_case(f"BCELoss {red}", "BCELoss", {"reduction": red}, {"reduction": red}, p, t)
    loss_case(f"BCELoss weight {red}", "BCELoss", {"reduction": red}, {"reduction": red}, p, t, extra={"weight": rnd((4,), "float64", lo=0.5, hi=2)})
    x = rnd((3, 4), "float64", 2.0)
    loss_case(f"BCEWithLogitsLoss {red}", "BCEWithLogitsLoss", {"reduction": red}, {"reduction": red}, x, t)
    loss_case(f"BCEWithLogitsLoss posWeight {red}", "BCEWithLogitsLoss", {"reduction": red}, {"reduction": red}, x, t, extra={"posWeight": rnd((4,), "float64", lo=0.5, hi=3)})
    loss_case(f"BCEWithLogitsLoss weight posWeight {red}", "BCEWithLogitsLoss", {"reduction": red}, {"reduction": red}, x, t, extra={"weight": rnd((3, 1), "float64", lo=0.5, hi=2), "posWeight": rnd((4,), "float64", lo=0.5, hi=3)})

    for dims in ((5, 4), (2, 4, 2, 3)):
        dn = f"{len(dims)}-d"
        for dt in ("float64", "float32"):
            x = rnd(dims, dt, 2.0)
            t = torch.from_numpy(rng.randint(0, 4, size=(dims[0],) + dims[2:]))
            loss_case(f"CrossEntropyLoss {dn} {red} {dt}", "CrossEntropyLoss", {"reduction": red}, {"reduction": red}, x, t, dt)
            loss_case(f"NLLLoss {dn} {red} {dt}", "NLLLoss", {"reduction": red}, {"reduction": red}, torch.log_softmax(x, 1), t, dt)
        x = rnd(dims, "float64", 2.0)
        t = torch.from_numpy(rng.randint(0, 4, size=(dims[0],) + dims[2:]))
        t.view(-1)[1] = 2
        w = rnd((4,), "float64", lo=0.5, hi=2)
        opts = {"reduction": red}
        loss_case(f"CrossEntropyLoss {dn} weight {red}", "CrossEntropyLoss", opts, opts, x, t, extra={"weight": w})
        loss_case(f"NLLLoss {dn} weight ignoreIndex 2 {red}", "NLLLoss", {**opts, "ignoreIndex": 2}, {**opts, "ignore_index": 2}, torch.log_softmax(x, 1), t, extra={"weight": w})
        loss_case(f"CrossEntropyLoss {dn} ignoreIndex 2 {red}", "CrossEntropyLoss", {**opts, "ignoreIndex": 2}, {**opts, "ignore_index": 2}, x, t)
        loss_case(f"CrossEntropyLoss {dn} labelSmoothing 0.1 {red}", "CrossEntropyLoss", {**opts, "labelSmoothing": 0.1}, {**opts, "label_smoothing": 0.1}, x, t)
        loss_case(f"CrossEntropyLoss {dn} weight labelSmoothing 0.2 ignoreIndex 2 {red}", "CrossEntropyLoss", {**opts, "labelSmoothing": 0.2, "ignoreIndex": 2}, {**opts, "label_smoothing": 0.2, "ignore_index": 2}, x, t, extra={"weight": w})
        t_neg = t.clone()
        t_neg.view(-1)[0] = -1
        loss_case(f"CrossEntropyLoss {dn} ignoreIndex -1 {red}", "CrossEntropyLoss", {**opts, "ignoreIndex": -1}, {**opts, "ignore_index": -1}, x, t_neg)
        probs = torch.softmax(rnd(dims, "float64", 2.0), 1)
        probs = torch.from_numpy(np.round(probs.numpy(), 4))
        loss_case(f"CrossEntropyLoss {dn} probabilities {red}", "CrossEntropyLoss", opts, opts, x, probs)
        loss_case(f"CrossEntropyLoss {dn} probabilities weight labelSmoothing 0.1 {red}", "CrossEntropyLoss", {**opts, "labelSmoothing": 0.1}, {**opts, "label_smoothing": 0.1}, x, probs, extra={"weight": w})

# Targets of −100, PyTorch's default ignoreIndex, are skipped without any option.
x = rnd((5, 4), "float64", 2.0)
t = torch.from_numpy(rng.randint(0, 4, size=(5,)))
t[2] = -100
loss_case("CrossEntropyLoss default ignoreIndex -100 targets mean", "CrossEntropyLoss", {}, {}, x, t)
loss_case("NLLLoss default ignoreIndex -100 targets sum", "NLLLoss", {"reduction": "sum"}, {"reduction": "sum"}, torch.log_softmax(x, 1), t)

# ---------------------------------------------------------------- write

names = [c["name"] for c in cases]
dupes = {n for n in names if names.count(n) > 1}
assert not dupes, f"duplicate case names: {dupes}"
text = json.dumps({"torch": torch.__version__, "cases": cases}, separators=(",", ":"), allow_nan=False)
with open(OUT, "w") as f:
    f.write(text + "\n")
print(f"wrote {len(cases)} cases, {len(text) / 1e6:.2f} MB, to {os.path.relpath(OUT)} (torch {torch.__version__})")
