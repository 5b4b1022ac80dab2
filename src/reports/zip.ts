/**
 * A minimal ZIP writer over Node's zlib (deflate and CRC-32 in native code), for the XLSX 台账:
 * JavaScript deflate spent most of the render time on 40 MB of sheet XML. No ZIP64 (entries and
 * archive stay far below 4 GB), a fixed 1980-01-01 timestamp so the same report gives the same bytes.
 */
import { once } from 'node:events';
import zlib from 'node:zlib';

export interface Deflated {
  data: Buffer;
  crc: number;
  size: number;
}

export type ZipEntry = { name: string; data: Buffer; /** deflate level 0–9 */ level?: number } | { name: string; deflated: Deflated };

/**
 * Deflates an entry as it is produced (in zlib's thread, while the caller builds the next chunk),
 * so the uncompressed text never has to be held whole.
 */
export function deflater(level: number): { push(chunk: Buffer): Promise<void>; end(): Promise<Deflated> } {
  const stream = zlib.createDeflateRaw({ level });
  const out: Buffer[] = [];
  let crc = 0;
  let size = 0;
  stream.on('data', (b: Buffer) => out.push(b));
  const ended = once(stream, 'end');
  return {
    async push(chunk) {
      crc = zlib.crc32(chunk, crc);
      size += chunk.length;
      if (!stream.write(chunk)) await once(stream, 'drain');
    },
    async end() {
      stream.end();
      await ended;
      return { data: Buffer.concat(out), crc, size };
    },
  };
}

const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01
const DOS_TIME = 0;
const UTF8_NAMES = 0x0800;

export async function zip(entries: ZipEntry[]): Promise<Buffer> {
  const out: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  const deflated = await Promise.all(
    entries.map((e) =>
      'deflated' in e
        ? e.deflated
        : new Promise<Deflated>((res, rej) => zlib.deflateRaw(e.data, { level: e.level ?? 6 }, (err, b) => (err ? rej(err) : res({ data: b, crc: zlib.crc32(e.data), size: e.data.length })))),
    ),
  );
  entries.forEach((e, i) => {
    const name = Buffer.from(e.name, 'utf8');
    const { data, crc, size } = deflated[i];
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(UTF8_NAMES, 8);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt16LE(DOS_TIME, 12);
    dir.writeUInt16LE(DOS_DATE, 14);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(data.length, 20);
    dir.writeUInt32LE(size, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    central.push(dir, name);
    out.push(local, name, data);
    offset += local.length + name.length + data.length;
  });
  const dirSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...out, ...central, end]);
}
