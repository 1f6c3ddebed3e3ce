/**
 * Where mails go (docs/SPEC.md, ML5): SMTP through nodemailer when SMTP_URL or SMTP_HOST is set; otherwise a log
 * line per mail in development and tests, and nothing at all in production (mail is off).
 */
import nodemailer from 'nodemailer';
import type { Config } from '../../config.js';
import { log } from '../../observability/log.js';

export type MailMode = 'smtp' | 'log' | 'off';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** The same for every attempt at one outbox row, so a receiver can drop a repeat (ML4). */
  messageId: string;
  /** For the log transport's line: the kind and the outbox row. */
  kind: string;
  outboxId: string;
  /** The path of the link in the mail (no case data, ML6). */
  path: string;
}

export interface MailTransport {
  readonly mode: MailMode;
  /** Resolves when the SMTP server accepted the message; rejects with nodemailer's error (code, responseCode). */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

type MailConfig = Pick<Config, 'NODE_ENV' | 'SMTP_URL' | 'SMTP_HOST' | 'SMTP_PORT' | 'SMTP_USER' | 'SMTP_PASSWORD' | 'SMTP_SECURE' | 'MAIL_FROM'>;

export function mailModeOf(config: MailConfig): MailMode {
  if (config.SMTP_URL || config.SMTP_HOST) return 'smtp';
  return config.NODE_ENV === 'production' ? 'off' : 'log';
}

/** Waits at most this long for a connection, the greeting and each reply, so a run never hangs on a dead server. */
const CONNECT_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 30_000;

export function createMailTransport(config: MailConfig): MailTransport {
  const mode = mailModeOf(config);
  if (mode === 'off') {
    return {
      mode,
      send: () => Promise.reject(new Error('mail is off')),
      close: () => {},
    };
  }
  if (mode === 'log') {
    return {
      mode,
      async send(mail) {
        // G1: ids, the kind, the fixed subject (forum name and kind, ML6) and the link's path; never the address.
        log.info('mail_logged', { id: mail.outboxId, kind: mail.kind, subject: mail.subject, path: mail.path });
      },
      close: () => {},
    };
  }
  const timeouts = { connectionTimeout: CONNECT_TIMEOUT_MS, greetingTimeout: CONNECT_TIMEOUT_MS, socketTimeout: SOCKET_TIMEOUT_MS };
  const transporter = nodemailer.createTransport(
    config.SMTP_URL
      ? { url: config.SMTP_URL, pool: true, maxConnections: 1, ...timeouts }
      : {
          host: config.SMTP_HOST,
          port: config.SMTP_PORT ?? (config.SMTP_SECURE ? 465 : 587),
          secure: config.SMTP_SECURE,
          ...(config.SMTP_USER ? { auth: { user: config.SMTP_USER, pass: config.SMTP_PASSWORD ?? '' } } : {}),
          pool: true,
          maxConnections: 1,
          ...timeouts,
        },
    { from: config.MAIL_FROM },
  );
  return {
    mode,
    async send(mail) {
      await transporter.sendMail({
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        messageId: mail.messageId,
        // RFC 3834: an automatic notice; out-of-office replies are not sent back to it.
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
    },
    close: () => transporter.close(),
  };
}

/** A failure's code for the outbox and the log: nodemailer's code and the SMTP reply code, never the reply's text. */
export function mailErrorCode(err: unknown): string {
  const e = err as { code?: unknown; responseCode?: unknown; name?: unknown };
  const code = typeof e.code === 'string' ? e.code : typeof e.name === 'string' ? e.name : 'Error';
  return typeof e.responseCode === 'number' ? `${code} ${e.responseCode}` : code;
}

/**
 * Whether the failure is the server's (down, refusing connections, timing out, refusing our login) rather than
 * this one message's: then the other mails of the run would fail too, and the run stops trying.
 */
export function isServerFailure(err: unknown): boolean {
  const e = err as { code?: unknown; responseCode?: unknown };
  if (typeof e.responseCode === 'number' && e.code !== 'EAUTH' && e.code !== 'ECONNECTION') return e.responseCode === 421;
  return true;
}
