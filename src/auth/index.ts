/**
 * Authentication, entitlements and connection limits for the WebSocket
 * upgrade. Framework-free: plain functions and classes over `IncomingMessage`.
 */
export { AUTH_MODES, type AuthConfig, type AuthMode } from './auth-config.js';
export { AUTH_CORE, createAuthCore, type AuthCore, type AuthCoreOptions } from './auth-core.js';
export {
  RETRY_AFTER_S,
  type AuthFailureReason,
  type AuthFailureStatus,
  type AuthResult,
} from './auth-result.js';
export { Authenticator, type AuthRequest } from './authenticator.js';
export { connectionDeadline } from './connection-deadline.js';
export {
  ConnectionLimiter,
  clientAddress,
  type AcquireResult,
  type ConnectionCounts,
  type ConnectionLease,
  type LimitReason,
  type LimitRefusal,
} from './connection-limiter.js';
export { extractCredential, redactUrl, REDACTED } from './credentials.js';
export {
  anonymousPrincipal,
  effectiveMaxSymbols,
  type Entitlements,
  type Principal,
  type PrincipalEntitlements,
  type PrincipalKind,
} from './entitlements.js';
