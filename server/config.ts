/**
 * Server configuration from environment variables, validated with zod at boot.
 * A wrong value stops the server with a message naming the variable.
 */
import { z } from 'zod';
import { parseProxyEntry } from './http/proxy.js';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const originList = z
  .string()
  .transform((s) => s.split(',').map((o) => o.trim()).filter(Boolean))
  .pipe(z.array(z.string().url()));

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** postgres:// URL of an external server. Unset: an embedded PostgreSQL under DATA_DIR (not in production, see below). */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  /**
   * Whether the embedded PostgreSQL may be used. Unset: in development and tests when DATABASE_URL is unset, never
   * in production. `true`: the embedded one in any mode (one instance, data under DATA_DIR). `false`: DATABASE_URL
   * is required in every mode.
   */
  EMBEDDED_DATABASE: bool.optional(),
  DATA_DIR: z.string().default('./data'),
  /** Port of the embedded PostgreSQL (only without DATABASE_URL). */
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  /** The origin users open, e.g. https://samraad.kommune.dk. Default: http://localhost:PORT (required in production). */
  PUBLIC_ORIGIN: z.string().url().optional(),
  /** Extra origins allowed to open websockets and send state-changing requests. */
  ALLOWED_ORIGINS: originList.optional(),
  SAMRAAD_DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  /** Bearer token for /metrics from outside loopback. Unset: loopback only. */
  METRICS_TOKEN: z.string().min(16).optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(120),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(12),
  WS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  /** How long the group commit waits to gather updates before one INSERT. */
  COMMIT_WINDOW_MS: z.coerce.number().min(0).max(100).default(0),
  /** Compact a document's update log into its snapshot after this many updates. */
  COMPACT_AFTER_UPDATES: z.coerce.number().int().min(10).default(1000),
  /** redis:// URL shared by every instance for cross-instance fan-out. Unset: one instance, no Redis. */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').optional(),
  /** Prefix of every Redis channel this deployment uses (several deployments or test runs can share one Redis). */
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1-64 letters, digits or _.:-').default('samraad'),
  /** Load balancers / reverse proxies (addresses or CIDRs, comma-separated) whose X-Forwarded-For is believed (H7). */
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((p) => p.trim()).filter(Boolean))
    .pipe(z.array(z.string().refine((p) => parseProxyEntry(p) !== null, 'must be addresses or CIDR ranges, comma-separated'))),
  /** Serve the built web app from dist/web (off in tests that only need the API). */
  SERVE_WEB: bool.default('true'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** OpenID Connect issuer URL (Entra ID, a broker in front of Context Handler / MitID Erhverv). Unset: no OIDC login. */
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  /** Unset: a public client authenticated by PKCE only. */
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** Default: PUBLIC_ORIGIN + /api/auth/oidc/callback. */
  OIDC_REDIRECT_URI: z.string().url().optional(),
  /** The ID token claim whose value identifies the user (User.oidcSubject; for `email` also User.email). */
  OIDC_MATCH_CLAIM: z.string().regex(/^[A-Za-z0-9_:.-]{1,100}$/, 'must be a claim name').default('email'),
  OIDC_SCOPES: z.string().regex(/(^|\s)openid(\s|$)/, 'must include openid').default('openid email profile'),
  /**
   * Parents' sign-in with MitID (docs/SPEC.md, PA10): the issuer of the municipality's OpenID Connect broker for
   * citizens (in front of MitID). Unset: parents sign in with the e-mailed code only.
   */
  PARENT_OIDC_ISSUER: z.string().url().optional(),
  PARENT_OIDC_CLIENT_ID: z.string().min(1).optional(),
  /** Unset: a public client authenticated by PKCE only. */
  PARENT_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** Default: PUBLIC_ORIGIN + /api/parent/mitid/callback. */
  PARENT_OIDC_REDIRECT_URI: z.string().url().optional(),
  PARENT_OIDC_SCOPES: z.string().regex(/(^|\s)openid(\s|$)/, 'must include openid').default('openid profile'),
  /** Levels of assurance asked for (acr_values, space-separated); when set, the ID token's `acr` must be one of them. */
  PARENT_OIDC_ACR_VALUES: z.string().regex(/^[A-Za-z0-9_:./-]+( [A-Za-z0-9_:./-]+)*$/, 'must be acr values separated by spaces').optional(),
  /** Audit entries older than this many days are purged by the daily `audit-purge` job (about 6 months). */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(183),
  /** Closed cases are deleted or anonymised by the daily `retention` job this many months after closing. */
  CASE_RETENTION_MONTHS: z.coerce.number().int().min(1).max(120).default(12),
  /** What the `retention` job does with an expired case: remove everything, or keep anonymous statistics. */
  CASE_RETENTION_MODE: z.enum(['delete', 'anonymise']).default('delete'),
  /**
   * E-mail notices (docs/SPEC.md, ML5): an smtp:// or smtps:// URL with user and password in it, or the SMTP_HOST
   * fields below. Unset: mails are only logged in development and tests, and off in production.
   */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  SMTP_HOST: z.string().min(1).optional(),
  /** Default 587, or 465 with SMTP_SECURE. */
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASSWORD: z.string().min(1).optional(),
  /** true: TLS from the start (port 465); false: STARTTLS when the server offers it. */
  SMTP_SECURE: bool.default('false'),
  /** The sender, e.g. "Samråd <samraad@kommune.dk>"; required with SMTP. */
  MAIL_FROM: z.string().min(3).optional(),
});

