#!/usr/bin/env node
// @ts-check
// Summarises a V8 .cpuprofile (from `node --cpu-prof`): the functions with the most
// self time and the most total (inclusive) time, as a Markdown table.
// usage: node bench/profile-summary.mjs <file.cpuprofile> [top=25]
import { readFileSync } from 'node:fs';

/**
 * @typedef {{ id: number, callFrame: { functionName: string, url: string, lineNumber: number },
 *   hitCount: number, children?: number[] }} ProfileNode
 */

/**
 * @param {string} file
 * @param {number} top
 */
export function summarise(file, top = 25) {
  /** @type {{ nodes: ProfileNode[], startTime: number, endTime: number }} */
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  /** @type {Map<number, ProfileNode>} */
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totalHits = profile.nodes.reduce((s, n) => s + n.hitCount, 0);
  /** @param {ProfileNode} n */
  const key = (n) => {
    const url = n.callFrame.url.replace(/^file:\/\/.*?\/(node_modules|dist|bench)\//, '$1/');
    return `${n.callFrame.functionName || '(anonymous)'} ${url ? `${url}:${n.callFrame.lineNumber + 1}` : ''}`.trim();
  };
  /** @type {Map<string, number>} */
  const self = new Map();
  for (const n of profile.nodes) self.set(key(n), (self.get(key(n)) ?? 0) + n.hitCount);
  // Inclusive: hits of the subtree, counting a function once per stack (no double counting in recursion).
  /** @type {Map<string, number>} */
  const inclusive = new Map();
  /**
   * @param {ProfileNode} node
   * @param {Set<string>} onStack
   * @returns {number}
   */
  const walk = (node, onStack) => {
    const k = key(node);
    const fresh = !onStack.has(k);
    if (fresh) onStack.add(k);
    let hits = node.hitCount;
    for (const child of node.children ?? []) hits += walk(/** @type {ProfileNode} */ (byId.get(child)), onStack);
    if (fresh) {
      onStack.delete(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + hits);
    }
    return hits;
  };
  walk(profile.nodes[0], new Set());
  const pct = (/** @type {number} */ h) => `${((100 * h) / totalHits).toFixed(1)}%`;
  const idle = self.get('(idle)') ?? 0;
  const rows = [
    `Profile ${file.split('/').pop()}: ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s, ${totalHits} samples, idle ${pct(idle)}`,
    '',
    '| self | function |',
    '|---|---|',
    ...[...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, h]) => `| ${pct(h)} | \`${k}\` |`),
    '',
    '| total | function |',
    '|---|---|',
    ...[...inclusive.entries()]
      .filter(([k]) => !k.startsWith('(root)') && !k.startsWith('(program)') && !k.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, h]) => `| ${pct(h)} | \`${k}\` |`),
  ];
  return rows.join('\n');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node bench/profile-summary.mjs <file.cpuprofile> [top]\n');
    process.exit(1);
  }
  process.stdout.write(`${summarise(file, Number(top ?? 25))}\n`);
}
