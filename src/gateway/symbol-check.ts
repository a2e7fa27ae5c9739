import { isValidSymbol, WILDCARD_SYMBOL } from '../market/symbol.js';
import { ErrorCode } from '../protocol/error-codes.js';
import type { SymbolProblem } from '../protocol/messages.js';
import type { Entitlements } from '../auth/index.js';
import { ProtocolError } from './protocol-error.js';

/** Precedence when one request has symbols failing for different reasons. */
const SYMBOL_ERROR_ORDER = [
  ErrorCode.INVALID_SYMBOL,
  ErrorCode.UNKNOWN_SYMBOL,
  ErrorCode.FORBIDDEN,
] as const;

const MESSAGES: Record<(typeof SYMBOL_ERROR_ORDER)[number], string> = {
  INVALID_SYMBOL: 'Symbols must match ^[A-Z0-9][A-Z0-9._:/-]{0,31}$ (upper case)',
  UNKNOWN_SYMBOL: 'Unknown symbols',
  FORBIDDEN: 'Not entitled to symbols',
};

/** Removes duplicates, keeping the first occurrence's position. */
export function uniqueSymbols(symbols: readonly string[]): string[] {
  return [...new Set(symbols)];
}

/**
 * Checks every symbol of a request and throws one error naming all offending
 * symbols, so a request is applied whole or not at all. The code is the most
 * basic failure present; `details` gives each symbol's own reason when they differ.
 */
export function assertSymbolsAllowed(
  symbols: readonly string[],
  isKnown: (symbol: string) => boolean,
  entitlements: Entitlements,
): void {
  const problems: SymbolProblem[] = [];
  for (const symbol of symbols) {
    const code = problemOf(symbol, isKnown, entitlements);
    if (code) problems.push({ symbol, code });
  }
  if (problems.length === 0) return;
  const code = SYMBOL_ERROR_ORDER.find((c) => problems.some((p) => p.code === c))!;
  const mixed = problems.some((p) => p.code !== code);
  throw new ProtocolError(code, `${MESSAGES[code]}: ${problems.map((p) => p.symbol).join(', ')}`, {
    symbols: problems.map((p) => p.symbol),
    ...(mixed ? { details: problems } : {}),
  });
}

/** Checks symbol format only (for unsubscribe, where unknown symbols are fine). */
export function assertSymbolsWellFormed(symbols: readonly string[]): void {
  const invalid = symbols.filter((s) => s !== WILDCARD_SYMBOL && !isValidSymbol(s));
  if (invalid.length > 0) {
    throw new ProtocolError(
      ErrorCode.INVALID_SYMBOL,
      `${MESSAGES.INVALID_SYMBOL}: ${invalid.join(', ')}`,
      {
        symbols: invalid,
      },
    );
  }
}

function problemOf(
  symbol: string,
  isKnown: (symbol: string) => boolean,
  entitlements: Entitlements,
): SymbolProblem['code'] | undefined {
  if (symbol === WILDCARD_SYMBOL) return entitlements.wildcard ? undefined : ErrorCode.FORBIDDEN;
  if (!isValidSymbol(symbol)) return ErrorCode.INVALID_SYMBOL;
  if (!isKnown(symbol)) return ErrorCode.UNKNOWN_SYMBOL;
  return entitlements.allows(symbol) ? undefined : ErrorCode.FORBIDDEN;
}
