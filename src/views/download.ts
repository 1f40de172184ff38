/** Saves bytes as a download: a blob: URL of this page, so nothing is sent anywhere. */
export function download(bytes: Uint8Array, fileName: string): void {
  const type = fileName.endsWith('.json') ? 'application/json' : fileName.endsWith('.csv') ? 'text/csv'
    : fileName.endsWith('.svg') ? 'image/svg+xml' : fileName.endsWith('.png') ? 'image/png'
    : fileName.endsWith('.gif') ? 'image/gif' : fileName.endsWith('.zip') ? 'application/zip' : 'application/octet-stream';
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
