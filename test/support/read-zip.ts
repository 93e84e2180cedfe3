// Reads a zip file's entries (names, Unix modes, contents) from its central directory, checking
// every CRC. Written for the tests of the Gradescope package so they unpack it the way unzip on
// Gradescope would, without depending on an unzip binary being installed.
import fs from 'node:fs';
import zlib from 'node:zlib';

export type ZipFileEntry = { name: string; mode: number; data: Buffer };

export function readZip(file: string): ZipFileEntry[] {
  const zip = fs.readFileSync(file);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error(`${file}: no end of central directory`);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: ZipFileEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: bad central header ${i}`);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const mode = (zip.readUInt32LE(at + 38) >>> 16) & 0o777;
    const offset = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const local = offset + 30 + zip.readUInt16LE(offset + 26) + zip.readUInt16LE(offset + 28);
    const raw = zip.subarray(local, local + compressedSize);
    const data = method === 8 ? zlib.inflateRawSync(raw) : method === 0 ? Buffer.from(raw) : null;
    if (!data) throw new Error(`${name}: compression method ${method}`);
    if (zlib.crc32(data) >>> 0 !== crc) throw new Error(`${name}: CRC mismatch`);
    entries.push({ name, mode, data });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
