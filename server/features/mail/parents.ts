/**
 * The parents' two mails (docs/SPEC.md, PA1-PA2), through the same outbox as the members' notices. `userId` of
 * such a row is the chair who invited (the outbox's recipients are users); the mail goes to the invitation's
 * address. `refId` is the ParentInvitation (PARENT_INVITATION) or the ParentCode (PARENT_CODE). The link's token
 * and the code are held in clear on their rows only until the mail is sent or skipped (`forgetParentMailSecret`).
 * The mails name the municipality and hold nothing about the child or the case (ML6).
 */
import type { Db } from '../../db/client.js';
import type { MailKind } from './kinds.js';
import type { Queryable } from './outbox.js';

export const PARENT_MAIL_KINDS = ['PARENT_INVITATION', 'PARENT_CODE'] as const satisfies readonly MailKind[];
export type ParentMailKind = (typeof PARENT_MAIL_KINDS)[number];
export const isParentMailKind = (k: MailKind): k is ParentMailKind => (PARENT_MAIL_KINDS as readonly string[]).includes(k);

/** The parents' page; the invitation's token follows after '#', so it never reaches a server's log. */
export const PARENT_PATH = '/foraelder';

export interface ParentMailText {
  subject: string;
  text: string;
}

export function invitationMailText(municipality: string, link: string, expiresAt: Date): ParentMailText {
  const until = new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', day: 'numeric', month: 'long', year: 'numeric' }).format(expiresAt);
  return {
    subject: `Du er inviteret til et møde om jeres barn i Samråd – ${municipality}`,
    text: [
      `Du er inviteret til et møde om jeres barn i Samråd – ${municipality}.`,
      `Åbn linket for at logge ind. Du får en kode på e-mail, når du har skrevet din e-mailadresse:\n${link}`,
      `Linket virker til og med ${until}.`,
      '--',
      'E-mailen indeholder ingen oplysninger om jeres barn; dem finder du kun i Samråd, når du er logget ind.',
      'Har du ikke ventet denne invitation, kan du se bort fra den.',
    ].join('\n\n') + '\n',
  };
}

export function codeMailText(municipality: string, code: string): ParentMailText {
  return {
    subject: `Din kode til Samråd – ${municipality}`,
    text: [
      `Din kode til Samråd er: ${code}`,
      'Koden virker i 10 minutter, og kun én gang.',
      '--',
      'Har du ikke bedt om en kode, kan du se bort fra denne e-mail.',
    ].join('\n\n') + '\n',
  };
}

export type ParentComposed = { to: string; path: string; mail: ParentMailText } | { skip: 'stale' };

export async function composeParentMail(db: Db, row: { kind: ParentMailKind; refId: string }, origin: string, now: Date): Promise<ParentComposed> {
  const municipalityOf = { case: { select: { forum: { select: { municipality: { select: { name: true } } } } } } } as const;
  if (row.kind === 'PARENT_INVITATION') {
    const inv = await db.parentInvitation.findUnique({
      where: { id: row.refId },
      select: { email: true, mailToken: true, expiresAt: true, revokedAt: true, ...municipalityOf },
    });
    if (!inv?.mailToken || inv.revokedAt || inv.expiresAt <= now) return { skip: 'stale' };
    const name = inv.case.forum.municipality.name;
    return { to: inv.email, path: PARENT_PATH, mail: invitationMailText(name, `${origin}${PARENT_PATH}#${inv.mailToken}`, inv.expiresAt) };
  }
  const code = await db.parentCode.findUnique({
    where: { id: row.refId },
    select: { mailCode: true, expiresAt: true, usedAt: true, voidAt: true, invitation: { select: { email: true, revokedAt: true, ...municipalityOf } } },
  });
  if (!code?.mailCode || code.usedAt || code.voidAt || code.expiresAt <= now || code.invitation.revokedAt) return { skip: 'stale' };
  return { to: code.invitation.email, path: '', mail: codeMailText(code.invitation.case.forum.municipality.name, code.mailCode) };
}

/** The token or code in clear is forgotten once its mail is sent or skipped (in the row's transaction). */
export async function forgetParentMailSecret(client: Queryable, row: { kind: MailKind; refId: string }): Promise<void> {
  if (row.kind === 'PARENT_INVITATION') await client.query('UPDATE "ParentInvitation" SET "mailToken" = NULL WHERE id = $1', [row.refId]);
  if (row.kind === 'PARENT_CODE') await client.query('UPDATE "ParentCode" SET "mailCode" = NULL WHERE id = $1', [row.refId]);
}
