import type { Ticker } from '../market/ticker.js';
import { TickerQueue } from './ticker-queue.js';

const t = (seq: number): Ticker => ({ symbol: 'X', seq }) as Ticker;

describe('TickerQueue', () => {
  it('buffers up to its capacity, dropping the oldest', async () => {
    const queue = new TickerQueue(3, () => undefined);
    for (let seq = 1; seq <= 5; seq++) queue.push(t(seq));
    expect(queue.dropped).toBe(2);
    queue.end();
    const seqs: number[] = [];
    for await (const ticker of queue) seqs.push(ticker.seq);
    expect(seqs).toEqual([3, 4, 5]);
  });

  it('hands a ticker to a waiting consumer and ends its loop on end()', async () => {
    let ended = 0;
    const queue = new TickerQueue(3, () => ended++);
    const pending = queue.next();
    queue.push(t(7));
    await expect(pending).resolves.toEqual({ value: t(7), done: false });
    const waiting = queue.next();
    queue.end();
    await expect(waiting).resolves.toEqual({ value: undefined, done: true });
    expect(ended).toBe(1);
  });

  it('break in for-await ends the queue', async () => {
    let ended = 0;
    const queue = new TickerQueue(3, () => ended++);
    queue.push(t(1));
    queue.push(t(2));
    for await (const ticker of queue) {
      expect(ticker.seq).toBe(1);
      break;
    }
    expect(ended).toBe(1);
    queue.push(t(3));
    await expect(queue.next()).resolves.toEqual({ value: undefined, done: true });
  });
});
