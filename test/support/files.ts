import { randomBytes } from 'node:crypto';
import { Document, Packer, Paragraph } from 'docx';

/** Small real files, built here, so type detection runs on true content. */
export function jpeg(extra = 16): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
  const com = Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, extra + 2]), randomBytes(extra)]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, com, Buffer.from([0xff, 0xd9])]);
}

export function bigJpeg(bytes: number): Buffer {
  const head = jpeg();
  return Buffer.concat([head.subarray(0, head.length - 2), Buffer.alloc(bytes - head.length), Buffer.from([0xff, 0xd9])]);
}

export function png(): Buffer {
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const ihdr = Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex');
  const iend = Buffer.from('0000000049454e44ae426082', 'hex');
  return Buffer.concat([sig, ihdr, iend]);
}

export function pdf(text = '会议记录'): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% ${text} ${randomBytes(4).toString('hex')}\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
  );
}

export async function docx(text: string): Promise<Buffer> {
  return Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph(text)] }] }));
}

/** An ISO-BMFF ftyp box with brand heic, as phones write. */
export function heic(): Buffer {
  const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.from([0, 0, 0, 0]), Buffer.from('mif1heic')]);
  return Buffer.concat([ftyp, Buffer.from([0, 0, 0, 0x10]), Buffer.from('meta'), randomBytes(8)]);
}

/** A Windows executable header (MZ … PE). */
export function exe(): Buffer {
  const b = Buffer.alloc(256);
  b.write('MZ', 0);
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  return b;
}

/** An OLE compound file header (legacy .doc / .xls). */
export function ole(): Buffer {
  const b = Buffer.alloc(1024);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(b, 0);
  return b;
}

/**
 * A tiny JPEG carrying an EXIF APP1 segment written by hand: IFD0 points to an Exif IFD holding
 * DateTimeOriginal ("YYYY:MM:DD HH:MM:SS", the camera's local time, no zone), big-endian TIFF.
 */
export function jpegWithExif(dateTimeOriginal: string): Buffer {
  const tiff = Buffer.alloc(64);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4); // IFD0 at 8
  tiff.writeUInt16BE(1, 8); // one entry: ExifIFDPointer
  tiff.writeUInt16BE(0x8769, 10);
  tiff.writeUInt16BE(4, 12); // LONG
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt32BE(26, 18); // Exif IFD at 26
  tiff.writeUInt32BE(0, 22); // no next IFD
  tiff.writeUInt16BE(1, 26); // one entry: DateTimeOriginal
  tiff.writeUInt16BE(0x9003, 28);
  tiff.writeUInt16BE(2, 30); // ASCII
  tiff.writeUInt32BE(20, 32);
  tiff.writeUInt32BE(44, 36); // value at 44
  tiff.writeUInt32BE(0, 40);
  tiff.write(dateTimeOriginal.padEnd(19).slice(0, 19) + '\0', 44, 'latin1');
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1]), Buffer.from([(body.length + 2) >> 8, (body.length + 2) & 0xff]), body]);
  const plain = jpeg();
  return Buffer.concat([plain.subarray(0, 2), app1, plain.subarray(2)]);
}
