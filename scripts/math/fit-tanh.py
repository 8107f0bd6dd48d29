"""Fits the polynomial of the wasm backend's float32 tanh kernel (packages/tensor/src/wasm/math-kernels.ts).

tanh(x) ≈ x + x³·Q(x²) on |x| < 0.625, Q of degree 5, by weighted least squares at
Chebyshev nodes (weights make it the relative error of tanh that is minimised), then
checks the float32 Horner evaluation the kernel does against tanh in double precision.

    /usr/bin/python3 scripts/math/fit-tanh.py

prints the worst error in float32 ulps (0.76) and Q's coefficients, lowest first (the
kernel lists them highest first).
"""
import numpy as np

DEGREE = 5
EDGE = 0.625

k = np.arange(4000)
z = (np.cos(np.pi * (k + 0.5) / len(k)) + 1) / 2 * EDGE**2
x = np.sqrt(z)
target = (np.tanh(x) - x) / x**3
weight = x**3 / np.tanh(x)
coef, *_ = np.linalg.lstsq(np.vander(z, DEGREE + 1, increasing=True) * weight[:, None], target * weight, rcond=None)

c32 = coef.astype(np.float32)
xs = np.linspace(1e-4, EDGE, 200001).astype(np.float32)
zs = (xs * xs).astype(np.float32)
q = np.float32(c32[-1])
for c in c32[-2::-1]:
    q = (q * zs + c).astype(np.float32)
y = (xs + ((q * zs).astype(np.float32) * xs).astype(np.float32)).astype(np.float32)
exact = np.tanh(xs.astype(np.float64))
ulp = np.spacing(exact.astype(np.float32)).astype(np.float64)
print("worst error (float32 ulps):", float(np.max(np.abs(y.astype(np.float64) - exact) / ulp)))
print("Q, lowest first:", [float(c) for c in c32])
