// Reads the files inside a ZIP archive (DfE's "download all data" release) with Node's zlib: stored and
// deflated entries, which is what DfE's releases use. No extraction to disk.

import { inflateRawSync } from "node:zlib";
import { DataError } from "../sources/problems.js";

export interface ZipEntry {
  name: string;
  bytes: () => Uint8Array;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

export function readZip(buffer: Uint8Array, fileName: string): ZipEntry[] {
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  let end = -1;
  for (let offset = buffer.length - 22; offset >= Math.max(0, buffer.length - 65_557); offset--) {
    if (view.getUint32(offset, true) === END_OF_CENTRAL_DIRECTORY) {
      end = offset;
      break;
    }
  }
  if (end < 0) throw new DataError(`${fileName} is not a ZIP archive (no central directory found)`);
  const count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  const entries: ZipEntry[] = [];
  for (let index = 0; index < count; index++) {
    if (view.getUint32(offset, true) !== CENTRAL_FILE_HEADER) throw new DataError(`${fileName}: damaged ZIP directory at entry ${index + 1}`);
    const method = view.getUint16(offset + 10, true);
    const compressedSize = view.getUint32(offset + 20, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const localOffset = view.getUint32(offset + 42, true);
    const name = new TextDecoder().decode(buffer.subarray(offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith("/")) continue;
    entries.push({
      name,
      bytes: () => {
        if (view.getUint32(localOffset, true) !== LOCAL_FILE_HEADER) throw new DataError(`${fileName}: damaged ZIP entry ${name}`);
        const start = localOffset + 30 + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true);
        const data = buffer.subarray(start, start + compressedSize);
        if (method === 0) return data;
        if (method === 8) return new Uint8Array(inflateRawSync(data));
        throw new DataError(`${fileName}: ${name} uses ZIP compression method ${method}, which this reader does not support`);
      },
    });
  }
  return entries;
}
