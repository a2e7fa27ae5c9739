const MS_PER_DAY = 86_400_000;

/** The trading session a timestamp belongs to: the UTC calendar day, as a day number. */
export function sessionDayOf(epochMs: number): number {
  return Math.floor(epochMs / MS_PER_DAY);
}
