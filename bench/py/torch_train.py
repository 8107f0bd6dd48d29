"""Training benchmarks for torch_bench.py: the same models, optimisers and batch
sizes as bench/src/ours-models.ts and bench/src/ours-epoch.ts, timed the same
way (bench/src/timing.ts `throughput`: warm-up, then the median of chunks)."""

import gzip
import time

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F


def build_model(name):
    if name == "mlp":
        return nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    if name == "mnist-mlp":
        return nn.Sequential(
            nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 10)
        )
    if name == "xor":
        return nn.Sequential(nn.Linear(2, 4), nn.Sigmoid(), nn.Linear(4, 1), nn.Sigmoid())
    if name == "lstm":  # LABS.md lstm-weather
        return StackedLstm()
    if name == "cnn":  # LABS.md mnist-cnn-bn

        def block(cin, cout):
            return [nn.Conv2d(cin, cout, 5, padding="same"), nn.BatchNorm2d(cout), nn.ReLU(), nn.AvgPool2d(2)]

        return nn.Sequential(
            *block(1, 32), *block(32, 32), *block(32, 64), nn.Flatten(),
            nn.Linear(576, 64), nn.BatchNorm1d(64), nn.ReLU(), nn.Linear(64, 10),
        )
    raise ValueError(f"unknown model {name}")


class StackedLstm(nn.Module):
    """Two stacked LSTMs (50), batch first, then Dense 25 and Dense 1 on the last step."""

    def __init__(self):
        super().__init__()
        self.recurrent = nn.LSTM(1, 50, num_layers=2, batch_first=True)
        self.head = nn.Sequential(nn.Linear(50, 25), nn.Linear(25, 1))

    def forward(self, x):
        out, _ = self.recurrent(x)
        return self.head(out[:, -1])


LSTM_STEPS = 60


def build_optimizer(name, model, lr):
    if name == "sgd":
        return torch.optim.SGD(model.parameters(), lr=lr)
    return torch.optim.Adam(model.parameters(), lr=lr)


def throughput(step, budget):
    """Median seconds per step, as bench/src/timing.ts `throughput` measures it."""
    t0 = last = time.perf_counter()
    n = 0
    last_step = 0.0
    while n < budget["minWarmup"] or last - t0 < budget["warmupSeconds"]:
        step()
        n += 1
        t = time.perf_counter()
        last_step = t - last
        last = t
    per_step = min((last - t0) / n, last_step * 1.5) if n > 2 else last_step
    steps = max(1, round(budget["seconds"] / budget["chunks"] / per_step))
    runs = []
    for _ in range(budget["chunks"]):
        t0 = time.perf_counter()
        for _ in range(steps):
            step()
        runs.append((time.perf_counter() - t0) / steps)
    runs.sort()
    m = len(runs) // 2
    return runs[m] if len(runs) % 2 else (runs[m - 1] + runs[m]) / 2


def train_case(case):
    """Seconds per training step on random data of the right shapes."""
    torch.manual_seed(1234)
    model = build_model(case["model"])
    model.train()
    opt = build_optimizer(case["optimizer"], model, case["lr"])
    b = case["batch"]
    if case["model"] == "xor":
        x = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
        y = torch.tensor([[0.0], [1.0], [1.0], [0.0]])
        loss_fn = F.mse_loss
    elif case["model"] == "lstm":
        x = torch.randn(b, LSTM_STEPS, 1)
        y = torch.randn(b, 1)
        loss_fn = F.mse_loss
    else:
        x = torch.randn(b, 784) if case["model"] == "mlp" else torch.randn(b, 1, 28, 28)
        y = torch.randint(0, 10, (b,))
        loss_fn = F.cross_entropy

    def step():
        opt.zero_grad()
        loss_fn(model(x), y).backward()
        opt.step()

    return throughput(step, case["budget"])


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load_split(images, labels):
    x = torch.from_numpy(read_idx(images).reshape(-1, 784).astype(np.float32) / 255.0 * 2.0 - 1.0)
    return x, torch.from_numpy(read_idx(labels).astype(np.int64))


_loaded = {}


def load_mnist(files):
    """The four IDX files as [-1, 1] float tensors, read once per process."""
    key = tuple(sorted(files.items()))
    if key not in _loaded:
        t0 = time.perf_counter()
        train = load_split(files["trainImages"], files["trainLabels"])
        test = load_split(files["testImages"], files["testLabels"])
        _loaded[key] = (train, test, time.perf_counter() - t0)
    return _loaded[key]


def epoch_case(case):
    """One epoch of mnist-mlp (784-128-64-10, Adam) on real MNIST, shuffled batches."""
    (x_train, y_train), (x_test, y_test), load_seconds = load_mnist(case["files"])
    if case.get("limit"):
        x_train, y_train = x_train[: case["limit"]], y_train[: case["limit"]]
    b = case["batch"]

    def run(limit):
        torch.manual_seed(case["seed"])
        model = build_model("mnist-mlp")
        model.train()
        opt = build_optimizer("adam", model, case["lr"])
        order = torch.randperm(len(x_train))
        total, batches = 0.0, 0
        for start in range(0, len(x_train), b):
            if batches == limit:
                break
            idx = order[start : start + b]
            opt.zero_grad()
            loss = F.cross_entropy(model(x_train[idx]), y_train[idx])
            loss.backward()
            opt.step()
            total += loss.item()
            batches += 1
        return model, total / batches

    run(case["warmupSteps"])
    t1 = time.perf_counter()
    model, train_loss = run(None)
    seconds = time.perf_counter() - t1
    model.eval()
    with torch.no_grad():
        correct = (model(x_test).argmax(1) == y_test).sum().item()
    return {
        "seconds": seconds,
        "loadSeconds": load_seconds,
        "trainLoss": train_loss,
        "testAccuracy": correct / len(y_test),
    }
