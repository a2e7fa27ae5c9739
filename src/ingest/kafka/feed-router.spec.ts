import { FeedRouter } from './feed-router.js';

const NOW = Date.UTC(2026, 10, 22, 12);
const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
const TICK = { symbol: 'A', ts: NOW, bid: 1, ask: 2, last: 1, lastSize: 1 };
const TRADE = { symbol: 'A', seq: 1, tradeId: 'x', ts: NOW, price: 1, size: 1, side: 'buy' };
const BOOK = { symbol: 'A', seq: 1, ts: NOW, type: 'snapshot', bids: [], asks: [] };

describe('FeedRouter', () => {
  it('serves the feeds that have topics, and consumes all of their topics', () => {
    const all = new FeedRouter({ topics: ['t'], tradeTopics: ['tr1', 'tr2'], bookTopics: ['b'] });
    expect(all.feeds).toEqual(['ticks', 'trades', 'book']);
    expect(all.topics).toEqual(['t', 'tr1', 'tr2', 'b']);
    const ticksOnly = new FeedRouter({ topics: ['t'], tradeTopics: [], bookTopics: [] });
    expect(ticksOnly.feeds).toEqual(['ticks']);
    const noTrades = new FeedRouter({ topics: ['t'], tradeTopics: [], bookTopics: ['b'] });
    expect(noTrades.feeds).toEqual(['ticks', 'book']);
  });

  it('decodes each record by the schema of its topic', () => {
    const router = new FeedRouter({ topics: ['t'], tradeTopics: ['tr'], bookTopics: ['b'] });
    expect(router.decode('t', null, json(TICK), NOW)).toMatchObject({ ok: true, feed: 'ticks' });
    expect(router.decode('tr', null, json(TRADE), NOW)).toMatchObject({ ok: true, feed: 'trades' });
    expect(router.decode('b', null, json(BOOK), NOW)).toMatchObject({ ok: true, feed: 'book' });
    // A trade on the ticks topic lacks a tick's fields, and the other way round.
    expect(router.decode('t', null, json(TRADE), NOW)).toMatchObject({
      ok: false,
      reason: 'schema',
    });
    expect(router.decode('b', null, json(TICK), NOW)).toMatchObject({
      ok: false,
      reason: 'schema',
    });
    expect(router.decode('nope', null, json(TICK), NOW)).toMatchObject({ ok: false });
  });

  it('refuses a topic configured for two feeds', () => {
    expect(() => new FeedRouter({ topics: ['t'], tradeTopics: ['t'], bookTopics: [] })).toThrow(
      'Kafka topic t is configured for both ticks and trades',
    );
  });
});
