import type { Instrument } from './instrument.js';
import type { RandomFn } from './seeded-random.js';

/* Listed names, so the demo board looks like a real market. Prices are rough levels. */
const EQUITIES: ReadonlyArray<readonly [string, number]> = [
  ['AAPL', 189],
  ['MSFT', 415],
  ['NVDA', 880],
  ['AMZN', 178],
  ['GOOGL', 152],
  ['META', 495],
  ['TSLA', 175],
  ['BRK.B', 408],
  ['JPM', 198],
  ['V', 276],
  ['UNH', 489],
  ['XOM', 118],
  ['JNJ', 152],
  ['MA', 462],
  ['PG', 161],
  ['HD', 345],
  ['AVGO', 1320],
  ['CVX', 158],
  ['MRK', 128],
  ['ABBV', 170],
  ['COST', 725],
  ['PEP', 168],
  ['KO', 60],
  ['ADBE', 505],
  ['WMT', 60],
  ['BAC', 37],
  ['CRM', 300],
  ['MCD', 270],
  ['CSCO', 49],
  ['ACN', 330],
  ['TMO', 575],
  ['LIN', 460],
  ['ABT', 108],
  ['NFLX', 610],
  ['AMD', 160],
  ['DHR', 245],
  ['ORCL', 125],
  ['DIS', 112],
  ['WFC', 57],
  ['TXN', 172],
  ['PM', 92],
  ['INTU', 640],
  ['VZ', 40],
  ['CMCSA', 40],
  ['NKE', 93],
  ['IBM', 190],
  ['QCOM', 168],
  ['UPS', 147],
  ['CAT', 360],
  ['GE', 160],
  ['AMGN', 280],
  ['HON', 200],
  ['INTC', 31],
  ['BA', 180],
  ['SBUX', 88],
  ['GS', 410],
  ['MS', 92],
  ['BLK', 790],
  ['RTX', 100],
  ['SPGI', 420],
  ['PLD', 105],
  ['ELV', 520],
  ['MDT', 82],
  ['DE', 390],
  ['T', 17],
  ['LMT', 455],
  ['BKNG', 3500],
  ['SYK', 340],
  ['ISRG', 390],
  ['ADP', 245],
  ['GILD', 68],
  ['MDLZ', 70],
  ['TJX', 96],
  ['VRTX', 415],
  ['C', 62],
  ['REGN', 950],
  ['MMC', 205],
  ['ZTS', 170],
  ['CB', 255],
  ['PGR', 210],
  ['SCHW', 72],
  ['MO', 43],
  ['SO', 70],
  ['DUK', 97],
  ['BSX', 68],
  ['CI', 345],
  ['EOG', 128],
  ['SLB', 50],
  ['FI', 150],
  ['AMAT', 205],
  ['LRCX', 920],
  ['MU', 115],
  ['ADI', 195],
  ['KLAC', 690],
  ['PANW', 290],
  ['SNPS', 560],
  ['CDNS', 300],
  ['UBER', 72],
  ['ABNB', 160],
  ['SHOP', 75],
  ['SQ', 78],
  ['PYPL', 64],
  ['SPY', 520],
  ['QQQ', 445],
  ['IWM', 205],
  ['DIA', 395],
  ['GLD', 215],
  ['TLT', 93],
];
const CRYPTO: ReadonlyArray<readonly [string, number]> = [
  ['BTC', 67000],
  ['ETH', 3400],
  ['SOL', 170],
  ['XRP', 0.6],
  ['ADA', 0.58],
  ['DOGE', 0.17],
  ['AVAX', 45],
  ['DOT', 8.7],
  ['LINK', 18],
  ['LTC', 95],
  ['BCH', 480],
  ['ATOM', 11],
  ['UNI', 10.5],
  ['XLM', 0.13],
  ['NEAR', 7],
  ['APT', 12],
  ['ARB', 1.4],
  ['OP', 3.1],
  ['FIL', 8.2],
  ['ETC', 31],
  ['AAVE', 115],
  ['MKR', 2900],
  ['ALGO', 0.23],
  ['SUI', 1.6],
];
const FX: ReadonlyArray<readonly [string, number]> = [
  ['EUR/USD', 1.0845],
  ['GBP/USD', 1.265],
  ['USD/JPY', 151.4],
  ['USD/CHF', 0.903],
  ['AUD/USD', 0.654],
  ['USD/CAD', 1.355],
  ['NZD/USD', 0.599],
  ['EUR/GBP', 0.857],
  ['EUR/JPY', 164.2],
  ['GBP/JPY', 191.5],
  ['EUR/CHF', 0.979],
  ['AUD/JPY', 99.0],
  ['USD/SEK', 10.65],
  ['USD/NOK', 10.75],
  ['USD/MXN', 16.6],
  ['USD/ZAR', 18.7],
  ['USD/SGD', 1.348],
  ['USD/HKD', 7.825],
  ['USD/CNH', 7.23],
  ['USD/TRY', 32.2],
  ['EUR/AUD', 1.658],
  ['EUR/CAD', 1.469],
  ['GBP/CHF', 1.142],
  ['CAD/JPY', 111.7],
];
const FUTURE_ROOTS: ReadonlyArray<readonly [string, number, number]> = [
  ['ES', 5250, 0.25],
  ['NQ', 18300, 0.25],
  ['YM', 39500, 1],
  ['RTY', 2070, 0.1],
  ['CL', 82, 0.01],
  ['GC', 2330, 0.1],
  ['SI', 27.5, 0.005],
  ['ZN', 110, 0.015625],
  ['ZB', 118, 0.03125],
  ['NG', 1.9, 0.001],
  ['HG', 4.4, 0.0005],
  ['6E', 1.085, 0.00005],
];
const FUTURE_MONTHS = ['H', 'M', 'U', 'Z'];
const CRYPTO_QUOTES = ['USD', 'USDT', 'EUR'];

