/**
 * A real SMTP server for the mail tests (smtp-server on 127.0.0.1), with the messages it accepted decoded enough
 * to assert on: headers unfolded, encoded words and quoted-printable or base64 bodies decoded.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface ReceivedMail {
  /** RCPT TO addresses. */
  to: string[];
  raw: string;
  headers: Record<string, string>;
  subject: string;
  text: string;
  messageId: string;
}

export type SmtpFailure = { at: 'rcpt' | 'data'; code: number } | null;

export interface TestSmtp {
  port: number;
  url: string;
  received: ReceivedMail[];
  /** Refuse each message with this code from now on (null: accept again). */
  fail(failure: SmtpFailure): void;
  /** Wait this long before answering DATA (to make two senders overlap). */
  delayMs: number;
  /** Stop listening (connections are refused) and listen again on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
  mailsTo(address: string): ReceivedMail[];
}

export async function startSmtp(): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  let failure: SmtpFailure = null;
  let port = 0;
  let server: SMTPServer | null = null;
  const refuse = (code: number) => Object.assign(new Error(code >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: code });

  const make = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 50,
      onRcptTo(_address: SMTPServerAddress, _session, callback) {
        if (failure?.at === 'rcpt') return callback(refuse(failure.code));
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const answer = () => {
            if (failure?.at === 'data') return callback(refuse(failure.code));
            received.push(parseMail(Buffer.concat(chunks).toString('utf8'), session.envelope.rcptTo.map((r) => r.address)));
            callback();
          };
          if (api.delayMs > 0) setTimeout(answer, api.delayMs);
          else answer();
        });
      },
    });

  const start = async () => {
    server = make();
    const listening = await new Promise<{ address(): AddressInfo | string | null }>((resolve, reject) => {
      const net = server!.listen(port, '127.0.0.1', () => resolve(net));
      net.once('error', reject);
    });
    port = (listening.address() as AddressInfo).port;
  };
  const stop = async () => {
    const s = server;
    server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  const api: TestSmtp = {
    get port() {
      return port;
    },
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    received,
    fail: (f) => {
      failure = f;
    },
    delayMs: 0,
    stop,
    start,
    close: stop,
    mailsTo: (address) => received.filter((m) => m.to.includes(address)),
  };
  await start();
  return api;
}

function parseMail(raw: string, to: string[]): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const text =
    encoding === 'quoted-printable'
      ? decodeQuotedPrintable(body)
      : encoding === 'base64'
        ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
        : body;
  return { to, raw, headers, subject: decodeWords(headers.subject ?? ''), text: text.replace(/\r\n/g, '\n'), messageId: headers['message-id'] ?? '' };
}

function decodeQuotedPrintable(s: string): string {
  const bytes: number[] = [];
  const soft = s.replace(/=\r\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(soft[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** RFC 2047 encoded words (Q and B), adjacent ones joined. */
function decodeWords(s: string): string {
  return s
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_all, _charset: string, enc: string, data: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
}

/** The http(s) links in a mail's text. */
export const linksIn = (text: string) => [...text.matchAll(/https?:\/\/[^\s<>"]+/g)].map((m) => m[0]);
