import { VirtualClock } from '../../shared/virtual-clock.js';
import { RestartBackoff } from '../restart-backoff.js';
import { ConsumerSupervisor } from './consumer-supervisor.js';

/** A consumer the test crashes at will; `launches` lists every one the supervisor started. */
function harness(options: { failingAttempts?: number[] } = {}) {
  const clock = new VirtualClock();
  const launches: Array<{ crash: (error: Error) => void; disconnected: boolean }> = [];
  const log: string[] = [];
  let attempt = 0;
  const supervisor = new ConsumerSupervisor(
    async (crashed) => {
      if (options.failingAttempts?.includes(++attempt)) throw new Error('brokers unreachable');
      const consumer = {
        crash: crashed,
        disconnected: false,
        disconnect: async () => {
          consumer.disconnected = true;
        },
      };
      launches.push(consumer);
      return consumer;
    },
    clock,
    {
      crashed: (error, delay) => log.push(`crashed: ${error.message}, restart in ${delay}`),
      restarted: () => log.push('restarted'),
    },
    new RestartBackoff(1000, 8000),
  );
  /** Lets the restart's promise chain (disconnect, launch) settle. */
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return { clock, launches, log, supervisor, settle };
}

describe('ConsumerSupervisor', () => {
  it('replaces a crashed consumer after a delay that doubles while crashes continue', async () => {
    const { clock, launches, log, supervisor, settle } = harness();
    await supervisor.start();
    launches[0]!.crash(new Error('LZ4 codec missing'));
    expect(log).toEqual(['crashed: LZ4 codec missing, restart in 1000']);

    clock.advance(999);
    await settle();
    expect(launches).toHaveLength(1);
    clock.advance(1);
    await settle();
    expect(launches).toHaveLength(2);
    expect(launches[0]!.disconnected).toBe(true);

    launches[1]!.crash(new Error('again'));
    clock.advance(2000);
    await settle();
    expect(launches).toHaveLength(3);
    expect(log).toEqual([
      'crashed: LZ4 codec missing, restart in 1000',
      'restarted',
      'crashed: again, restart in 2000',
      'restarted',
    ]);
  });

  it('starts over from the shortest delay once the consumer is healthy again', async () => {
    const { clock, launches, log, supervisor, settle } = harness();
    await supervisor.start();
    launches[0]!.crash(new Error('a'));
    clock.advance(1000);
    await settle();
    supervisor.healthy();
    launches[1]!.crash(new Error('b'));
    expect(log.at(-1)).toBe('crashed: b, restart in 1000');
  });

  it('retries a failed restart with the next delay', async () => {
    const { clock, launches, log, supervisor, settle } = harness({ failingAttempts: [2] });
    await supervisor.start();
    launches[0]!.crash(new Error('a'));
    clock.advance(1000);
    await settle();
    expect(launches).toHaveLength(1);
    clock.advance(2000);
    await settle();
    expect(launches).toHaveLength(2);
    expect(log).toEqual([
      'crashed: a, restart in 1000',
      'crashed: brokers unreachable, restart in 2000',
      'restarted',
    ]);
  });

  it('rejects start() when the first consumer cannot start, supervising nothing', async () => {
    const { clock, log, supervisor } = harness({ failingAttempts: [1] });
    await expect(supervisor.start()).rejects.toThrow('brokers unreachable');
    expect(log).toEqual([]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('ignores a second crash report of the same consumer, and any after stop()', async () => {
    const { clock, launches, log, supervisor, settle } = harness();
    await supervisor.start();
    launches[0]!.crash(new Error('a'));
    launches[0]!.crash(new Error('a, reported twice'));
    expect(log).toHaveLength(1);

    await supervisor.stop();
    clock.advance(60_000);
    await settle();
    expect(launches).toHaveLength(1);
    expect(clock.pendingTimers).toBe(0);
  });

  it('stop() disconnects the running consumer', async () => {
    const { launches, supervisor } = harness();
    await supervisor.start();
    await supervisor.stop();
    expect(launches[0]!.disconnected).toBe(true);
  });
});
