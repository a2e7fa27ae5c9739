import type { RawData } from 'ws';

/** A client frame, parsed: a JSON object, or the reason it is not one. */
export type ParsedFrame =
  { ok: true; value: Record<string, unknown> } | { ok: false; reason: string };

/** Parses one WebSocket message into a JSON object (protocol requests are objects). */
export function parseFrame(data: RawData, isBinary: boolean): ParsedFrame {
  if (isBinary)
    return { ok: false, reason: 'Binary frames are not accepted; send JSON text frames' };
  let value: unknown;
  try {
    value = JSON.parse(rawToString(data));
  } catch {
    return { ok: false, reason: 'Frame is not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'A request must be a JSON object' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

function rawToString(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
