/** Most decimals a price is shown with. */
const MAX_DECIMALS = 6;

const formatters = new Map<number, Intl.NumberFormat>();
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
  signDisplay: 'exceptZero',
});

/** Decimal places of `value` as printed (prices are exact multiples of a tick size). */
export function decimalsOf(value: number): number {
  const text = String(value);
  if (text.includes('e-')) return Math.min(MAX_DECIMALS, Number(text.split('e-')[1]));
  return Math.min(MAX_DECIMALS, text.split('.')[1]?.length ?? 0);
}

/** Digits after the point of a decimal string as the book sends it: `"101.50"` → 2. */
export function decimalPlaces(text: string): number {
  const point = text.indexOf('.');
  return point < 0 ? 0 : text.length - point - 1;
}

/** `value` with exactly `decimals` places and thousands separators. */
export function formatPrice(value: number, decimals: number): string {
  let format = formatters.get(decimals);
  if (!format) {
    format = new Intl.NumberFormat('en-US', {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    });
    formatters.set(decimals, format);
  }
  return format.format(value);
}

/** A signed price change with the row's decimals: `+1.25`, `−0.50`. */
export function formatChange(value: number, decimals: number): string {
  const text = formatPrice(Math.abs(value), decimals);
  if (value > 0) return `+${text}`;
  if (value < 0) return `\u2212${text}`;
  return text;
}

export function formatPercent(value: number): string {
  return `${percent.format(value).replace('-', '\u2212')}%`;
}

export function formatVolume(value: number): string {
  return compact.format(value);
}

/** A duration for humans: `850 ms`, `12 s`, `3 min`. */
export function formatAge(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${Math.floor(ms / 1000)} s`;
  return `${Math.floor(ms / 60_000)} min`;
}
