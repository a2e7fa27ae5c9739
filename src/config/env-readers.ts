/** Reads one variable from an environment, collecting problems instead of throwing. */
export class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Readonly<Record<string, string | undefined>>) {}

  /** An integer in `[min, max]`; `fallback` when unset or empty. */
  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
      this.problems.push(`${name}="${raw}": expected an integer in ${min}..${max}`);
      return fallback;
    }
    return value;
  }

  /** An optional integer in `[min, max]`; `undefined` when unset. */
  optionalInt(name: string, min: number, max: number): number | undefined {
    return this.raw(name) === undefined ? undefined : this.int(name, min, min, max);
  }

  /** `true`/`false` (also `1`/`0`, `yes`/`no`). */
  bool(name: string, fallback: boolean): boolean {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    const normalised = raw.toLowerCase();
    if (['true', '1', 'yes'].includes(normalised)) return true;
    if (['false', '0', 'no'].includes(normalised)) return false;
    this.problems.push(`${name}="${raw}": expected true or false`);
    return fallback;
  }

  /** One of `choices`. */
  oneOf<T extends string>(name: string, fallback: T, choices: readonly T[]): T {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    if ((choices as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name}="${raw}": expected one of ${choices.join(', ')}`);
    return fallback;
  }

  /** A comma-separated list, trimmed, empty items dropped; `undefined` when unset. */
  list(name: string): string[] | undefined {
    const raw = this.raw(name);
    if (raw === undefined) return undefined;
    return raw
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0);
  }

  /** Records a cross-field problem. */
  fail(problem: string): void {
    this.problems.push(problem);
  }

  private raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }
}
