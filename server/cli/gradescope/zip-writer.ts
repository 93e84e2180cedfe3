// A minimal zip writer (deflate, no zip64) for the Gradescope autograder package. No zip library
// is installed and the system `zip` is not guaranteed on a staff laptop or in CI, while Node ships
// deflate and CRC-32 in zlib; the format needed here (local headers, central directory, end
// record) is small and fixed. Entries carry Unix modes so `run_autograder` stays executable, and a
// fixed timestamp so the same sources give the same bytes (staff can diff two uploads).
import fs from 'node:fs';
import zlib from 'node:zlib';
import { ConfigError } from '../../core/errors.js';

export type ZipEntry = { name: string; data: Buffer; mode?: number };

// 1980-01-01 00:00 in MS-DOS format: the earliest date zip can hold, used for reproducibility.
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const UTF8_NAMES = 0x0800;
const LIMIT = 0xffff_ffff;

function localHeader(name: Buffer, crc: number, compressed: number, size: number): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(UTF8_NAMES, 6);
  header.writeUInt16LE(8, 8);
  header.writeUInt16LE(DOS_TIME, 10);
  header.writeUInt16LE(DOS_DATE, 12);
  header.writeUInt32LE(crc, 14);
  header.writeUInt32LE(compressed, 18);
  header.writeUInt32LE(size, 22);
  header.writeUInt16LE(name.length, 26);
  header.writeUInt16LE(0, 28);
  return Buffer.concat([header, name]);
}

function centralHeader(name: Buffer, crc: number, compressed: number, size: number, mode: number, offset: number): Buffer {
  const header = Buffer.alloc(46);
  header.writeUInt32LE(0x02014b50, 0);
  header.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so unzip applies the mode bits
  header.writeUInt16LE(20, 6);
  header.writeUInt16LE(UTF8_NAMES, 8);
  header.writeUInt16LE(8, 10);
  header.writeUInt16LE(DOS_TIME, 12);
  header.writeUInt16LE(DOS_DATE, 14);
  header.writeUInt32LE(crc, 16);
  header.writeUInt32LE(compressed, 20);
  header.writeUInt32LE(size, 24);
  header.writeUInt16LE(name.length, 28);
  header.writeUInt32LE(((0o100000 | mode) << 16) >>> 0, 38);
  header.writeUInt32LE(offset, 42);
  return Buffer.concat([header, name]);
}

/** Writes `entries` (in the given order) as a zip file at `file`, one entry in memory at a time. */
export function writeZip(file: string, entries: Iterable<ZipEntry>): { entries: number; bytes: number } {
  const fd = fs.openSync(file, 'w');
  const central: Buffer[] = [];
  let offset = 0;
  let count = 0;
  const write = (buffer: Buffer) => {
    fs.writeSync(fd, buffer);
    offset += buffer.length;
  };
  try {
    for (const entry of entries) {
      const name = Buffer.from(entry.name, 'utf8');
      const crc = zlib.crc32(entry.data) >>> 0;
      const compressed = zlib.deflateRawSync(entry.data, { level: 9 });
      if (entry.data.length >= LIMIT || compressed.length >= LIMIT || offset >= LIMIT) {
        throw new ConfigError(
          `${entry.name}: the package would pass 4 GB, which needs zip64 (not supported); leave large model files out and let setup.sh fetch them`,
        );
      }
      central.push(centralHeader(name, crc, compressed.length, entry.data.length, entry.mode ?? 0o644, offset));
      write(localHeader(name, crc, compressed.length, entry.data.length));
      write(compressed);
      count += 1;
    }
    if (count > 0xffff) throw new ConfigError('more than 65535 files in the package, which needs zip64 (not supported)');
    const directory = Buffer.concat(central);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(count, 8);
    end.writeUInt16LE(count, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(offset, 16);
    write(directory);
    write(end);
    return { entries: count, bytes: offset };
  } finally {
    fs.closeSync(fd);
  }
}
