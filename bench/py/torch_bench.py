#!/usr/bin/python3
"""PyTorch reference timings for gradlab's benchmarks.

bench/src/torch-reference.ts runs this with /usr/bin/python3 and writes the
cases as JSON on stdin (the same list our side times, see bench/src/cases.ts):

    {"threads": [1, 2], "cases": [{"id": ..., "kind": "matmul", "n": 512,
      "warmup": 1, "repeats": 5}, {"kind": "conv", "op": "forward", "x": [...],
      "w": [...], "padding": 2, ...}, {"kind": "train", "model": "mlp", ...},
      {"kind": "epoch", "files": {...}, ...}]}

It prints one JSON object on stdout: torch's version, its BLAS build line, the
BLAS library actually loaded, and for each thread count the result of each
case: median seconds for kernels, median seconds per step for "train" cases
(torch_train.py), and a dict for "epoch" cases. Float32 throughout. Kernel
timings take the warm-up and repeats of each case, raised to at least 3 and
11: torch's runs are short, so more of them cost little and steady the median.
"""

import json
import re
import sys
import time

import torch
import torch.nn.functional as F

from torch_train import epoch_case, train_case


def timed(fn, warmup, repeats):
    for _ in range(warmup):
        fn()
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    runs.sort()
    m = len(runs) // 2
    return runs[m] if len(runs) % 2 else (runs[m - 1] + runs[m]) / 2


def settle(seconds=0.7):
    """Keeps every thread busy for a while before timing: on the project's VMs an idle
    vCPU is slow to wake, and the first parallel calls after a thread-count change
    can take 10-100x longer than the steady state."""
    a = torch.randn(512, 512)
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        torch.mm(a, a)


def make(case):
    """Returns a no-argument function that runs the case once."""
    g = torch.Generator().manual_seed(1234)
    if case["kind"] == "matmul":
        n = case["n"]
        a = torch.randn(n, n, generator=g)
        b = torch.randn(n, n, generator=g)
        return lambda: torch.mm(a, b)
    x = torch.randn(*case["x"], generator=g)
    w = torch.randn(*case["w"], generator=g)
    n, _, h, wd = case["x"]
    grad_out = torch.randn(n, case["w"][0], h, wd, generator=g)
    p = case["padding"]
    op = case["op"]
    if op == "forward":
        return lambda: F.conv2d(x, w, padding=p)
    # The same backward kernels autograd calls, one gradient at a time.
    mask = [op == "backwardInput", op == "backwardWeight", False]
    return lambda: torch.ops.aten.convolution_backward(
        grad_out, x, w, None, [1, 1], [p, p], [1, 1], False, [0, 0], 1, mask
    )


def blas_library():
    """The BLAS shared library this process actually loaded (Linux only)."""
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "blas" in line.split()[-1].lower()}
        return ", ".join(sorted(libs)) or "none found in /proc/self/maps"
    except OSError:
        return "unknown"


def main():
    spec = json.load(sys.stdin)
    kernels = [c for c in spec["cases"] if c["kind"] in ("matmul", "conv")]
    with torch.no_grad():
        fns = {c["id"]: make(c) for c in kernels}
    results = {}
    actual_threads = {}
    for threads in spec["threads"]:
        torch.set_num_threads(threads)
        actual_threads[str(threads)] = torch.get_num_threads()
        settle()
        out = results[str(threads)] = {}
        for c in spec["cases"]:
            if c["kind"] == "train":
                out[c["id"]] = train_case(c)
            elif c["kind"] == "epoch":
                out[c["id"]] = epoch_case(c)
            else:
                with torch.no_grad():
                    out[c["id"]] = timed(fns[c["id"]], max(c["warmup"], 3), max(c["repeats"], 11))
    blas = re.findall(r"(?:BLAS|LAPACK)_INFO=[^,\s]*", torch.__config__.show())
    print(
        json.dumps(
            {
                "version": torch.__version__,
                "blasConfig": ", ".join(blas) or "no BLAS_INFO in torch.__config__.show()",
                "threads": actual_threads,
                "blasLibrary": blas_library(),
                "mkldnn": torch.backends.mkldnn.is_available(),
                "results": results,
            }
        )
    )


if __name__ == "__main__":
    main()
