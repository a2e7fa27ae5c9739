import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CompressionName } from '../../../src/ingest/kafka/compression-codecs.js';
import { kafkaJavaClasspath } from '../../../tools/kafka/broker.mjs';

/** A cold JVM compiling a source file and joining the cluster on 2 busy cores. */
const JAVA_PRODUCER_TIMEOUT_MS = 90_000;
/** Flags for a short-lived client JVM: C1 only and a small serial heap start fastest. */
const JVM_FLAGS = ['-Xmx128m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-XX:-UsePerfData'];
const SOURCE = join(dirname(fileURLToPath(import.meta.url)), 'TickProducer.java');

/**
 * Writes `records` with Kafka's own Java producer (TickProducer.java, run as a
 * single-file source program against the broker's kafka-clients jar), so tests
 * read what real producers write rather than what kafkajs writes.
 * Resolves once every record is acknowledged.
 */
export async function produceWithJava(options: {
  bootstrap: string;
  topic: string;
  compression: CompressionName;
  records: ReadonlyArray<{ key: string; value: string }>;
  /** Kafka release whose kafka-clients jar is used; default the broker's default. */
  version?: string;
}): Promise<void> {
  const { java, libs } = await kafkaJavaClasspath({ version: options.version, quiet: true });
  const child = spawn(
    java,
    [
      ...JVM_FLAGS,
      '-cp',
      join(libs, '*'),
      SOURCE,
      options.bootstrap,
      options.topic,
      options.compression,
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stdin.end(options.records.map(({ key, value }) => `${key}\t${value}\n`).join(''));

  const code = await new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`TickProducer timed out after ${JAVA_PRODUCER_TIMEOUT_MS} ms:\n${output}`));
    }, JAVA_PRODUCER_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  if (code !== 0 || !output.includes(`sent ${options.records.length}`)) {
    throw new Error(
      `TickProducer (${options.compression}) exited ${code}:\n${output.slice(-4000)}`,
    );
  }
}

/** Kafka's codec id in a record batch's attributes (the low 3 bits). */
const CODEC_IDS: Record<CompressionName, number> = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 };

/**
 * The codecs of the record batches stored in a partition's first log segment,
 * read from the broker's data dir: proof that a test's batches really are
 * compressed as intended (the broker keeps the producer's codec by default).
 */
export function storedCodecs(dataDir: string, topic: string, partition = 0): CompressionName[] {
  const segment = readFileSync(
    join(dataDir, 'data', `${topic}-${partition}`, '0'.repeat(20) + '.log'),
  );
  const byId = new Map(
    Object.entries(CODEC_IDS).map(([name, id]) => [id, name as CompressionName]),
  );
  const codecs: CompressionName[] = [];
  // Batch header: baseOffset int64, batchLength int32, leaderEpoch int32, magic int8,
  // crc int32, attributes int16 (so attributes start 21 bytes in).
  for (let at = 0; at + 23 <= segment.length; at += 12 + segment.readInt32BE(at + 8)) {
    codecs.push(byId.get(segment.readInt16BE(at + 21) & 0x07)!);
  }
  return codecs;
}
