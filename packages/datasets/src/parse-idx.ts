/** A parsed IDX file: its dimensions and its unsigned-byte payload (a view, not a copy). */
export interface IdxData {
  dims: number[];
  data: Uint8Array;
}

/**
 * Parses an IDX file of unsigned bytes (MNIST's format): a big-endian magic
 * `0x00 0x00 0x08 ndim`, then `ndim` uint32 sizes, then the bytes. Checks the
 * magic, the number of dimensions and that the payload size matches the header
 * exactly; errors name the loader and the file.
 */
export function parseIdx(
  bytes: Uint8Array,
  loader: string,
  path: string,
  expectedNdim: number,
  what: string,
): IdxData {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 4) {
    throw new Error(
      `${loader}: ${path} is truncated: ${bytes.length} bytes, not even an IDX header`,
    );
  }
  const magic = view.getUint32(0);
  const expectedMagic = 0x800 + expectedNdim;
  if (magic !== expectedMagic) {
    throw new Error(
      `${loader}: ${path} is not an IDX ${what} file: magic number 0x${hex(magic)}, expected 0x${hex(expectedMagic)} (unsigned bytes, ${expectedNdim} dimension${expectedNdim > 1 ? 's' : ''})`,
    );
  }
  const headerBytes = 4 + 4 * expectedNdim;
  if (bytes.length < headerBytes) {
    throw new Error(
      `${loader}: ${path} is truncated: ${bytes.length} bytes, shorter than its ${headerBytes}-byte IDX header`,
    );
  }
  const dims: number[] = [];
  for (let i = 0; i < expectedNdim; i++) dims.push(view.getUint32(4 + 4 * i));
  const payload = dims.reduce((a, b) => a * b, 1);
  const expectedTotal = headerBytes + payload;
  if (bytes.length !== expectedTotal) {
    const shape =
      expectedNdim === 3
        ? `${dims[0]} images of ${dims[1]}×${dims[2]}`
        : `${dims.join('×')} ${what}`;
    const kind = bytes.length < expectedTotal ? 'truncated' : 'too long';
    throw new Error(
      `${loader}: ${path} is ${kind}: header says ${shape} (${expectedTotal} bytes), file has ${bytes.length} bytes`,
    );
  }
  return { dims, data: bytes.subarray(headerBytes) };
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}
