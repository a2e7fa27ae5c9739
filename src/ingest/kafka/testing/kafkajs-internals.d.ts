/**
 * Types of the kafkajs 2.2.4 internals that the codec specs drive directly:
 * its record batch encoder and the decoder of a fetched partition's record
 * set — the exact code a consumer runs on every fetch. Not part of the build.
 */
declare module 'kafkajs/src/protocol/encoder.js' {
  export default class Encoder {
    get buffer(): Buffer;
  }
}

declare module 'kafkajs/src/protocol/decoder.js' {
  export default class Decoder {
    constructor(buffer: Buffer);
  }
}

declare module 'kafkajs/src/protocol/recordBatch/record/v0/index.js' {
  import type Encoder from 'kafkajs/src/protocol/encoder.js';
  const Record: (record: {
    offsetDelta?: number;
    key: Buffer | null;
    value: Buffer | null;
  }) => Encoder;
  export default Record;
}

declare module 'kafkajs/src/protocol/recordBatch/v0/index.js' {
  import type Encoder from 'kafkajs/src/protocol/encoder.js';
  export function RecordBatch(batch: {
    compression?: number;
    firstOffset?: { toString(): string };
    lastOffsetDelta?: number;
    records: Encoder[];
  }): Promise<Encoder>;
}

declare module 'kafkajs/src/protocol/requests/fetch/v4/decodeMessages.js' {
  import type Decoder from 'kafkajs/src/protocol/decoder.js';
  /** A partition's record set (int32 size, then record batches) → its records. */
  const decodeMessages: (
    decoder: Decoder,
  ) => Promise<Array<{ offset: string; key: Buffer | null; value: Buffer | null }>>;
  export default decodeMessages;
}
