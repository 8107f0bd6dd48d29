#!/usr/bin/python3
"""Golden numbers for @gradlab/optim, computed with PyTorch 1.13.

Run from the repository root (Debian's python3-torch and python3-numpy):

    /usr/bin/python3 scripts/golden/optim.py

It writes scripts/golden/optim.json, which packages/optim/src/golden.test.ts
reads (the tests never need Python). Re-run it only when cases are added or
changed, and commit the JSON with the script. The problem's data come from a
seeded numpy RandomState rounded to 4 decimals, so the output is the same on
every run with the same torch.

The fixed problem: parameters w [3, 2], b [2] and `unused` [2] (never in the
loss, so its grad stays None and optimisers must skip it), inputs x [5, 3],
targets y [5, 2], and

    loss = mean((tanh(x @ w + b) - y) ** 2) + 0.05 * sum(w ** 4)

Each optimizer case runs 10 steps of: zero_grad, loss, backward, optional
clip_grad_norm_, optimizer.step(), optional scheduler.step(); it records the
loss before each step and every parameter after it. Options are written in
@gradlab/optim's camelCase names ("groups" lists per-group overrides with the
parameter names). Each scheduler case builds SGD with two groups (lrs 0.1 and
0.05) and records the lrs after construction and after every step
(ReduceLROnPlateau is fed "metrics", one per step).
"""

import json
import os
import re

import numpy as np
import torch

torch.set_num_threads(1)
rng = np.random.RandomState(20240612)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "optim.json")

STEPS = 10
SNAKE = {"tMax": "T_max", "etaMin": "eta_min"}


def snake(options):
    """camelCase option names to torch's snake_case keyword arguments."""
    out = {}
    for k, v in options.items():
        key = SNAKE.get(k, re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), k))
        out[key] = tuple(v) if k == "betas" else v
    return out


def q(shape, scale=1.0):
    return np.round(rng.uniform(-scale, scale, size=shape), 4)


PROBLEM = {
    "x": q((5, 3), 1.5),
    "y": q((5, 2), 0.9),
    "w": q((3, 2), 0.8),
    "b": q((2,), 0.3),
    "unused": q((2,), 1.0),
}
NAMES = ["w", "b", "unused"]

OPTIMIZERS = {
    "SGD": torch.optim.SGD,
    "RMSprop": torch.optim.RMSprop,
    "Adam": torch.optim.Adam,
    "AdamW": torch.optim.AdamW,
    "Adagrad": torch.optim.Adagrad,
}
SCHEDULERS = {
    "StepLR": torch.optim.lr_scheduler.StepLR,
    "ExponentialLR": torch.optim.lr_scheduler.ExponentialLR,
    "CosineAnnealingLR": torch.optim.lr_scheduler.CosineAnnealingLR,
    "ReduceLROnPlateau": torch.optim.lr_scheduler.ReduceLROnPlateau,
}


def loss_fn(p, x, y):
    pred = torch.tanh(x @ p["w"] + p["b"])
    return ((pred - y) ** 2).mean() + 0.05 * (p["w"] ** 4).sum()


def run_optimizer(case):
    dtype = getattr(torch, case["dtype"])
    p = {k: torch.tensor(PROBLEM[k], dtype=dtype, requires_grad=True) for k in NAMES}
    x = torch.tensor(PROBLEM["x"], dtype=dtype)
    y = torch.tensor(PROBLEM["y"], dtype=dtype)
    if case.get("groups"):
        params = [
            {**snake({k: v for k, v in g.items() if k != "params"}), "params": [p[n] for n in g["params"]]}
            for g in case["groups"]
        ]
    else:
        params = [p[n] for n in NAMES]
    opt = OPTIMIZERS[case["optimizer"]](params, **snake(case["options"]))
    sched = None
    if case.get("scheduler"):
        s = case["scheduler"]
        sched = SCHEDULERS[s["type"]](opt, **snake(s["options"]))
    steps = []
    for _ in range(STEPS):
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(p, x, y)
        loss.backward()
        if "clipGradNorm" in case:
            torch.nn.utils.clip_grad_norm_([p[n] for n in NAMES], case["clipGradNorm"])
        opt.step()
        if sched is not None:
            sched.step()
        rec = {"loss": loss.item()}
        for n in NAMES:
            rec[n] = p[n].detach().reshape(-1).tolist()
        steps.append(rec)
    return {**case, "steps": steps}


def run_scheduler(case):
    a = torch.zeros(2, requires_grad=True)
    b = torch.zeros(2, requires_grad=True)
    lrs = case["lrs"]
    opt = torch.optim.SGD([{"params": [a], "lr": lrs[0]}, {"params": [b], "lr": lrs[1]}], lr=lrs[0])
    sched = SCHEDULERS[case["scheduler"]](opt, **snake(case["options"]))
    current = lambda: [g["lr"] for g in opt.param_groups]  # noqa: E731
    expected = [current()]
    metrics = case.get("metrics")
    for i in range(case["steps"]):
        opt.step()
        if metrics is not None:
            sched.step(metrics[i])
        else:
            sched.step()
        expected.append(current())
    return {**case, "expected": expected}


