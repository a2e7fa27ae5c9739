// The smoke test's checks of the channels beyond `ticker` (PROTOCOL.md, "Channels beyond
// `ticker`"), one function per channel. Each subscribes a few symbols on an open StreamClient,
// asserts the replies and parameter rules with check(), and watches the data for `watchMs`
// while the client's per-frame checks (lib/channel-checks.js) hold every entry to the
// channel's invariants: trades seq +1, candle order and `closed`, the book checksum.
import { check } from 'k6';
import { sleepMs, StreamClient } from './client.js';
import { Channel, ErrorCode, MessageType } from './protocol.js';

/** Trades a resumption asks for again, behind the last one seen. */
const RESUME_BEHIND = 5;
const REPLY_TIMEOUT_MS = 5000;

const isError = (m, code) => m !== null && m.type === MessageType.ERROR && m.code === code;
const sameSet = (a, b) =>
  Array.isArray(a) && new Set(a).size === new Set(b).size && b.every((x) => a.includes(x));

/** Resolves with the next data frame of `channel` (of `type`, if given) on `client`, or null. */
function nextFrame(client, channel, type, predicate = () => true) {
  return client.waitFor(
    (m) =>
      m.channel === channel &&
      (type ? m.type === type : m.type === MessageType.SNAPSHOT || m.type === MessageType.UPDATE) &&
      predicate(m),
    REPLY_TIMEOUT_MS,
  );
}

/**
 * trades: no throttle; subscribed echoes channel and throttleMs 0; a snapshot then live
 * trades, seq +1; a second connection resuming with `since` gets exactly the trades after it.
 */
export async function smokeTrades(client, symbols, { url, watchMs }) {
  const throttled = await client.subscribe(symbols, {
    channel: Channel.TRADES,
    throttleMs: 100,
    expectErrors: [ErrorCode.BAD_REQUEST],
  });
  const foreignSince = await client.subscribe([symbols[0]], {
    channel: Channel.TRADES,
    since: { [symbols[1]]: 1 },
    expectErrors: [ErrorCode.BAD_REQUEST],
  });
  check(null, {
    'trades: throttleMs other than 0 -> BAD_REQUEST': () =>
      isError(throttled, ErrorCode.BAD_REQUEST),
    'trades: since naming an unsubscribed symbol -> BAD_REQUEST': () =>
      isError(foreignSince, ErrorCode.BAD_REQUEST),
  });

  const lastSeq = new Map();
  const previous = client.onEntries;
  client.onEntries = (channel, kind, entries, msg) => {
    if (channel === Channel.TRADES) for (const t of entries) lastSeq.set(t.symbol, t.seq);
    if (previous) previous(channel, kind, entries, msg);
  };
  const snapshot = nextFrame(client, Channel.TRADES, MessageType.SNAPSHOT);
  const subscribed = await client.subscribe(symbols, { channel: Channel.TRADES });
  check(subscribed, {
    'trades: subscribed echoes channel, symbols, throttleMs 0': (m) =>
      m !== null &&
      m.type === MessageType.SUBSCRIBED &&
      m.channel === Channel.TRADES &&
      sameSet(m.symbols, symbols) &&
      m.throttleMs === 0,
  });
  check(await snapshot, {
    'trades: a snapshot of recent trades, oldest first': (m) =>
      m !== null && m.data.length > 0 && m.data.every((t) => symbols.includes(t.symbol)),
  });
  const update = await nextFrame(client, Channel.TRADES, MessageType.UPDATE);
  check(update, { 'trades: live trades arrive': (m) => m !== null && m.data.length > 0 });
  await sleepMs(watchMs);

  // Resume on a second connection from a few trades back: exactly the trades after `since`.
  const symbol = symbols.find((s) => (lastSeq.get(s) || 0) > RESUME_BEHIND);
  if (check(symbol, { 'trades: a symbol traded enough to resume': (s) => s !== undefined })) {
    const since = lastSeq.get(symbol) - RESUME_BEHIND;
    const resumed = new StreamClient(url);
    if (await resumed.connect()) {
      const resumedSnapshot = nextFrame(resumed, Channel.TRADES, MessageType.SNAPSHOT);
      await resumed.subscribe([symbol], { channel: Channel.TRADES, since: { [symbol]: since } });
      check(await resumedSnapshot, {
        'trades: since resumes at since + 1, in order': (m) =>
          m !== null &&
          m.data.length >= RESUME_BEHIND &&
          m.data[0].seq === since + 1 &&
          m.truncated === undefined,
      });
      check(resumed, {
        'trades: the resumed stream holds the invariants': (c) => c.violations === 0,
      });
    }
    await resumed.close();
  }
}

/**
 * candles: `interval` required; subscribed echoes interval, history and the throttle; a
 * snapshot of at most `history` closed bars then the open bar; closed bars arrive while
 * watching, at once although the open bar is throttled (as a chart would subscribe).
 */