/**
 * Builds `count` instruments: listed equities first, then crypto, FX and futures,
 * then synthetic equities (`SIM0001`…) if more are asked for than are listed.
 * Deterministic for a given `random`.
 */
export function buildInstrumentUniverse(count: number, random: RandomFn): Instrument[] {
  const listed = [...equities(), ...crypto(), ...fx(), ...futures()];
  // Interleave asset classes so a small SIM_SYMBOLS still shows all of them.
  const byClass = ['equity', 'crypto', 'fx', 'future'].map((c) =>
    listed.filter((i) => i.assetClass === c),
  );
  const ordered: Instrument[] = [];
  for (let i = 0; ordered.length < listed.length; i++) {
    for (const group of byClass) if (i < group.length) ordered.push(group[i]!);
  }
  for (let n = 1; ordered.length < count; n++) {
    ordered.push(equity(`SIM${String(n).padStart(4, '0')}`, 5 + random() * 295));
  }
  return ordered.slice(0, count);
}

function equity(symbol: string, price: number): Instrument {
  return {
    symbol,
    assetClass: 'equity',
    price,
    tickSize: 0.01,
    spreadTicks: 2,
    stepVolatility: 0.0004,
    lotSize: 100,
  };
}

function equities(): Instrument[] {
  return EQUITIES.map(([symbol, price]) => equity(symbol, price));
}

function crypto(): Instrument[] {
  return CRYPTO.flatMap(([base, price]) =>
    CRYPTO_QUOTES.map((quote) => ({
      symbol: `${base}-${quote}`,
      assetClass: 'crypto' as const,
      price: quote === 'EUR' ? price * 0.92 : price,
      tickSize: price >= 100 ? 0.01 : 0.0001,
      spreadTicks: 3,
      stepVolatility: 0.0008,
      lotSize: price >= 1000 ? 0.001 : price >= 1 ? 0.1 : 10,
    })),
  );
}

function fx(): Instrument[] {
  return FX.map(([symbol, price]) => ({
    symbol,
    assetClass: 'fx' as const,
    price,
    tickSize: price >= 20 ? 0.001 : 0.00001,
    spreadTicks: 8,
    stepVolatility: 0.00008,
    lotSize: 100_000,
  }));
}

function futures(): Instrument[] {
  return FUTURE_ROOTS.flatMap(([root, price, tickSize]) =>
    FUTURE_MONTHS.map((month, i) => ({
      symbol: `${root}${month}${6 + Math.floor(i / 4)}`,
      assetClass: 'future' as const,
      price,
      tickSize,
      spreadTicks: 1,
      stepVolatility: 0.0003,
      lotSize: 1,
    })),
  );
}
