// Numbers for people: counts with thousands separators and byte sizes.

const numberFormat = new Intl.NumberFormat('en');

/** A count with separators, e.g. 12 000 → "12,000". */
export const fmt = (n) => numberFormat.format(n);

/** A byte size in bytes, KiB or MiB. */
export function formatBytes(n) {
  if (n >= 1048576) return (n / 1048576).toFixed(n % 1048576 ? 1 : 0) + ' MiB';
  if (n >= 1024) return Math.round(n / 1024) + ' KiB';
  return n + ' bytes';
}