export async function smokeCandles(client, symbols, { watchMs, minThrottleMs }) {
  const noInterval = await client.subscribe(symbols, {
    channel: Channel.CANDLES,
    expectErrors: [ErrorCode.BAD_REQUEST],
  });
  const depth = await client.subscribe(symbols, {
    channel: Channel.CANDLES,
    interval: '1s',
    depth: 10,
    expectErrors: [ErrorCode.BAD_REQUEST],
  });
  check(null, {
    'candles: without interval -> BAD_REQUEST': () => isError(noInterval, ErrorCode.BAD_REQUEST),
    'candles: depth is not a candles field -> BAD_REQUEST': () =>
      isError(depth, ErrorCode.BAD_REQUEST),
  });

  const history = 5;
  const throttleMs = 250;
  const snapshot = nextFrame(client, Channel.CANDLES, MessageType.SNAPSHOT);
  const subscribed = await client.subscribe(symbols, {
    channel: Channel.CANDLES,
    interval: '1s',
    history,
    throttleMs,
  });
  check(subscribed, {
    'candles: subscribed echoes channel, interval, history and the effective throttle': (m) =>
      m !== null &&
      m.type === MessageType.SUBSCRIBED &&
      m.channel === Channel.CANDLES &&
      m.interval === '1s' &&
      m.history === history &&
      m.throttleMs === Math.max(throttleMs, minThrottleMs),
  });
  check(await snapshot, {
    'candles: snapshot holds at most history closed bars, then at most one open bar': (m) =>
      m !== null &&
      symbols.every((s) => {
        const bars = m.data.filter((c) => c.symbol === s);
        const open = bars.filter((c) => !c.closed);
        return (
          bars.length - open.length <= history &&
          open.length <= 1 &&
          (open.length === 0 || bars[bars.length - 1] === open[0])
        );
      }),
  });
  const closed = await nextFrame(client, Channel.CANDLES, MessageType.UPDATE, (m) =>
    m.data.some((c) => c.closed),
  );
  check(closed, { 'candles: closed bars arrive under a throttle': (m) => m !== null });
  await sleepMs(watchMs);

  const dropped = await client.unsubscribe([symbols[0]], {
    channel: Channel.CANDLES,
    interval: '1s',
  });
  check(dropped, {
    'candles: unsubscribe with interval -> unsubscribed echoing it': (m) =>
      m !== null && m.type === MessageType.UNSUBSCRIBED && m.interval === '1s',
  });
}

/**
 * book: depth ∈ 10/25/100; subscribed echoes depth and the effective throttle; a snapshot of
 * at most `depth` levels a side, best first, never crossed; every entry matches its checksum
 * (lib/channel-checks.js); another depth replaces the book with a fresh snapshot.
 */
export async function smokeBook(client, symbols, { watchMs, minThrottleMs }) {
  const badDepth = await client.subscribe(symbols, {
    channel: Channel.BOOK,
    depth: 7,
    expectErrors: [ErrorCode.BAD_REQUEST],
  });
  check(badDepth, { 'book: depth 7 -> BAD_REQUEST': (m) => isError(m, ErrorCode.BAD_REQUEST) });

  const snapshot = nextFrame(client, Channel.BOOK, MessageType.SNAPSHOT);
  const subscribed = await client.subscribe(symbols, {
    channel: Channel.BOOK,
    depth: 10,
    throttleMs: 100,
  });
  check(subscribed, {
    'book: subscribed echoes channel, depth and the effective throttle': (m) =>
      m !== null &&
      m.type === MessageType.SUBSCRIBED &&
      m.channel === Channel.BOOK &&
      m.depth === 10 &&
      m.throttleMs === Math.max(100, minThrottleMs),
  });
  check(await snapshot, {
    'book: a snapshot of every symbol, at most depth levels a side': (m) =>
      m !== null &&
      sameSet(
        m.data.map((e) => e.symbol),
        symbols,
      ) &&
      m.data.every((e) => e.bids.length <= 10 && e.asks.length <= 10),
  });
  check(await nextFrame(client, Channel.BOOK, MessageType.UPDATE), {
    'book: updates arrive': (m) => m !== null && m.data.length > 0,
  });
  await sleepMs(watchMs);

  const deeper = nextFrame(client, Channel.BOOK, MessageType.SNAPSHOT);
  await client.subscribe([symbols[0]], { channel: Channel.BOOK, depth: 25 });
  check(await deeper, {
    'book: another depth sends a fresh snapshot at that depth': (m) =>
      m !== null &&
      m.data.length === 1 &&
      m.data[0].symbol === symbols[0] &&
      m.data[0].bids.length <= 25 &&
      Math.max(m.data[0].bids.length, m.data[0].asks.length) > 10,
  });
  check(client, {
    'book: every entry matched its checksum': (c) =>
      c.stats.checksumMismatches === 0 && c.channels.stats.bookEntries > 0,
  });
}
