import { AckWindow } from './ack-window.js';

describe('AckWindow', () => {
  it('asks for a ping after each chunk written', () => {
    const acks = new AckWindow(1000);
    acks.recordWritten(999);
    expect(acks.pingDue).toBe(false);
    acks.recordWritten(1);
    expect(acks.pingDue).toBe(true);
    expect(acks.markPing()).toBe('1');
    expect(acks.pingDue).toBe(false);
    acks.recordWritten(1500);
    expect(acks.pingDue).toBe(true);
    expect(acks.markPing()).toBe('2');
  });

  it('acknowledges cumulatively: a pong covers every byte written before its ping', () => {
    const acks = new AckWindow(1000);
    acks.recordWritten(1000);
    acks.markPing(); // 1 marks 1000
    acks.recordWritten(2000);
    acks.markPing(); // 2 marks 3000
    acks.recordWritten(500);
    expect(acks.unacknowledgedBytes).toBe(3500);
    acks.acknowledge('2');
    expect(acks.unacknowledgedBytes).toBe(500);
    // Ping 1 was answered by ping 2's pong: a late pong for it changes nothing.
    acks.acknowledge('1');
    expect(acks.unacknowledgedBytes).toBe(500);
  });

  it('takes a pong for an earlier ping as a partial acknowledgement', () => {
    const acks = new AckWindow(1000);
    acks.recordWritten(1000);
    acks.markPing();
    acks.recordWritten(1000);
    acks.markPing();
    acks.acknowledge('1');
    expect(acks.unacknowledgedBytes).toBe(1000);
    acks.acknowledge('2');
    expect(acks.unacknowledgedBytes).toBe(0);
  });

  it.each(['', 'abc', '01', '1.0', '-1', '3', '9'.repeat(20)])(
    'acknowledges nothing for a pong echoing %p',
    (payload) => {
      const acks = new AckWindow(1000);
      acks.recordWritten(1000);
      acks.markPing();
      acks.recordWritten(1000);
      acks.markPing();
      acks.acknowledge(payload);
      expect(acks.unacknowledgedBytes).toBe(2000);
      acks.acknowledge('2');
      expect(acks.unacknowledgedBytes).toBe(0);
    },
  );
});
