import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';

export type SeedMode = 'demo' | 'none';
export type ClockMode = 'system' | 'manual';

/** The validated environment of SPEC §8. */
export interface AppConfig {
  port: number;
  databaseUrl: string;
  seed: SeedMode;
  /** NODE_ENV=production: demo data only on SEED=demo, a JWT_SECRET of ≥ 32 bytes required. */
  production: boolean;
  adminPassword: string | null;
  jwtSecret: string;
  jwtExpiresInSeconds: number;
  clockMode: ClockMode;
  clockStart: Date | null;
  sweepIntervalSeconds: number;
  /** `FULL` by default so that an acknowledged change survives a power loss; `NORMAL` for benchmarks. */
  sqliteSynchronous: 'FULL' | 'NORMAL';
  logLevel: 'error' | 'warn' | 'log' | 'debug';
  /** Origins allowed to call the API from a browser (CORS_ORIGINS, comma-separated); none by default. */
  corsOrigins: string[];
  /** Hosts webhooks may be registered for and sent to (`WEBHOOK_ALLOWED_HOSTS`, docs/notifications.md); empty: none. */
  webhookAllowedHosts: string[];
  /** The bell's server-sent-events stream (docs/notifications.md, "Live updates"). */
  notificationStream: NotificationStreamConfig;
  /** Evidence files (docs/attachments.md): where they are stored and how much a case may hold. */
  attachments: AttachmentLimits & { dir: string };
  /** Anchoring the history chain (docs/security.md, "History anchoring"). */
  historyAnchor: HistoryAnchorConfig;
}

export interface NotificationStreamConfig {
  /** A comment line this often keeps proxies from closing an idle stream (`NOTIFICATION_STREAM_HEARTBEAT_SECONDS`). */
  heartbeatSeconds: number;
  /** How often the newest notification id is read, for notifications other instances wrote, and sessions re-checked. */
  pollSeconds: number;
  /** Streams open at once per user; one more is refused with 429. */
  maxPerUser: number;
  /** A stream is ended after this long; the client reconnects (with its current token). */
  maxSeconds: number;
}

export interface HistoryAnchorConfig {
  /** The HMAC-SHA256 key that signs chain heads and checkpoints; never stored in the database. */
  key: string;
  /** true: HISTORY_ANCHOR_KEY was not set and the public development key is in use (refused in production). */
  developmentKey: boolean;
  /** The append-only JSONL file of checkpoints (HISTORY_CHECKPOINT_FILE). */
  checkpointFile: string;
  /** Seconds between scheduled checkpoints (HISTORY_CHECKPOINT_INTERVAL_SECONDS); 0: only on demand. */
  checkpointIntervalSeconds: number;
}

/**
 * The key used when HISTORY_ANCHOR_KEY is not set outside production: derived from a fixed, public
 * string, so that a development database keeps verifying across restarts. It protects nothing.
 */
export const DEVELOPMENT_HISTORY_ANCHOR_KEY = 'rectify-development-history-anchor-key (public, not a secret)';

export interface AttachmentLimits {
  maxFileBytes: number;
  maxCaseBytes: number;
  maxFilesPerCase: number;
}

const MIB = 1024 * 1024;

/** Next to the SQLite file (so one directory holds both), else `data/attachments`. */
function defaultAttachmentsDir(databaseUrl: string): string {
  return `${dataDir(databaseUrl)}/attachments`;
}

/** The SQLite file's directory, else `data`. */
function dataDir(databaseUrl: string): string {
  const file = /^sqlite:(.+)$/.exec(databaseUrl)?.[1];
  if (!file || file === ':memory:') return 'data';
  const slash = file.lastIndexOf('/');
  return slash >= 0 ? file.slice(0, slash) : '.';
}

export const APP_CONFIG = Symbol('APP_CONFIG');

/** The shortest JWT_SECRET accepted in production (HS256 wants a key at least as long as its hash). */
export const JWT_SECRET_MIN_BYTES = 32;

