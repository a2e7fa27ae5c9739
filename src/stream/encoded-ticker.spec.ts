import { encodeTicker, updateFrame, type EncodedTicker } from './encoded-ticker.js';

function piece(symbol: string, json: string): EncodedTicker {
  return { symbol, seq: 1, json, bytes: Buffer.byteLength(json) };
}

describe('encoded tickers', () => {
  it('measures each ticker once, in UTF-8 bytes', () => {
    const encoded = encodeTicker({
      symbol: 'AAPL',
      seq: 1,
      ts: 1,
      bid: 1,
      ask: 2,
      last: 1.5,
      lastSize: 1,
      open: 1,
      high: 2,
      low: 1,
      volume: 1,
      change: 0,
      changePct: 0,
    });
    expect(encoded.bytes).toBe(Buffer.byteLength(encoded.json));
  });

  it("sums an update frame's size from its pieces, exactly", () => {
    const pieces = [piece('A', '{"s":"é"}'), piece('B', '{"s":"€"}'), piece('C', '{}')];
    const frame = updateFrame(pieces);
    expect(JSON.parse(frame.text)).toEqual({
      type: 'update',
      channel: 'ticker',
      data: [{ s: 'é' }, { s: '€' }, {}],
    });
    expect(frame.bytes).toBe(Buffer.byteLength(frame.text));
    expect(updateFrame([]).bytes).toBe(Buffer.byteLength(updateFrame([]).text));
  });
});
