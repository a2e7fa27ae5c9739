#!/usr/bin/env node
// @ts-check
// Builds the A/B prototype of proposal 1 in docs/performance.md: a copy of dist/ whose
// ClientSession.write() corks the session's socket on its first write of an event-loop
// turn and uncorks on process.nextTick, so all frames of that turn leave in one writev.
//   node bench/proposals/make-cork-dist.mjs <target-dir>
//   BENCH_TICKSTREAM_B_DIST=<target-dir> npm run bench -- reference --subjects tickstream,tickstream-b,raw-ws
// (add BENCH_TICKSTREAM_B_ENV=KAFKA_MAX_LOOP_DELAY_MS=60000 for proposal 2 as well)
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const target = process.argv[2];
if (!target) {
  process.stderr.write('usage: node bench/proposals/make-cork-dist.mjs <target-dir>\n');
  process.exit(1);
}
const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
cpSync(dist, target, { recursive: true });
const file = join(target, 'stream', 'client-session.js');
const before = `            this.socket.send(frame);`;
const after = `            const raw = this.socket._socket;
            if (raw !== undefined && !this.corked) {
                raw.cork();
                this.corked = true;
                process.nextTick(uncorkSession, this, raw);
            }
            this.socket.send(frame);`;
const source = readFileSync(file, 'utf8');
if (source.includes('cork')) throw new Error(`${file} already corks its writes (the change is in src/); nothing to prototype`);
if (!source.includes(before)) throw new Error(`${file}: write() no longer looks as expected; rebuild the prototype by hand`);
writeFileSync(
  file,
  `${source.replace(before, after)}\nfunction uncorkSession(session, raw) {\n    session.corked = false;\n    raw.uncork();\n}\n`,
);
process.stdout.write(`prototype build in ${target}\n`);