/** The shortest HISTORY_ANCHOR_KEY accepted (HMAC-SHA256 wants a key at least as long as its hash). */
export const HISTORY_ANCHOR_KEY_MIN_BYTES = 32;

export class ConfigError extends Error {}

function int(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be an integer, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be in [${min}, ${max}], got ${value}`);
  return value;
}

function oneOf<T extends string>(name: string, raw: string | undefined, allowed: readonly T[], fallback: T): T {
  if (raw === undefined || raw === '') return fallback;
  const value = raw.trim() as T;
  if (!allowed.includes(value)) throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  return value;
}

/** `host`, `host:port`, `*.suffix` or `*.suffix:port`, comma-separated; lower-cased. */
function hostList(name: string, raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === '') return [];
  const entries = raw.split(',').map((h) => h.trim().toLowerCase()).filter((h) => h !== '');
  for (const entry of entries) {
    if (!/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:(\d{1,5}|\*))?$/.test(entry) && !/^\[[0-9a-f:]+\](:(\d{1,5}|\*))?$/.test(entry)) {
      throw new ConfigError(`${name} must list host names or host:port, comma-separated (e.g. oapi.dingtalk.com,10.1.2.3:8080), got "${entry}"`);
    }
  }
  return entries;
}

function origins(raw: string | undefined): string[] {
  const list = (raw ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  for (const origin of list) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) throw new ConfigError(`CORS_ORIGINS must list origins like https://rectify.example.gov.cn (no path), got "${origin}"`);
  }
  return list;
}