export type Config = z.infer<typeof configSchema>;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const problems = [...checkDatabase(parsed.data), ...checkProduction(parsed.data)];
  const oidcProblem = checkOidc(parsed.data);
  if (oidcProblem) problems.push(oidcProblem);
  const parentOidcProblem = checkParentOidc(parsed.data);
  if (parentOidcProblem) problems.push(parentOidcProblem);
  const mailProblem = checkMail(parsed.data);
  if (mailProblem) problems.push(mailProblem);
  if (problems.length) throw new ConfigError(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  return parsed.data;
}

/**
 * The embedded PostgreSQL is for trying Samråd out and for development: one instance, a fixed password, data on
 * the local disk. Production gets it only when asked for by name (EMBEDDED_DATABASE=true), never by forgetting
 * DATABASE_URL.
 */
function checkDatabase(c: Config): string[] {
  if (c.EMBEDDED_DATABASE === true && c.DATABASE_URL) {
    return ['EMBEDDED_DATABASE: is true but DATABASE_URL is set too; set one of them'];
  }
  if (c.DATABASE_URL || c.EMBEDDED_DATABASE === true) return [];
  if (c.EMBEDDED_DATABASE === false) return ['DATABASE_URL: required when EMBEDDED_DATABASE is false'];
  if (c.NODE_ENV === 'production') {
    return [
      'DATABASE_URL: required in production (NODE_ENV=production): the postgres://user:password@host:5432/database ' +
        'URL of your PostgreSQL (or EMBEDDED_DATABASE=true for a single instance on an embedded PostgreSQL under DATA_DIR)',
    ];
  }
  return [];
}

/** Settings with a development default that would be wrong in production. */
function checkProduction(c: Config): string[] {
  if (c.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  if (!c.PUBLIC_ORIGIN) {
    problems.push(
      'PUBLIC_ORIGIN: required in production (NODE_ENV=production): the origin users open, e.g. https://samraad.kommune.dk ' +
        '(links, cookies and the websocket Origin check are built from it)',
    );
  }
  return problems;
}

/** OIDC settings that only make sense together: a client id, and https in production. */
function checkOidc(c: Config): string | null {
  if (!c.OIDC_ISSUER) return null;
  if (!c.OIDC_CLIENT_ID) return 'OIDC_CLIENT_ID: required when OIDC_ISSUER is set';
  if (c.NODE_ENV === 'production') {
    if (!c.OIDC_ISSUER.startsWith('https:')) return 'OIDC_ISSUER: must be https in production';
    if (c.OIDC_REDIRECT_URI && !c.OIDC_REDIRECT_URI.startsWith('https:')) return 'OIDC_REDIRECT_URI: must be https in production';
  }
  return null;
}

/** The parents' broker (PA10): a client id, and https in production, as for the members' OIDC (OI6). */
function checkParentOidc(c: Config): string | null {
  if (!c.PARENT_OIDC_ISSUER) {
    if (c.PARENT_OIDC_CLIENT_ID || c.PARENT_OIDC_CLIENT_SECRET || c.PARENT_OIDC_REDIRECT_URI) return 'PARENT_OIDC_ISSUER: required when PARENT_OIDC_CLIENT_ID, _SECRET or _REDIRECT_URI is set';
    return null;
  }
  if (!c.PARENT_OIDC_CLIENT_ID) return 'PARENT_OIDC_CLIENT_ID: required when PARENT_OIDC_ISSUER is set';
  if (c.NODE_ENV === 'production') {
    if (!c.PARENT_OIDC_ISSUER.startsWith('https:')) return 'PARENT_OIDC_ISSUER: must be https in production';
    if (c.PARENT_OIDC_REDIRECT_URI && !c.PARENT_OIDC_REDIRECT_URI.startsWith('https:')) return 'PARENT_OIDC_REDIRECT_URI: must be https in production';
  }
  return null;
}

/** SMTP is given one way, with a sender. */
function checkMail(c: Config): string | null {
  if (c.SMTP_URL && c.SMTP_HOST) return 'SMTP_URL: is set but SMTP_HOST is set too; set one of them';
  if ((c.SMTP_USER || c.SMTP_PASSWORD || c.SMTP_PORT) && !c.SMTP_HOST) return 'SMTP_HOST: required when SMTP_PORT, SMTP_USER or SMTP_PASSWORD is set';
  if ((c.SMTP_URL || c.SMTP_HOST) && !c.MAIL_FROM) return 'MAIL_FROM: required when SMTP is configured, e.g. "Samråd <samraad@kommune.dk>"';
  return null;
}

/**
 * The origin users open: PUBLIC_ORIGIN, or http://localhost:<port> (the port the
 * server listens on). Links the server hands out are built from this, never from
 * a request's Host header, which the caller chooses.
 */
export function publicOriginOf(config: Pick<Config, 'PUBLIC_ORIGIN'>, port: number): string {
  return config.PUBLIC_ORIGIN?.replace(/\/+$/, '') ?? `http://localhost:${port}`;
}

export class ConfigError extends Error {}
