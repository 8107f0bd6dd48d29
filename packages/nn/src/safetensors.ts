import { type DType, NDArray, type TypedArray } from '@gradlab/tensor';

/**
 * The safetensors format (readable by PyTorch's `safetensors` package): an
 * 8-byte little-endian header length, a JSON header mapping each name to its
 * dtype, shape and byte range, then the raw little-endian data.
 */
const CODES: Record<DType, string> = { float32: 'F32', float64: 'F64', int32: 'I32', bool: 'BOOL' };
const DTYPES: Record<string, DType> = {
  F32: 'float32',
  F64: 'float64',
  I32: 'int32',
  BOOL: 'bool',
};
const BYTES: Record<DType, number> = { float32: 4, float64: 8, int32: 4, bool: 1 };

export function encodeSafetensors(
  tensors: Record<string, NDArray>,
  metadata: Record<string, string> = {},
): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) header.__metadata__ = metadata;
  const parts: TypedArray[] = [];
  let offset = 0;
  for (const name of Object.keys(tensors).sort()) {
    const t = tensors[name]!;
    const data = t.dataSync();
    const bytes = data.length * BYTES[t.dtype];
    header[name] = {
      dtype: CODES[t.dtype],
      shape: [...t.shape],
      data_offsets: [offset, offset + bytes],
    };
    parts.push(data);
    offset += bytes;
  }
  let json = JSON.stringify(header);
  while ((json.length + 8) % 8 !== 0) json += ' ';
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const p of parts) {
    out.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), at);
    at += p.byteLength;
  }
  return out;
}

export function decodeSafetensors(
  bytes: Uint8Array,
  source = 'safetensors',
): { tensors: Record<string, NDArray>; metadata: Record<string, string> } {
  if (bytes.length < 8)
    throw new Error(`${source}: file is too short (${bytes.length} bytes) to be safetensors`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  if (n > bytes.length - 8)
    throw new Error(`${source}: header length ${n} exceeds the file size ${bytes.length}`);
  let header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
  } catch (e) {
    throw new Error(`${source}: header is not valid JSON (${(e as Error).message})`);
  }
  const body = bytes.subarray(8 + n);
  const tensors: Record<string, NDArray> = {};
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = entry as unknown as Record<string, string>;
      continue;
    }
    const dtype = DTYPES[entry.dtype];
    if (!dtype) throw new Error(`${source}: tensor '${name}' has unsupported dtype ${entry.dtype}`);
    const [begin, end] = entry.data_offsets;
    const count = entry.shape.reduce((a, b) => a * b, 1);
    if (end - begin !== count * BYTES[dtype] || end > body.length) {
      throw new Error(
        `${source}: tensor '${name}' byte range [${begin}, ${end}) does not fit shape [${entry.shape.join(', ')}] or the file`,
      );
    }
    const raw = new Uint8Array(body.subarray(begin, end)); // a copy: Buffer.slice would share the pool
    const data =
      dtype === 'float32'
        ? new Float32Array(raw.buffer)
        : dtype === 'float64'
          ? new Float64Array(raw.buffer)
          : dtype === 'int32'
            ? new Int32Array(raw.buffer)
            : new Uint8Array(raw.buffer);
    tensors[name] = NDArray.fromTypedArray(data, entry.shape);
  }
  return { tensors, metadata };
}
