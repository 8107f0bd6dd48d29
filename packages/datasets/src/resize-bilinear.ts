/**
 * Resizes interleaved 8-bit pixels (`channels` per pixel) with bilinear
 * interpolation, sampling at pixel centres (PyTorch's `align_corners=False`).
 * Writes planar float output `[C, outH, outW]` in the 0..255 range into `out`
 * at `offset`, taking the first `outChannels` channels (1 = grey from RGB).
 */
export function resizeBilinear(
  src: Uint8Array,
  width: number,
  height: number,
  channels: number,
  outHeight: number,
  outWidth: number,
  outChannels: 1 | 3,
  out: Float32Array,
  offset: number,
): void {
  const sy = height / outHeight;
  const sx = width / outWidth;
  const plane = outHeight * outWidth;
  for (let y = 0; y < outHeight; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), height - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, height - 1);
    const wy = fy - y0;
    for (let x = 0; x < outWidth; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), width - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, width - 1);
      const wx = fx - x0;
      const p00 = (y0 * width + x0) * channels;
      const p01 = (y0 * width + x1) * channels;
      const p10 = (y1 * width + x0) * channels;
      const p11 = (y1 * width + x1) * channels;
      const sample = (c: number) =>
        (1 - wy) * ((1 - wx) * src[p00 + c]! + wx * src[p01 + c]!) +
        wy * ((1 - wx) * src[p10 + c]! + wx * src[p11 + c]!);
      const o = offset + y * outWidth + x;
      if (outChannels === 1) {
        // ITU-R 601 luma, as PIL's convert('L')
        out[o] = 0.299 * sample(0) + 0.587 * sample(1) + 0.114 * sample(2);
      } else {
        for (let c = 0; c < 3; c++) out[o + c * plane] = sample(c);
      }
    }
  }
}
