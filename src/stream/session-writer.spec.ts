import { SessionWriter } from './session-writer.js';
import { websocketFrameBytes } from './session-socket.js';
import { FakeSocket } from './testing/fake-socket.js';

const nextTurn = (): Promise<void> => new Promise((resolve) => process.nextTick(resolve));

describe('websocketFrameBytes', () => {
  it('adds the RFC 6455 header of an unmasked frame: 2, 4 or 10 bytes', () => {
    expect(websocketFrameBytes(0)).toBe(2);
    expect(websocketFrameBytes(125)).toBe(127);
    expect(websocketFrameBytes(126)).toBe(130);
    expect(websocketFrameBytes(65_535)).toBe(65_539);
    expect(websocketFrameBytes(65_536)).toBe(65_546);
  });
});

describe('SessionWriter', () => {
  it('counts wire bytes as unsent until the socket reports them written', () => {
    const socket = new FakeSocket();
    const writer = new SessionWriter(socket);
    socket.stall();
    writer.write('{"type":"pong"}', 15);
    writer.write('x'.repeat(200), 200);
    expect(writer.unsentBytes).toBe(17 + 204);
    socket.read();
    expect(writer.unsentBytes).toBe(0);
    expect(socket.frames).toHaveLength(2);
  });

  it('keeps the peak between two readings', () => {
    const socket = new FakeSocket();
    const writer = new SessionWriter(socket);
    socket.stall();
    writer.write('x'.repeat(1000), 1000);
    socket.read();
    writer.write('x'.repeat(10), 10);
    expect(writer.takePeakUnsentBytes()).toBe(1004);
    expect(writer.takePeakUnsentBytes()).toBe(0);
  });

  it('leaves the account unchanged when the socket throws', () => {
    const socket = new FakeSocket();
    socket.send = () => {
      throw new Error('EPIPE');
    };
    const writer = new SessionWriter(socket);
    expect(() => writer.write('{}', 2)).toThrow('EPIPE');
    expect(writer.unsentBytes).toBe(0);
  });

  it("corks once per turn and leaves the turn's own output out of the backlog", async () => {
    const socket = new FakeSocket();
    const calls: string[] = [];
    const transport = { cork: () => calls.push('cork'), uncork: () => calls.push('uncork') };
    const writer = new SessionWriter(socket, transport);
    socket.stall();
    writer.write('x'.repeat(100), 100);
    writer.write('x'.repeat(100), 100);
    expect(calls).toEqual(['cork']);
    expect(writer.unsentBytes).toBe(204);
    expect(writer.backlogBytes).toBe(0);
    await nextTurn();
    expect(calls).toEqual(['cork', 'uncork']);
    // Still unread after the turn: now it is backlog.
    expect(writer.backlogBytes).toBe(204);
    writer.write('x'.repeat(100), 100);
    expect(calls).toEqual(['cork', 'uncork', 'cork']);
    expect(writer.backlogBytes).toBe(204);
    expect(writer.unsentBytes).toBe(306);
  });
});
