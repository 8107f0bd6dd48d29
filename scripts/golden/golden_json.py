"""Number and dtype encoding shared by the golden scripts in this folder.

The TypeScript tests read the JSON back with test-support/golden-json.ts:
numbers stay numbers, non-finite values become the strings "NaN",
"Infinity" and "-Infinity", and dtypes use gradlab's names.
"""

import math

import numpy as np
import torch

# torch and numpy dtypes under gradlab's names (int64 indices become int32).
DTYPE_NAMES = {
    torch.float32: "float32",
    torch.float64: "float64",
    torch.int32: "int32",
    torch.int64: "int32",
    torch.bool: "bool",
    np.dtype("float32"): "float32",
    np.dtype("float64"): "float64",
    np.dtype("int32"): "int32",
    np.dtype("int64"): "int32",
    np.dtype("bool"): "bool",
}


def num(v, digits):
    """A value rounded to `digits` significant digits, or a string for NaN and infinities."""
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return float(f"{v:.{digits}g}")


def our_dtype(dtype):
    return DTYPE_NAMES[dtype]
