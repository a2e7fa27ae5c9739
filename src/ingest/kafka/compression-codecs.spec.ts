import kafkajs from 'kafkajs';
import Decoder from 'kafkajs/src/protocol/decoder.js';
import Record from 'kafkajs/src/protocol/recordBatch/record/v0/index.js';
import { RecordBatch } from 'kafkajs/src/protocol/recordBatch/v0/index.js';
import decodeMessages from 'kafkajs/src/protocol/requests/fetch/v4/decodeMessages.js';
import { compressionType, registerCompressionCodecs } from './compression-codecs.js';
import { skipUndecodable, undecodableBatchError } from './undecodable-batch.js';

/**
 * Drives kafkajs's own batch encoder and the decoder a consumer runs on every
 * fetched record set, with batches crafted below the broker (a real broker
 * refuses to store a corrupt batch, so this is the only place to make one).
 */

const { CompressionCodecs, CompressionTypes } = kafkajs;
type CompressionType = (typeof CompressionTypes)[keyof typeof CompressionTypes];

/** Where a v2 batch's compressed payload starts: baseOffset, batchLength, then 49 header bytes. */
const PAYLOAD_START = 61;

async function batch(
  compression: CompressionType,
  firstOffset: number,
  values: string[],
  offsetDeltas = values.map((_, i) => i),
): Promise<Buffer> {
  const records = values.map((value, i) =>
    Record({ offsetDelta: offsetDeltas[i]!, key: Buffer.from('K'), value: Buffer.from(value) }),
  );
  const lastOffsetDelta = offsetDeltas[offsetDeltas.length - 1]!;
  return (await RecordBatch({ compression, firstOffset, lastOffsetDelta, records })).buffer;
}

/** What a fetch response carries for one partition: the record set's size, then its batches. */
async function fetched(...batches: Buffer[]) {
  const recordSet = Buffer.concat(batches);
  const size = Buffer.alloc(4);
  size.writeInt32BE(recordSet.length);
  return decodeMessages(new Decoder(Buffer.concat([size, recordSet])));
}

/** The same batch with its compressed payload overwritten: what no codec can decompress. */
function corrupted(encoded: Buffer): Buffer {
  const copy = Buffer.from(encoded);
  copy.fill(0xff, PAYLOAD_START);
  return copy;
}

describe('compression codecs', () => {
  beforeAll(() => registerCompressionCodecs());

  it.each(['gzip', 'snappy', 'lz4', 'zstd'] as const)(
    'kafkajs encodes and decodes %s batches',
    async (name) => {
      const messages = await fetched(await batch(compressionType(name), 40, ['a', 'b', 'c']));
      expect(messages.map((m) => [m.offset, m.value?.toString()])).toEqual([
        ['40', 'a'],
        ['41', 'b'],
        ['42', 'c'],
      ]);
      expect(messages.every((m) => undecodableBatchError(m) === undefined)).toBe(true);
    },
  );

  it('stands in for every record of a batch its codec cannot decompress, and decodes on past it', async () => {
    const messages = await fetched(
      await batch(CompressionTypes.GZIP, 0, ['a', 'b']),
      corrupted(await batch(CompressionTypes.LZ4, 2, ['x', 'y', 'z'])),
      await batch(CompressionTypes.None, 5, ['c']),
    );
    expect(messages.map((m) => m.offset)).toEqual(['0', '1', '2', '3', '4', '5']);
    const errors = messages.map((m) => undecodableBatchError(m));
    expect(errors[0]).toBeUndefined();
    expect(errors[2]).toMatch(/Invalid magic number/);
    expect(errors.slice(3, 5)).toEqual(['undecodable batch', 'undecodable batch']);
    expect(messages[5]?.value?.toString()).toBe('c');
  });

  it.each(['gzip', 'snappy', 'zstd'] as const)('skips a corrupt %s batch too', async (name) => {
    const messages = await fetched(corrupted(await batch(compressionType(name), 7, ['x'])));
    expect(messages.map((m) => m.offset)).toEqual(['7']);
    expect(undecodableBatchError(messages[0]!)).toBeDefined();
  });

  it('ends its stand-ins at the batch’s last offset when offsets have gaps (compacted topics)', async () => {
    const messages = await fetched(
      corrupted(await batch(CompressionTypes.ZSTD, 10, ['x', 'y', 'z'], [0, 4, 9])),
    );
    expect(messages.map((m) => m.offset)).toEqual(['10', '11', '19']);
  });

  it('rethrows when the bytes it was given are not a batch payload it can vouch for', async () => {
    const failing = skipUndecodable(
      {
        compress: async () => Buffer.alloc(0),
        decompress: async () => {
          throw new Error('codec failure');
        },
      },
      CompressionTypes.LZ4,
    );
    // A standalone buffer: nothing in front of it to read a batch header from.
    await expect(failing.decompress(Buffer.alloc(32))).rejects.toThrow('codec failure');
    // A real batch payload, but the header names another codec.
    const zstdBatch = await batch(CompressionTypes.ZSTD, 0, ['x']);
    await expect(failing.decompress(zstdBatch.subarray(PAYLOAD_START))).rejects.toThrow(
      'codec failure',
    );
  });

  it('registers once and keeps kafkajs’s table pointing at the wrapped codecs', () => {
    const before = CompressionCodecs[CompressionTypes.GZIP]();
    registerCompressionCodecs();
    expect(CompressionCodecs[CompressionTypes.GZIP]()).toBe(before);
  });
});
