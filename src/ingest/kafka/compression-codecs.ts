import kafkajs from 'kafkajs';
import lz4Module from 'kafkajs-lz4';
import snappyCodec from 'kafkajs-snappy';
import { compress as zstdCompress, decompress as zstdDecompress } from 'zstd-napi';
import { skipUndecodable, type CompressionCodec } from './undecodable-batch.js';

/** Kafka's `compression.type` values: every codec a producer may write. */
export const COMPRESSION_NAMES = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
export type CompressionName = (typeof COMPRESSION_NAMES)[number];

// kafkajs is CommonJS, and Node cannot detect these two as named exports (member
// expressions in its `module.exports` literal): they are read off the default export.
const { CompressionCodecs, CompressionTypes } = kafkajs;
type CompressionType = (typeof CompressionTypes)[keyof typeof CompressionTypes];

const TYPES: Record<CompressionName, CompressionType> = {
  none: CompressionTypes.None,
  gzip: CompressionTypes.GZIP,
  snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4,
  zstd: CompressionTypes.ZSTD,
};

/** The kafkajs compression type of a `compression.type` name. */
export function compressionType(name: CompressionName): CompressionType {
  return TYPES[name];
}

// kafkajs-lz4's types declare an ES default export, but the package sets `module.exports`
// to the class itself, which is what importing CommonJS from ESM yields as the default.
const LZ4Codec = lz4Module as unknown as typeof lz4Module.default;

/** zstd through zstd-napi (prebuilt Node-API binary: no compiler needed at install). */
const zstdCodec: CompressionCodec = {
  compress: async (encoder) => zstdCompress(encoder.buffer),
  decompress: async (buffer) => zstdDecompress(buffer),
};

let registered = false;

/**
 * Teaches kafkajs every codec Kafka producers write. kafkajs ships only gzip
 * and throws a non-retriable error on any other codec, which stops the
 * consumer for good at the first such batch. Each codec, gzip included, is
 * wrapped so that a batch it cannot decompress is skipped rather than fatal
 * ({@link skipUndecodable}).
 *
 * kafkajs keeps codecs in one process-wide table, so this registers once;
 * both the Kafka source and the feeder call it before creating clients.
 */
export function registerCompressionCodecs(): void {
  if (registered) return;
  registered = true;
  // kafkajs's own gzip codec, captured before it is replaced by its wrapper.
  const gzip = CompressionCodecs[CompressionTypes.GZIP]() as CompressionCodec;
  const codecs: Array<[CompressionType, CompressionCodec]> = [
    [CompressionTypes.GZIP, gzip],
    [CompressionTypes.Snappy, snappyCodec()],
    [CompressionTypes.LZ4, new LZ4Codec().codec()],
    [CompressionTypes.ZSTD, zstdCodec],
  ];
  for (const [type, codec] of codecs) {
    const guarded = skipUndecodable(codec, type);
    CompressionCodecs[type as keyof typeof CompressionCodecs] = () => guarded;
  }
}
