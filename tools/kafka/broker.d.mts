/** Types of broker.mjs, for TypeScript callers (the tests). */

/** Kafka version used when neither `version` nor KAFKA_VERSION is given. */
export declare const DEFAULT_KAFKA_VERSION: string;

export interface LocalBrokerOptions {
  /** Kafka version; default KAFKA_VERSION or DEFAULT_KAFKA_VERSION. */
  version?: string;
  /** Broker port; default a free loopback port. */
  port?: number;
  /** KRaft controller port; default a free loopback port. */
  controllerPort?: number;
  /** Where server.log goes; default inside the data dir. */
  logDir?: string;
  /** No progress messages on stderr. */
  quiet?: boolean;
  /** Let the broker outlive this process. */
  detached?: boolean;
  /** Readiness timeout in ms (default 120000). */
  readyTimeoutMs?: number;
}

export interface LocalBroker {
  /** `127.0.0.1:<port>` */
  readonly bootstrap: string;
  readonly version: string;
  readonly port: number;
  readonly pid: number;
  readonly dataDir: string;
  readonly logFile: string;
  /** Stops the broker and deletes its data. */
  stop(): Promise<void>;
  /** Stops and starts it again on the same ports and data. */
  restart(): Promise<void>;
}

/** Starts a single-node KRaft broker on 127.0.0.1 from Maven-resolved jars. */
export declare function startLocalBroker(options?: LocalBrokerOptions): Promise<LocalBroker>;

/**
 * The JDK and the Kafka jars of a version (resolved with Maven on first use), to run
 * Kafka's own Java clients: `java -cp '<libs>/*' Some.java`.
 */
export declare function kafkaJavaClasspath(options?: {
  /** Kafka version; default KAFKA_VERSION or DEFAULT_KAFKA_VERSION. */
  version?: string;
  /** No progress messages on stderr. */
  quiet?: boolean;
}): Promise<{ java: string; libs: string }>;
