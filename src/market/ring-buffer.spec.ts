import fc from 'fast-check';
import { RingBuffer } from './ring-buffer.js';

describe('RingBuffer', () => {
  it('keeps items oldest first until full', () => {
    const ring = new RingBuffer<number>(3);
    ring.push(1);
    ring.push(2);
    expect(ring.size).toBe(2);
    expect(ring.sliceFrom(0)).toEqual([1, 2]);
    expect(ring.oldest()).toBe(1);
    expect(ring.newest()).toBe(2);
  });

  it('overwrites the oldest item when full', () => {
    const ring = new RingBuffer<number>(3);
    for (let i = 1; i <= 5; i++) ring.push(i);
    expect(ring.size).toBe(3);
    expect(ring.sliceFrom(0)).toEqual([3, 4, 5]);
    expect(ring.at(0)).toBe(3);
    expect(ring.at(2)).toBe(5);
  });

  it('answers undefined outside its items', () => {
    const ring = new RingBuffer<number>(2);
    expect(ring.newest()).toBeUndefined();
    expect(ring.oldest()).toBeUndefined();
    ring.push(1);
    expect(ring.at(-1)).toBeUndefined();
    expect(ring.at(1)).toBeUndefined();
    expect(ring.at(0.5)).toBeUndefined();
  });

  it('slices and takes the last n with clamping', () => {
    const ring = new RingBuffer<number>(4);
    for (let i = 1; i <= 6; i++) ring.push(i);
    expect(ring.sliceFrom(2)).toEqual([5, 6]);
    expect(ring.sliceFrom(-3)).toEqual([3, 4, 5, 6]);
    expect(ring.sliceFrom(9)).toEqual([]);
    expect(ring.last(2)).toEqual([5, 6]);
    expect(ring.last(10)).toEqual([3, 4, 5, 6]);
    expect(ring.last(0)).toEqual([]);
    expect(ring.last(-1)).toEqual([]);
    expect(ring.last(Number.NaN)).toEqual([]);
    expect(ring.last(Number.POSITIVE_INFINITY)).toEqual([3, 4, 5, 6]);
    expect(ring.sliceFrom(Number.NaN)).toEqual([3, 4, 5, 6]);
  });

  it('clears and refills', () => {
    const ring = new RingBuffer<number>(2);
    ring.push(1);
    ring.push(2);
    ring.push(3);
    ring.clear();
    expect(ring.size).toBe(0);
    ring.push(4);
    expect(ring.sliceFrom(0)).toEqual([4]);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses capacity %p', (capacity) => {
    expect(() => new RingBuffer<number>(capacity)).toThrow(RangeError);
  });

  it('always holds the last `capacity` items pushed (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.integer(), { maxLength: 100 }),
        (capacity, items) => {
          const ring = new RingBuffer<number>(capacity);
          for (const item of items) ring.push(item);
          expect(ring.sliceFrom(0)).toEqual(items.slice(-capacity));
        },
      ),
    );
  });
});
