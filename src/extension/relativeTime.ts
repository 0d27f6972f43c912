// Short relative times for tree descriptions ("3 h", "2 d") and absolute ones for tooltips.

const UNITS: ReadonlyArray<[seconds: number, name: string]> = [
  [365 * 86400, 'y'],
  [30 * 86400, 'mo'],
  [86400, 'd'],
  [3600, 'h'],
  [60, 'min'],
];

/** A duration in seconds as the largest whole unit: 10800 → "3 h"; under a minute → "< 1 min". */
export function formatDuration(seconds: number): string {
  const abs = Math.abs(seconds);
  for (const [size, name] of UNITS) {
    if (abs >= size) return `${Math.floor(abs / size)} ${name}`;
  }
  return '< 1 min';
}

/** Unix seconds as a local date and time, e.g. "2026-11-25 14:03:12". */
export function formatTimestamp(seconds: number): string {
  const date = new Date(seconds * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}
