// Numbers as a person reads them, the same in the panel, the CLI and the Markdown export.

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** `1536` → `1.5 KB` (1024-based, as VS Code shows file sizes). */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}

/** `2304` → `2,304`. */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** `0.4` → `40 %`. */
export function formatShare(share: number): string {
  return `${Math.round(share * 100)} %`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/**
 * A moment as "since when" reads it, in this machine's local time: `09:00` on the day of `nowMs`, else
 * `2026-11-30 09:00`. The extension words it in the user's locale instead (recommendationWording.ts).
 */
export function formatSince(sinceMs: number, nowMs: number): string {
  const since = new Date(sinceMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${since.getFullYear()}-${pad(since.getMonth() + 1)}-${pad(since.getDate())}`;
  const time = `${pad(since.getHours())}:${pad(since.getMinutes())}`;
  return sameLocalDay(sinceMs, nowMs) ? time : `${day} ${time}`;
}

export function sameLocalDay(aMs: number, bMs: number): boolean {
  return new Date(aMs).toDateString() === new Date(bMs).toDateString();
}
