/** A size for people, in the units `automl profile` uses: B, KiB, MiB, GiB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GiB`;
}

/** A data source's size for people: "2.5 MiB", or "14.9 MiB uncompressed, 3.1 MiB gzip". */
export function formatSourceSize(source: { readonly bytes: number; readonly compressedBytes?: number }): string {
  const size = formatBytes(source.bytes);
  return source.compressedBytes === undefined ? size : `${size} uncompressed, ${formatBytes(source.compressedBytes)} gzip`;
}
