import Compressor from 'compressorjs';

/**
 * Photos are shrunk on the phone before upload (longest side 1920 px, orientation fixed, EXIF kept
 * so the server can read the capture time). compressorjs works on the main thread: no worker from a
 * CDN. Anything it cannot read (HEIC on most browsers, PDFs) goes up as it is.
 */
export function compressPhoto(file: File): Promise<File> {
  if (!/^image\/(jpeg|png|webp)$/.test(file.type) || file.size < 300 * 1024) return Promise.resolve(file);
  return new Promise((resolve) => {
    new Compressor(file, {
      maxWidth: 1920,
      maxHeight: 1920,
      quality: 0.8,
      checkOrientation: true,
      retainExif: true,
      convertSize: 2_000_000,
      success: (blob) => {
        const name = file.name.replace(/\.(png|webp)$/i, blob.type === 'image/jpeg' ? '.jpg' : '.$1');
        resolve(blob.size < file.size ? new File([blob], name, { type: blob.type, lastModified: file.lastModified }) : file);
      },
      error: () => resolve(file),
    });
  });
}
