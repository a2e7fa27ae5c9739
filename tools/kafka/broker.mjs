// Local single-node Apache Kafka broker (KRaft) run from Maven-resolved jars, no Docker.
// Plain Node ESM with built-ins only, so tests and CLIs can import it without a build step.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync,
  statSync, writeFileSync,
} from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Kafka version used when neither the `version` option nor KAFKA_VERSION is given. */
export const DEFAULT_KAFKA_VERSION = '4.4.0';

const HERE = dirname(fileURLToPath(import.meta.url));
/** Repository root (tools/kafka/ is two levels down). */
export const REPO_ROOT = resolve(HERE, '..', '..');
/** Where resolved jars (per version) and the CLI state live; shared between runs. */
export const CACHE_ROOT = join(REPO_ROOT, '.cache', 'kafka');
const POM = join(HERE, 'pom.xml');

const HOST = '127.0.0.1';
const MIN_JAVA_MAJOR = 17;
/** First resolution downloads ~45 MB of jars (plus Maven plugins on a fresh ~/.m2). */
const MVN_TIMEOUT_MS = 10 * 60_000;
const FORMAT_TIMEOUT_MS = 60_000;
/** Cold JVM + KRaft bootstrap on 2 cores takes a few seconds; leave room for slow CI. */
const READY_TIMEOUT_MS = 120_000;
const READY_POLL_MS = 100;
/** A clean shutdown (controlled, flushes logs) normally takes 1-3 s. */
const STOP_TIMEOUT_MS = 20_000;
const KILL_TIMEOUT_MS = 5_000;
const LOG_TAIL_BYTES = 8_000;
const READY_LOG_LINE = 'Kafka Server started';
const COMPLETE_MARKER = '.complete';

/**
 * JVM flags for a small, fast-starting test broker. The stock scripts use -Xmx1G and G1;
 * a test broker needs far less heap, and on 2 cores SerialGC avoids GC threads competing
 * with the broker's own. C2 stays enabled: C1-only saved only ~0.5 s of startup in a test
 * here and would slow the broker down under load tests.
 */
const JVM_FLAGS = [
  '-Xms128m', '-Xmx512m',
  '-XX:+UseSerialGC',
  '-XX:-UsePerfData', // no /tmp/hsperfdata files left behind by killed brokers
  '-Djava.awt.headless=true',
  '-Djava.net.preferIPv4Stack=true', // we only listen on 127.0.0.1
];
/** The storage tool is a one-shot JVM: C1 only makes it start noticeably faster. */
const TOOL_JVM_FLAGS = ['-Xmx256m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-XX:-UsePerfData'];

/**
 * Start a single-node Kafka broker (KRaft, combined broker+controller) on 127.0.0.1.
 * Jars are resolved once per version with Maven into `.cache/kafka/<version>/libs`.
 *
 * @param {object} [options]
 * @param {string} [options.version] Kafka version; default `KAFKA_VERSION` env or DEFAULT_KAFKA_VERSION.
 * @param {number} [options.port] broker (PLAINTEXT) port; default: a free loopback port.
 * @param {number} [options.controllerPort] KRaft controller port; default: a free loopback port.
 * @param {string} [options.logDir] directory for server.log/stdout.log; default: inside the
 *   temporary data dir (removed by stop()). Pass one to keep the logs.
 * @param {boolean} [options.quiet] do not print progress messages to stderr.
 * @param {boolean} [options.detached] let the broker outlive this Node process (used by up.mjs);
 *   otherwise it is killed when this process exits.
 * @param {number} [options.readyTimeoutMs] how long to wait for readiness (default 120 s).
 * @returns {Promise<{bootstrap: string, version: string, pid: number, port: number,
 *   dataDir: string, logFile: string, stop: () => Promise<void>, restart: () => Promise<void>}>}
 *   `stop()` shuts the broker down and deletes its data; `restart()` shuts it down and starts it
 *   again on the same ports and data (topics and committed offsets survive), e.g. to test that
 *   clients recover. `pid` changes on restart.
 */
