import { HttpStatus, Injectable } from '@nestjs/common';
import type { Principal } from '../auth/index.js';
import { ServedChannels } from '../gateway/served-channels.js';
import { SymbolDirectory } from '../gateway/symbol-directory.js';
import type { Channel } from '../protocol/messages.js';
import { restError, RestErrorCode } from './rest-error.js';

/**
 * Who may read what on the trades, candles and book routes — the stream's rules:
 * the channel must be served by this instance (404 `NOT_FOUND` otherwise, as the
 * stream answers `UNKNOWN_CHANNEL`), the symbol known (404 `UNKNOWN_SYMBOL`: it
 * has a price or the source lists it, as for a subscribe) and within the
 * principal's entitlements (403 `FORBIDDEN`).
 */
@Injectable()
export class ChannelAccess {
  constructor(
    private readonly served: ServedChannels,
    private readonly directory: SymbolDirectory,
  ) {}

  assertReadable(channel: Channel, symbol: string, principal: Principal): void {
    if (!this.served.has(channel)) {
      throw restError(
        HttpStatus.NOT_FOUND,
        RestErrorCode.NOT_FOUND,
        `This server does not serve the ${channel} channel (it serves ${this.served.list.join(', ')})`,
      );
    }
    if (!this.directory.isKnown(symbol)) {
      throw restError(HttpStatus.NOT_FOUND, RestErrorCode.UNKNOWN_SYMBOL, 'Unknown symbols', [
        symbol,
      ]);
    }
    if (!principal.entitlements.allows(symbol)) {
      throw restError(HttpStatus.FORBIDDEN, RestErrorCode.FORBIDDEN, 'Not entitled to symbols', [
        symbol,
      ]);
    }
  }
}

/**
 * A symbol with an unencoded `/` (`/v1/trades/EUR/USD`) arrives as several path
 * segments: say how to write it instead of a bare "no such route".
 */
export function unencodedSlash(route: string): never {
  throw restError(
    HttpStatus.BAD_REQUEST,
    RestErrorCode.INVALID_SYMBOL,
    `A symbol is one path segment: URL-encode "/" as %2F (/v1/${route}/EUR%2FUSD)`,
  );
}
