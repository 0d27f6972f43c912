// Durations as a user types them for Set Expiry…: a whole number and one unit, `90s`, `15m`, `2h`, `3d`. Pure.

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };
const DURATION = /^(\d+)\s*([smhd])$/;

/** Why a duration is refused; the command words each one (localised). */
export type DurationProblem = 'empty' | 'negative' | 'notDuration' | 'zero' | 'tooLong';

export type DurationParse = { seconds: number } | { problem: DurationProblem };

export function parseDuration(input: string): DurationParse {
  const text = input.trim().toLowerCase();
  if (text === '') return { problem: 'empty' };
  if (text.startsWith('-')) return { problem: 'negative' };
  const match = DURATION.exec(text);
  if (!match) return { problem: 'notDuration' };
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2]!]!;
  if (seconds === 0) return { problem: 'zero' };
  if (!Number.isSafeInteger(seconds)) return { problem: 'tooLong' };
  return { seconds };
}

/** A duration in the largest whole unit: 3600 → `1h`, 90 → `90s`. */
export function formatDuration(seconds: number): string {
  for (const unit of ['d', 'h', 'm'] as const) {
    if (seconds >= UNIT_SECONDS[unit]! && seconds % UNIT_SECONDS[unit]! === 0) return `${seconds / UNIT_SECONDS[unit]!}${unit}`;
  }
  return `${seconds}s`;
}
