/**
 * Answers and bodies of routes whose shapes had no home in shared/ yet (the account page, the jobs page). The
 * contract check (tests/contract-types.test.ts) holds them equal to what the server's routes infer.
 */

/** GET /api/auth/config: what the login page offers. */
export interface AuthConfig {
  oidc: boolean;
}

/** GET /api/auth/totp (TF1): the second factor of a local account. */
export interface TotpStatus {
  enabled: boolean;
  /** False for accounts that log in through the municipality's identity provider. */
  available: boolean;
}

/** POST /api/auth/totp/setup: the secret to type or scan, once. */
export interface TotpSetup {
  secret: string;
  otpauthUrl: string;
}

/** The e-mail notices a user may choose (ML1-ML2), in the order the account page lists them. */
export const MAIL_KINDS = ['ACTION_ASSIGNED', 'DUE_TOMORROW', 'OVERDUE', 'AGENDA_PUBLISHED', 'REPORT_DUTY', 'ACCESS_REMOVED'] as const;
export type MailKindName = (typeof MAIL_KINDS)[number];

/** PUT /api/notifications/mail-preferences' body. */
export interface MailPreferencesInput {
  kinds: Record<MailKindName, boolean>;
  language: 'da' | 'en';
}

/** GET and PUT /api/notifications/mail-preferences' answer. */
export interface MailPreferences extends MailPreferencesInput {
  /** Whether this server sends mail at all: smtp, only logs it (development), or off (production without SMTP). */
  delivery: 'smtp' | 'log' | 'off';
}

/** GET /api/admin/jobs (O8): each periodic job's state. */
export type JobState = 'ok' | 'running' | 'retrying' | 'failed' | 'waiting';
export interface JobStatus {
  name: string;
  schedule: { everyMinutes: number } | { dailyAt: string };
  state: JobState;
  lastRunAt: string | null;
  lastSuccessAt: string | null;
  nextRunAt: string;
  lastError: { at: string; name: string; code?: string; message: string } | null;
  attempt: { number: number; of: number } | null;
}

/** The query of T7's summary of one forum, GET /api/forums/:forumId/keyfigures (dates YYYY-MM-DD). */
export interface KeyFiguresQuery {
  from?: string;
  to?: string;
}

/** The query of a year of key figures, GET /api/forums/keyfigures/year and year.csv (KF2; months YYYY-MM). */
export interface YearQuery {
  /** A forum's id; none: the municipality. */
  forum?: string;
  from?: string;
  to?: string;
  lang?: 'da' | 'en';
}

/** GET /api/cases/:caseId/access-request's query (IN1). */
export interface AccessRequestQuery {
  format?: 'json' | 'pdf';
  redactEmployees?: 'true' | 'false';
}
