import { Injectable, type PipeTransform } from '@nestjs/common';
import { isValidSymbol } from '../market/symbol.js';
import { invalidSymbols } from './symbol-list.pipe.js';

/**
 * The `:symbol` path parameter, as Express decoded it (`EUR%2FUSD` is
 * `EUR/USD`): 400 `INVALID_SYMBOL` unless it is a well-formed symbol.
 * Undecodable percent-encoding never gets here: Express refuses it with 400
 * and `RestErrorFilter` gives that the REST error body.
 */
@Injectable()
export class SymbolParamPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (typeof value === 'string' && isValidSymbol(value)) return value;
    throw invalidSymbols([typeof value === 'string' ? value : String(value)]);
  }
}
