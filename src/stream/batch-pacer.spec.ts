import { BatchPacer, BUSY_HIGH, BUSY_LOW, PACE_SAMPLE_MS, type LoadGauge } from './batch-pacer.js';

/** A gauge that reads whatever the test last set. */
function fakeGauge(): { gauge: LoadGauge; set(busy: number): void; readings: number } {
  let busy = 0;
  const state = {
    readings: 0,
    gauge: () => {
      state.readings++;
      return busy;
    },
    set: (value: number) => {
      busy = value;
    },
  };
  return state;
}

/** Samples `times` times, one sample period apart, starting after `start`. */
function sample(pacer: BatchPacer, start: number, times: number): number {
  let now = start;
  for (let i = 0; i < times; i++) pacer.observe((now += PACE_SAMPLE_MS));
  return now;
}

describe('BatchPacer', () => {
  it('starts at the minimum and stays there while the loop is quiet', () => {
    const load = fakeGauge();
    const pacer = new BatchPacer(10, 40, load.gauge, 0);
    load.set(0.1);
    sample(pacer, 0, 20);
    expect(pacer.intervalMs).toBe(10);
  });

  it('lengthens step by step up to the budget while the loop is busy', () => {
    const load = fakeGauge();
    const pacer = new BatchPacer(10, 40, load.gauge, 0);
    load.set(BUSY_HIGH);
    const seen: number[] = [];
    let now = 0;
    for (let i = 0; i < 6; i++) {
      now = sample(pacer, now, 1);
      seen.push(pacer.intervalMs);
    }
    expect(seen).toEqual([15, 23, 35, 40, 40, 40]);
  });

  it('holds its interval between the thresholds and shortens back once the load falls', () => {
    const load = fakeGauge();
    const pacer = new BatchPacer(10, 40, load.gauge, 0);
    load.set(0.9);
    let now = sample(pacer, 0, 10);
    expect(pacer.intervalMs).toBe(40);
    load.set((BUSY_HIGH + BUSY_LOW) / 2);
    now = sample(pacer, now, 10);
    expect(pacer.intervalMs).toBe(40);
    load.set(BUSY_LOW);
    sample(pacer, now, 10);
    expect(pacer.intervalMs).toBe(10);
  });

  it('reads the load at most once per sample period, however often it is asked', () => {
    const load = fakeGauge();
    const pacer = new BatchPacer(10, 40, load.gauge, 0);
    for (let now = 1; now < 1000; now += 3) pacer.observe(now);
    expect(load.readings).toBe(Math.floor(999 / PACE_SAMPLE_MS));
  });

  it('is a fixed interval when the budget equals the minimum', () => {
    const load = fakeGauge();
    const pacer = new BatchPacer(10, 10, load.gauge, 0);
    load.set(1);
    sample(pacer, 0, 20);
    expect(pacer.intervalMs).toBe(10);
    expect(load.readings).toBe(0);
  });

  it('grows from a zero minimum (BATCH_INTERVAL_MS=0)', () => {
    const load = fakeGauge();
    const pacer = new BatchPacer(0, 5, load.gauge, 0);
    load.set(1);
    sample(pacer, 0, 3);
    expect(pacer.intervalMs).toBe(3);
  });
});