def cases(dtype="float64"):
    def c(name, optimizer, options, **extra):
        return {"name": name, "optimizer": optimizer, "dtype": dtype, "options": options, **extra}

    return [
        c("SGD plain", "SGD", {"lr": 0.1}),
        c("SGD momentum", "SGD", {"lr": 0.1, "momentum": 0.9}),
        c("SGD momentum dampening", "SGD", {"lr": 0.1, "momentum": 0.9, "dampening": 0.5}),
        c("SGD nesterov", "SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True}),
        c("SGD weightDecay momentum", "SGD", {"lr": 0.1, "momentum": 0.5, "weightDecay": 0.1}),
        c("SGD maximize", "SGD", {"lr": 0.01, "maximize": True}),
        c("RMSprop plain", "RMSprop", {}),
        c("RMSprop momentum", "RMSprop", {"lr": 0.01, "momentum": 0.9}),
        c("RMSprop centered", "RMSprop", {"lr": 0.01, "centered": True}),
        c(
            "RMSprop centered momentum weightDecay",
            "RMSprop",
            {"lr": 0.005, "alpha": 0.9, "centered": True, "momentum": 0.5, "weightDecay": 0.1},
        ),
        c("Adam", "Adam", {"lr": 0.01}),
        c("Adam defaults", "Adam", {}),
        c("Adam amsgrad", "Adam", {"lr": 0.05, "amsgrad": True}),
        c("Adam weightDecay", "Adam", {"lr": 0.01, "weightDecay": 0.1, "betas": [0.8, 0.99]}),
        c("AdamW", "AdamW", {"lr": 0.01}),
        c("AdamW weightDecay amsgrad", "AdamW", {"lr": 0.05, "weightDecay": 0.1, "amsgrad": True}),
        c("Adagrad", "Adagrad", {"lr": 0.1}),
        c(
            "Adagrad lrDecay weightDecay initialAccumulatorValue",
            "Adagrad",
            {"lr": 0.1, "lrDecay": 0.1, "weightDecay": 0.05, "initialAccumulatorValue": 0.1},
        ),
        c(
            "SGD two param groups",
            "SGD",
            {"lr": 0.1, "momentum": 0.9},
            groups=[{"params": ["w"]}, {"params": ["b", "unused"], "lr": 0.01, "momentum": 0.5}],
        ),
        c(
            "Adam two param groups",
            "Adam",
            {"lr": 0.01},
            groups=[{"params": ["w", "unused"], "lr": 0.05, "amsgrad": True}, {"params": ["b"], "betas": [0.5, 0.9]}],
        ),
        c("SGD momentum clipGradNorm", "SGD", {"lr": 0.1, "momentum": 0.9}, clipGradNorm=0.2),
        c(
            "SGD momentum with StepLR",
            "SGD",
            {"lr": 0.1, "momentum": 0.9},
            scheduler={"type": "StepLR", "options": {"stepSize": 3, "gamma": 0.5}},
        ),
        c(
            "Adam with CosineAnnealingLR",
            "Adam",
            {"lr": 0.05},
            scheduler={"type": "CosineAnnealingLR", "options": {"tMax": 4, "etaMin": 0.001}},
        ),
    ]


def float32_cases():
    picked = {"SGD nesterov", "RMSprop centered momentum weightDecay", "Adam amsgrad", "AdamW", "Adagrad"}
    return [{**c, "name": c["name"] + " float32"} for c in cases("float32") if c["name"] in picked]


LOSSES = [1.0, 0.9, 0.85, 0.85, 0.86, 0.84, 0.84, 0.8399, 0.9, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.69, 0.69, 0.69]
ACCS = [0.5, 0.6, 0.605, 0.61, 0.7, 0.7, 0.69, 0.705, 0.72, 0.72, 0.72, 0.73, 0.73, 0.73, 0.74, 0.74, 0.74, 0.74]

SCHEDULER_CASES = [
    {"name": "StepLR stepSize 3 gamma 0.5", "scheduler": "StepLR", "options": {"stepSize": 3, "gamma": 0.5}, "steps": 15},
    {"name": "StepLR stepSize 1 default gamma", "scheduler": "StepLR", "options": {"stepSize": 1}, "steps": 15},
    {"name": "ExponentialLR gamma 0.9", "scheduler": "ExponentialLR", "options": {"gamma": 0.9}, "steps": 15},
    {
        "name": "CosineAnnealingLR tMax 10 etaMin 0.001 (past tMax)",
        "scheduler": "CosineAnnealingLR",
        "options": {"tMax": 10, "etaMin": 0.001},
        "steps": 25,
    },
    {"name": "CosineAnnealingLR tMax 4", "scheduler": "CosineAnnealingLR", "options": {"tMax": 4}, "steps": 15},
    {
        "name": "ReduceLROnPlateau min patience 2",
        "scheduler": "ReduceLROnPlateau",
        "options": {"patience": 2},
        "metrics": LOSSES,
        "steps": len(LOSSES),
    },
    {
        "name": "ReduceLROnPlateau min rel threshold 0.05 patience 0 cooldown 1 eps",
        "scheduler": "ReduceLROnPlateau",
        "options": {"patience": 0, "threshold": 0.05, "cooldown": 1, "factor": 0.5, "eps": 0.01},
        "metrics": LOSSES,
        "steps": len(LOSSES),
    },
    {
        "name": "ReduceLROnPlateau max abs cooldown minLr per group",
        "scheduler": "ReduceLROnPlateau",
        "options": {
            "mode": "max",
            "thresholdMode": "abs",
            "threshold": 0.01,
            "patience": 1,
            "cooldown": 2,
            "factor": 0.5,
            "minLr": [0.02, 0.01],
        },
        "metrics": ACCS,
        "steps": len(ACCS),
    },
]
for s in SCHEDULER_CASES:
    s["lrs"] = [0.1, 0.05]


def main():
    out = {
        "torch": torch.__version__,
        "problem": {k: v.tolist() for k, v in PROBLEM.items()},
        "optimizers": [run_optimizer(c) for c in cases() + float32_cases()],
        "schedulers": [run_scheduler(c) for c in SCHEDULER_CASES],
    }
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"wrote {OUT}: {len(out['optimizers'])} optimizer cases, {len(out['schedulers'])} scheduler cases")


if __name__ == "__main__":
    main()