export async function startLocalBroker({
  version = process.env.KAFKA_VERSION || DEFAULT_KAFKA_VERSION,
  port, controllerPort, logDir, quiet = false, detached = false,
  readyTimeoutMs = READY_TIMEOUT_MS,
} = {}) {
  const log = quiet ? () => {} : (msg) => process.stderr.write(`[kafka] ${msg}\n`);
  const java = checkPrerequisites();
  const libs = await ensureKafkaJars(version, log);

  port ??= await findFreePort();
  controllerPort ??= await findFreePort([port]);
  const dataDir = mkdtempSync(join(tmpdir(), `kafka-${version}-`));
  logDir = resolve(logDir ?? join(dataDir, 'logs'));
  mkdirSync(logDir, { recursive: true });
  const files = writeConfigFiles({ version, port, controllerPort, dataDir, logDir });

  /** Spawn the JVM and wait for readiness; on failure kill it so nothing half-started lingers. */
  const launch = async () => {
    log(`starting Kafka ${version} on ${HOST}:${port} (logs: ${logDir})`);
    const started = Date.now();
    const child = spawnBroker({ java, libs, files, detached });
    try {
      await waitUntilReady({ child, port, files, timeoutMs: readyTimeoutMs });
    } catch (err) {
      signal(child.pid, 'SIGKILL'); // a broker that failed to start has nothing worth flushing
      await waitForExit(child.pid, child, KILL_TIMEOUT_MS);
      forgetChild(child);
      throw err;
    }
    log(`Kafka ${version} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return child;
  };

  let child;
  try {
    await formatStorage({ java, libs, files });
    child = await launch();
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    bootstrap: `${HOST}:${port}`, version, port, dataDir, logFile: files.serverLog,
    get pid() { return child.pid; },
    stop: onceAsync(() => stopBroker({ pid: child.pid, child, dataDir })),
    restart: async () => {
      await stopBroker({ pid: child.pid, child }); // no dataDir: keep the data
      child = await launch();
    },
  };
}

/**
 * The JDK and the Kafka jars of `version` (resolved with Maven on first use, like the broker's),
 * e.g. to run Kafka's own Java clients from tests: `java -cp '<libs>/*' Some.java`.
 * The jars include kafka-clients and its codec libraries (lz4-java, snappy-java, zstd-jni).
 *
 * @param {object} [options]
 * @param {string} [options.version] Kafka version; default `KAFKA_VERSION` env or DEFAULT_KAFKA_VERSION.
 * @param {boolean} [options.quiet] do not print progress messages to stderr.
 * @returns {Promise<{java: string, libs: string}>} the `java` executable and the libs directory
 */
export async function kafkaJavaClasspath({
  version = process.env.KAFKA_VERSION || DEFAULT_KAFKA_VERSION, quiet = false,
} = {}) {
  const log = quiet ? () => {} : (msg) => process.stderr.write(`[kafka] ${msg}\n`);
  const java = checkPrerequisites();
  return { java, libs: await ensureKafkaJars(version, log) };
}

/**
 * Stop a broker by pid: SIGTERM (controlled shutdown), then SIGKILL after a timeout,
 * then remove its data dir. Safe to call for a pid that is already gone.
 *
 * @param {{pid: number, dataDir?: string, child?: import('node:child_process').ChildProcess}} target
 * @returns {Promise<void>}
 */
export async function stopBroker({ pid, dataDir, child }) {
  if (isAlive(pid)) {
    signal(pid, 'SIGTERM');
    if (!(await waitForExit(pid, child, STOP_TIMEOUT_MS))) {
      signal(pid, 'SIGKILL');
      await waitForExit(pid, child, KILL_TIMEOUT_MS);
    }
  }
  if (child) forgetChild(child);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

/**
 * True if `pid` is a live process whose command line is a Kafka broker (guards against
 * pid reuse when acting on a stale state file). Where /proc is missing, only liveness is checked.
 *
 * @param {number} pid
 * @returns {boolean}
 */
export function isKafkaBrokerProcess(pid) {
  if (!isAlive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('kafka.Kafka');
  } catch {
    return !existsSync('/proc/self');
  }
}

// ---------------------------------------------------------------------------------------
// Prerequisites and jar resolution

/** Fail early, naming exactly what is missing, instead of a cryptic spawn ENOENT later. */
function checkPrerequisites() {
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const problems = [];
  const res = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (res.error) {
    problems.push(`'${java}' not found: install a JDK >= ${MIN_JAVA_MAJOR} (e.g. apt-get install openjdk-17-jdk-headless) or set JAVA_HOME`);
  } else {
    const major = parseJavaMajor(`${res.stderr}${res.stdout}`);
    if (major === null || major < MIN_JAVA_MAJOR) {
      problems.push(`Java >= ${MIN_JAVA_MAJOR} required, found: ${(res.stderr || res.stdout).split('\n')[0]}`);
    }
  }
  if (spawnSync('mvn', ['-v'], { encoding: 'utf8' }).error) {
    problems.push("'mvn' not found: install Maven (e.g. apt-get install maven); it resolves the Kafka jars");
  }
  if (problems.length) throw new Error(`Cannot start a local Kafka broker:\n  - ${problems.join('\n  - ')}`);
  return java;
}

/** `java -version` prints e.g. `openjdk version "17.0.15"` or, for Java 8, `"1.8.0_402"`. */
function parseJavaMajor(text) {
  const m = /version "(\d+)(?:\.(\d+))?/.exec(text);
  if (!m) return null;
  const first = Number(m[1]);
  return first === 1 ? Number(m[2]) : first;
}

/**
 * Resolve the broker's runtime jars into `.cache/kafka/<version>/libs` once.
 * Maven copies into a staging dir that is renamed into place, and a marker file is written
 * last, so an interrupted copy (or two concurrent first runs) never leaves a half-filled libs dir in use.
 */
async function ensureKafkaJars(version, log) {
  if (!/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`Invalid Kafka version '${version}' (expected e.g. ${DEFAULT_KAFKA_VERSION})`);
  const versionDir = join(CACHE_ROOT, version);
  const libs = join(versionDir, 'libs');
  const marker = join(versionDir, COMPLETE_MARKER);
  if (existsSync(marker)) return libs;

  mkdirSync(versionDir, { recursive: true });
  const staging = join(versionDir, `libs.staging-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  log(`resolving Kafka ${version} jars with Maven into ${libs} (first run only)`);
  const started = Date.now();
  const args = [
    '-q', '-B', '-f', POM, 'dependency:copy-dependencies',
    '-DincludeScope=runtime', `-DoutputDirectory=${staging}`, `-Dkafka.version=${version}`,
    // 3.x logs through reload4j, 4.x through Log4j2: see the profiles in pom.xml.
    ...(majorOf(version) < 4 ? ['-P', 'kafka-3'] : []),
  ];
  const res = await run('mvn', args, { timeoutMs: MVN_TIMEOUT_MS });
  if (res.code !== 0) {
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(libs)) rmSync(versionDir, { recursive: true, force: true }); // e.g. a typo'd version
    throw new Error(`Maven could not resolve Kafka ${version} (mvn ${args.join(' ')}), exit ${res.code}:\n${tail(res.output)}`);
  }
  if (existsSync(marker)) { // another process finished first: keep its copy
    rmSync(staging, { recursive: true, force: true });
  } else {
    rmSync(libs, { recursive: true, force: true });
    renameSync(staging, libs);
    writeFileSync(marker, `${new Date().toISOString()}\n`);
  }
  log(`resolved Kafka ${version} jars in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return libs;
}

const majorOf = (version) => Number(version.split('.')[0]);

// ---------------------------------------------------------------------------------------
// Configuration

/** Write server.properties and the logging config; returns their paths. */
function writeConfigFiles({ version, port, controllerPort, dataDir, logDir }) {
  const files = {
    serverProperties: join(dataDir, 'server.properties'),
    logConfig: join(dataDir, majorOf(version) < 4 ? 'log4j.properties' : 'log4j2.properties'),
    serverLog: join(logDir, 'server.log'),
    stdoutLog: join(logDir, 'stdout.log'),
    is4x: majorOf(version) >= 4,
  };
  // A reused logDir must not still hold a previous run's "Kafka Server started" line.
  rmSync(files.serverLog, { force: true });
  rmSync(files.stdoutLog, { force: true });
  writeFileSync(files.serverProperties, serverProperties({ port, controllerPort, dataDir, is4x: files.is4x }));
  writeFileSync(files.logConfig, files.is4x ? log4j2Config(files.serverLog) : log4jConfig(files.serverLog));
  return files;
}

function serverProperties({ port, controllerPort, dataDir, is4x }) {
  const props = {
    // Single node acting as broker and its own KRaft controller; a static voter set
    // means no --standalone/--initial-controllers dance when formatting (works on 3.9 and 4.x).
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@${HOST}:${controllerPort}`,
    'listeners': `PLAINTEXT://${HOST}:${port},CONTROLLER://${HOST}:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${HOST}:${port}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'log.dirs': join(dataDir, 'data'),
    'num.partitions': 3,
    'auto.create.topics.enable': true,
    // One node: every internal topic must be satisfiable with a single replica.
    'default.replication.factor': 1,
    'offsets.topic.replication.factor': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    // Fewer internal partitions make the first consumer-group join and shutdown quicker.
    'offsets.topic.num.partitions': 10,
    'transaction.state.log.num.partitions': 5,
    // Tests should not sit out the default 3 s rebalance delay on every group join.
    'group.initial.rebalance.delay.ms': 0,
    // Keep thread counts proportionate to a 2-core machine.
    'num.network.threads': 2,
    'num.io.threads': 4,
    'background.threads': 4,
    ...(is4x ? {
      // 4.x share groups (KIP-932) have their own internal topic, defaulting to RF 3.
      'share.coordinator.state.topic.replication.factor': 1,
      'share.coordinator.state.topic.min.isr': 1,
    } : {}),
  };
  return `${Object.entries(props).map(([k, v]) => `${k}=${v}`).join('\n')}\n`;
}

/** Kafka 3.x: log4j 1.x syntax (reload4j). Everything goes to one file, nothing to the console. */
function log4jConfig(logFile) {
  return [
    'log4j.rootLogger=INFO, file',
    'log4j.appender.file=org.apache.log4j.FileAppender',
    `log4j.appender.file.File=${logFile}`,
    'log4j.appender.file.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n',
    // The request logger and state-change logs are very chatty at INFO/TRACE.
    'log4j.logger.kafka.request.logger=WARN',
    'log4j.logger.state.change.logger=WARN',
    '',
  ].join('\n');
}

/** Kafka 4.x: Log4j2 in .properties syntax (YAML/JSON configs would need extra Jackson modules). */
function log4j2Config(logFile) {
  return [
    'status = warn',
    // Log4j2's own shutdown hook would close the file before Kafka's shutdown hook has
    // logged its controlled shutdown; Kafka's hook runs last anyway, so keep logging open.
    'shutdownHook = disable',
    'appender.file.type = File',
    'appender.file.name = FILE',
    `appender.file.fileName = ${logFile}`,
    'appender.file.layout.type = PatternLayout',
    'appender.file.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = INFO',
    'rootLogger.appenderRef.file.ref = FILE',
    'logger.request.name = kafka.request.logger',
    'logger.request.level = WARN',
    'logger.state.name = state.change.logger',
    'logger.state.level = WARN',
    '',
  ].join('\n');
}

function logConfigFlag(files) {
  return files.is4x
    ? `-Dlog4j2.configurationFile=${files.logConfig}`
    : `-Dlog4j.configuration=file:${files.logConfig}`;
}

// ---------------------------------------------------------------------------------------
// Storage format and broker process

/**
 * Format the KRaft log dir. The cluster id is generated here in Kafka's own format
 * (what `StorageTool random-uuid` prints) to save a JVM start of ~1 s.
 */
async function formatStorage({ java, libs, files }) {
  const args = [
    ...TOOL_JVM_FLAGS, logConfigFlag(files), '-cp', join(libs, '*'),
    'kafka.tools.StorageTool', 'format', '-t', kafkaRandomUuid(), '-c', files.serverProperties,
  ];
  const res = await run(java, args, { timeoutMs: FORMAT_TIMEOUT_MS });
  if (res.code !== 0) throw new Error(`kafka.tools.StorageTool format failed (exit ${res.code}):\n${tail(res.output)}`);
}

/**
 * Same shape as org.apache.kafka.common.Uuid.randomUuid(): a v4 UUID as unpadded base64url,
 * re-drawn if it would start with '-' (Kafka rejects that to keep ids CLI-friendly).
 */
function kafkaRandomUuid() {
  for (;;) {
    const bytes = randomBytes(16);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const id = bytes.toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** Children still running when this Node process exits; they are killed then (not detached ones). */
const liveChildren = new Set();
let exitHookInstalled = false;

function spawnBroker({ java, libs, files, detached }) {
  // The JVM's own stdout/stderr (e.g. a crash before log4j is configured) go to a file,
  // never to a pipe: a pipe would keep this process alive and break up.mjs's detach.
  const out = openSync(files.stdoutLog, 'a');
  try {
    const child = spawn(java, [
      ...JVM_FLAGS, logConfigFlag(files), '-cp', join(libs, '*'), 'kafka.Kafka', files.serverProperties,
    ], { stdio: ['ignore', out, out], detached });
    if (detached) {
      child.unref();
    } else {
      trackChild(child);
    }
    return child;
  } finally {
    closeSync(out);
  }
}

function trackChild(child) {
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort if a test run forgets stop(): do not leave JVMs behind. Only synchronous
  // work is possible here, so SIGKILL (the temp data dir stays behind in that case).
  process.once('exit', () => {
    for (const c of liveChildren) signal(c.pid, 'SIGKILL');
  });
}

function forgetChild(child) {
  liveChildren.delete(child);
}

/**
 * Ready = the broker logged "Kafka Server started" (KafkaRaftServer finished startup, so
 * metadata and group coordination are up) AND its port accepts connections. Only log text
 * written after the spawn counts, so a restart is not fooled by the previous start's line.
 */
async function waitUntilReady({ child, port, files, timeoutMs }) {
  const logOffset = fileSize(files.serverLog);
  let exited = null;
  const onExit = (code, sig) => { exited = sig ?? `exit code ${code}`; };
  child.once('exit', onExit);
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (exited) throw new Error(`Kafka broker exited during startup (${exited}).\n${describeLogs(files)}`);
      if (readFrom(files.serverLog, logOffset).includes(READY_LOG_LINE) && await canConnect(port)) return;
      if (Date.now() > deadline) {
        throw new Error(`Kafka broker not ready after ${timeoutMs / 1000} s on port ${port}.\n${describeLogs(files)}`);
      }
      await sleep(READY_POLL_MS);
    }
  } finally {
    child.off('exit', onExit);
  }
}

/** The root cause (e.g. "Address already in use") is usually far above the shutdown noise at the end. */
function describeLogs({ serverLog, stdoutLog }) {
  const log = readFrom(serverLog);
  return [
    `--- first errors in ${serverLog} ---`, firstErrors(log) || '(none)',
    `--- tail of ${serverLog} ---`, tail(log),
    `--- tail of ${stdoutLog} ---`, tail(readFrom(stdoutLog)),
  ].join('\n');
}

/** The first ERROR/FATAL log entries, each with the exception line that follows it. */
function firstErrors(log, max = 4) {
  const lines = log.split('\n');
  const found = [];
  for (let i = 0; i < lines.length && found.length < max; i++) {
    if (!/^\[[^\]]+\] (ERROR|FATAL) /.test(lines[i])) continue;
    const next = lines[i + 1] ?? '';
    found.push(next && !next.startsWith('[') ? `${lines[i]}\n  ${next}` : lines[i]);
  }
  return found.join('\n');
}

// ---------------------------------------------------------------------------------------
// Small process / network / file helpers

/** Run a command to completion, collecting stdout+stderr; never rejects on a non-zero exit. */
function run(cmd, args, { timeoutMs }) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk) => { output = (output + chunk).slice(-64_000); };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => {
      output += `\n[killed after ${timeoutMs / 1000} s]`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('error', (err) => { clearTimeout(timer); reject(err); });
    // Debian's mvn emits colour resets even with -B; keep error messages readable.
    const stripAnsi = (text) => text.replace(/\x1b\[[0-9;]*m/g, '');
    child.once('close', (code) => { clearTimeout(timer); resolvePromise({ code, output: stripAnsi(output) }); });
  });
}

/** Ask the OS for a free loopback port (there is a small race until Kafka binds it). */
async function findFreePort(avoid = []) {
  for (;;) {
    const port = await new Promise((resolvePromise, reject) => {
      const srv = createServer();
      srv.once('error', reject);
      srv.listen(0, HOST, () => {
        const { port: p } = srv.address();
        srv.close(() => resolvePromise(p));
      });
    });
    if (!avoid.includes(port)) return port;
  }
}

function canConnect(port) {
  return new Promise((resolvePromise) => {
    const socket = createConnection({ host: HOST, port });
    const done = (ok) => { socket.destroy(); resolvePromise(ok); };
    socket.setTimeout(1_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function isAlive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

function signal(pid, sig) {
  try { process.kill(pid, sig); } catch { /* already gone */ }
}

/** Resolve true once the process is gone, false on timeout. Own children: use 'exit'; others: poll. */
async function waitForExit(pid, child, timeoutMs) {
  if (child) {
    if (child.exitCode !== null || child.signalCode !== null) return true;
    return new Promise((resolvePromise) => {
      const timer = setTimeout(() => resolvePromise(false), timeoutMs);
      child.once('exit', () => { clearTimeout(timer); resolvePromise(true); });
    });
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(READY_POLL_MS);
  }
  return !isAlive(pid);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Contents of `file` from byte `offset` on; '' if it does not exist (yet). */
function readFrom(file, offset = 0) {
  try { return readFileSync(file).subarray(offset).toString('utf8'); } catch { return ''; }
}

function fileSize(file) {
  try { return statSync(file).size; } catch { return 0; }
}

function tail(text, bytes = LOG_TAIL_BYTES) {
  const t = text.trimEnd();
  return t.length > bytes ? `...${t.slice(-bytes)}` : t || '(empty)';
}

/** Make stop() idempotent: concurrent or repeated calls share one shutdown. */
function onceAsync(fn) {
  let promise;
  return () => (promise ??= fn());
}
