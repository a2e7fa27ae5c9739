/**
 * Protocol v1: the one copy of the wire contract, shared by the gateway, the
 * client SDK, the tests and the load scripts. No Nest, no I/O.
 */
export * from './messages.js';
export * from './error-codes.js';
export * from './close-codes.js';
