import { randomBytes } from 'node:crypto';

/** A kafkajs compression codec (the shape `CompressionCodecs[type]()` returns). */
export interface CompressionCodec {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}

/**
 * Key of the stand-in records: random per process, so no producer can forge
 * one and have a real record skipped.
 */
const MARKER_KEY = randomBytes(12);
/** Longest error text carried in a stand-in record, in characters. */
const MAX_DETAIL = 200;
/**
 * Most stand-in records built for one batch. A real broker serves batches of
 * at most `max.message.bytes` (1 MB by default) compressed; a larger count is
 * not a batch header this code understands, so the error is rethrown instead.
 */
const MAX_RECORDS = 1_000_000;

/**
 * The record batch v2 header in front of a compressed payload, counted back
 * from the payload's first byte: baseOffset int64, batchLength int32,
 * leaderEpoch int32, magic int8, crc int32, attributes int16, lastOffsetDelta
 * int32, firstTimestamp int64, maxTimestamp int64, producerId int64,
 * producerEpoch int16, baseSequence int32, recordCount int32.
 */
const HEADER = {
  size: 61,
  batchLength: 8,
  magic: 16,
  attributes: 21,
  lastOffsetDelta: 23,
  recordCount: 57,
  /** batchLength counts the bytes after itself: 49 of header, then the payload. */
  lengthAfterBatchLength: 49,
} as const;
const CODEC_MASK = 0x07;

/**
 * Wraps `codec` so that a batch it cannot decompress is skipped instead of
 * failing the whole fetch. kafkajs decodes a fetch response in one piece: a
 * codec that throws fails every partition of that broker, and as the offsets
 * never move the consumer fails on the same batch forever.
 *
 * On failure the wrapper returns, in place of the batch's records, as many
 * stand-in records (key = {@link MARKER_KEY}, value = the error) as the batch
 * holds, at the batch's own offsets. They travel through kafkajs like any
 * record, so the consumer counts them, resolves their offsets and moves past
 * the batch — and offsets stay committed correctly.
 *
 * kafkajs hands a codec only the compressed bytes, not the batch header. The
 * header is read from the bytes just in front of them: kafkajs decodes a fetch
 * response from one buffer and passes the payload as a view of it (`slice`).
 * Every header field that can be checked is (magic 2, this codec's id,
 * batchLength = header + payload, a sane record count); if any check fails the
 * original error is rethrown, and the consumer's restart path takes over.
 */
export function skipUndecodable(codec: CompressionCodec, codecId: number): CompressionCodec {
  return {
    compress: (encoder) => codec.compress(encoder),
    async decompress(buffer) {
      try {
        return await codec.decompress(buffer);
      } catch (error) {
        const header = batchHeaderOf(buffer, codecId);
        if (!header) throw error;
        return standInRecords(header.recordCount, header.lastOffsetDelta, String(error));
      }
    },
  };
}

/** The error text if `message` stands in for a record of an undecodable batch, else undefined. */
export function undecodableBatchError(message: {
  key: Buffer | null;
  value: Buffer | null;
}): string | undefined {
  if (!message.key?.equals(MARKER_KEY)) return undefined;
  return message.value?.toString('utf8') ?? 'undecodable batch';
}

/** Header fields of the batch whose compressed payload is `payload`, if they check out. */
function batchHeaderOf(
  payload: Buffer,
  codecId: number,
): { recordCount: number; lastOffsetDelta: number } | undefined {
  if (payload.byteOffset < HEADER.size) return undefined;
  const header = Buffer.from(payload.buffer, payload.byteOffset - HEADER.size, HEADER.size);
  const recordCount = header.readInt32BE(HEADER.recordCount);
  const lastOffsetDelta = header.readInt32BE(HEADER.lastOffsetDelta);
  const fits =
    header.readInt8(HEADER.magic) === 2 &&
    (header.readInt16BE(HEADER.attributes) & CODEC_MASK) === codecId &&
    header.readInt32BE(HEADER.batchLength) === HEADER.lengthAfterBatchLength + payload.length &&
    recordCount >= 1 &&
    recordCount <= MAX_RECORDS &&
    recordCount <= lastOffsetDelta + 1;
  return fits ? { recordCount, lastOffsetDelta } : undefined;
}

/**
 * `count` records at offset deltas 0, 1, … and `lastOffsetDelta` for the last,
 * so resolving the last one moves the consumer past the whole batch. Only the
 * first carries the error text.
 */
function standInRecords(count: number, lastOffsetDelta: number, error: string): Buffer {
  const detail = Buffer.from(error.slice(0, MAX_DETAIL));
  const records: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const offsetDelta = i === count - 1 ? lastOffsetDelta : i;
    records.push(encodeRecord({ offsetDelta, key: MARKER_KEY, value: i === 0 ? detail : null }));
  }
  return Buffer.concat(records);
}

/**
 * One record in Kafka's v2 format: length varint, attributes int8,
 * timestampDelta varlong, offsetDelta varint, key and value as varint-length
 * bytes (-1 = null), header count varint. Varints are zigzag-encoded.
 */
export function encodeRecord(record: {
  offsetDelta: number;
  key: Buffer | null;
  value: Buffer | null;
}): Buffer {
  const bytes = (data: Buffer | null): Buffer[] =>
    data ? [varint(data.length), data] : [varint(-1)];
  const body = Buffer.concat([
    Buffer.of(0), // attributes
    varint(0), // timestampDelta: the batch's first timestamp
    varint(record.offsetDelta),
    ...bytes(record.key),
    ...bytes(record.value),
    varint(0), // no headers
  ]);
  return Buffer.concat([varint(body.length), body]);
}

/** Zigzag varint of a 32-bit signed integer, as Kafka writes record fields. */
function varint(value: number): Buffer {
  let zigzag = ((value << 1) ^ (value >> 31)) >>> 0;
  const out: number[] = [];
  while (zigzag >= 0x80) {
    out.push((zigzag & 0x7f) | 0x80);
    zigzag >>>= 7;
  }
  out.push(zigzag);
  return Buffer.from(out);
}