/** Reads and validates the environment; throws a ConfigError naming the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<AppConfig> = {}): AppConfig {
  const databaseUrl = (env.DATABASE_URL ?? '').trim() || 'sqlite:data/rectify.sqlite';
  if (!/^(sqlite:|postgres(ql)?:\/\/)/.test(databaseUrl)) {
    throw new ConfigError(`DATABASE_URL must start with sqlite: or postgres://, got "${databaseUrl}"`);
  }
  let clockStart: Date | null = null;
  if (env.APP_CLOCK_START) {
    clockStart = new Date(env.APP_CLOCK_START);
    if (Number.isNaN(clockStart.getTime())) throw new ConfigError(`APP_CLOCK_START must be an ISO instant, got "${env.APP_CLOCK_START}"`);
  }
  const adminPassword = env.ADMIN_PASSWORD ?? null;
  // ADMIN_PASSWORD is checked against the password policy where the admin is created (DemoSeeder).
  const production = (env.NODE_ENV ?? '').trim() === 'production';
  let jwtSecret = env.JWT_SECRET ?? '';
  // A random key per start means two instances reject each other's tokens and a restart logs everyone out.
  if (production && !overrides.jwtSecret && Buffer.byteLength(jwtSecret, 'utf8') < JWT_SECRET_MIN_BYTES) {
    throw new ConfigError(`JWT_SECRET must be set to at least ${JWT_SECRET_MIN_BYTES} bytes when NODE_ENV=production (e.g. openssl rand -hex 32)`);
  }
  if (!jwtSecret) {
    jwtSecret = randomBytes(32).toString('hex');
    if (!overrides.jwtSecret) {
      new Logger('Config').warn('JWT_SECRET is not set: using a random key, so tokens do not survive a restart and instances do not share them');
    }
  }
  const historyAnchorKey = env.HISTORY_ANCHOR_KEY ?? '';
  if (historyAnchorKey && Buffer.byteLength(historyAnchorKey, 'utf8') < HISTORY_ANCHOR_KEY_MIN_BYTES) {
    throw new ConfigError(`HISTORY_ANCHOR_KEY must be at least ${HISTORY_ANCHOR_KEY_MIN_BYTES} bytes (e.g. openssl rand -hex 32)`);
  }
  if (production && !historyAnchorKey && !overrides.historyAnchor) {
    throw new ConfigError(
      `HISTORY_ANCHOR_KEY must be set to at least ${HISTORY_ANCHOR_KEY_MIN_BYTES} bytes when NODE_ENV=production (e.g. openssl rand -hex 32): it signs the history chain heads and checkpoints and must not be stored in the database`,
    );
  }
  if (production && historyAnchorKey && historyAnchorKey === env.JWT_SECRET) {
    throw new ConfigError('HISTORY_ANCHOR_KEY must differ from JWT_SECRET (a leaked token key must not let anyone re-sign the history)');
  }
  return {
    port: int('PORT', env.PORT, 3000, 0, 65535),
    databaseUrl,
    // Demo accounts share a public password: production loads them only when SEED=demo says so.
    seed: oneOf('SEED', env.SEED, ['demo', 'none'] as const, production ? 'none' : 'demo'),
    production,
    adminPassword,
    jwtSecret,
    jwtExpiresInSeconds: int('JWT_EXPIRES_IN_SECONDS', env.JWT_EXPIRES_IN_SECONDS, 8 * 3600, 60, 30 * 24 * 3600),
    clockMode: oneOf('APP_CLOCK', env.APP_CLOCK, ['system', 'manual'] as const, 'system'),
    clockStart,
    sweepIntervalSeconds: int('SWEEP_INTERVAL_SECONDS', env.SWEEP_INTERVAL_SECONDS, 60, 0, 86400),
    sqliteSynchronous: oneOf('SQLITE_SYNCHRONOUS', env.SQLITE_SYNCHRONOUS, ['FULL', 'NORMAL'] as const, 'FULL'),
    corsOrigins: origins(env.CORS_ORIGINS),
    logLevel: oneOf('LOG_LEVEL', env.LOG_LEVEL, ['error', 'warn', 'log', 'debug'] as const, 'log'),
    webhookAllowedHosts: hostList('WEBHOOK_ALLOWED_HOSTS', env.WEBHOOK_ALLOWED_HOSTS),
    notificationStream: {
      heartbeatSeconds: int('NOTIFICATION_STREAM_HEARTBEAT_SECONDS', env.NOTIFICATION_STREAM_HEARTBEAT_SECONDS, 20, 1, 3600),
      pollSeconds: int('NOTIFICATION_STREAM_POLL_SECONDS', env.NOTIFICATION_STREAM_POLL_SECONDS, 3, 1, 3600),
      maxPerUser: int('NOTIFICATION_STREAM_MAX_PER_USER', env.NOTIFICATION_STREAM_MAX_PER_USER, 4, 1, 100),
      maxSeconds: int('NOTIFICATION_STREAM_MAX_SECONDS', env.NOTIFICATION_STREAM_MAX_SECONDS, 900, 1, 86400),
    },
    attachments: {
      dir: (env.ATTACHMENTS_DIR ?? '').trim() || defaultAttachmentsDir(overrides.databaseUrl ?? databaseUrl),
      maxFileBytes: int('ATTACHMENT_MAX_FILE_MB', env.ATTACHMENT_MAX_FILE_MB, 20, 1, 4096) * MIB,
      maxCaseBytes: int('ATTACHMENT_MAX_CASE_MB', env.ATTACHMENT_MAX_CASE_MB, 200, 1, 1024 * 1024) * MIB,
      maxFilesPerCase: int('ATTACHMENT_MAX_FILES_PER_CASE', env.ATTACHMENT_MAX_FILES_PER_CASE, 100, 1, 100_000),
    },
    historyAnchor: {
      key: historyAnchorKey || DEVELOPMENT_HISTORY_ANCHOR_KEY,
      developmentKey: !historyAnchorKey,
      checkpointFile: (env.HISTORY_CHECKPOINT_FILE ?? '').trim() || `${dataDir(overrides.databaseUrl ?? databaseUrl)}/history-checkpoints.jsonl`,
      checkpointIntervalSeconds: int('HISTORY_CHECKPOINT_INTERVAL_SECONDS', env.HISTORY_CHECKPOINT_INTERVAL_SECONDS, 3600, 0, 7 * 86400),
    },
    ...overrides,
  };
}
