/**
 * The parents' mails (docs/SPEC.md, PA1, PA2, PA10), through the same outbox as the members' notices. `userId` of
 * such a row is the chair who invited (the outbox's recipients are users); the mail goes to the invitation's
 * address, in the invitation's language (PA11). `refId` is the ParentInvitation (PARENT_INVITATION, PARENT_MITID)
 * or the ParentCode (PARENT_CODE). The link's token and the code are held in clear on their rows only until the
 * mail is sent or skipped (`forgetParentMailSecret`). The mails name the municipality and hold nothing about the
 * child or the case (ML6).
 */
import type { Db } from '../../db/client.js';
import type { MailKind } from './kinds.js';
import type { Queryable } from './outbox.js';

export const PARENT_MAIL_KINDS = ['PARENT_INVITATION', 'PARENT_CODE', 'PARENT_MITID'] as const satisfies readonly MailKind[];
export type ParentMailKind = (typeof PARENT_MAIL_KINDS)[number];
export const isParentMailKind = (k: MailKind): k is ParentMailKind => (PARENT_MAIL_KINDS as readonly string[]).includes(k);

/** The parents' page; the invitation's token follows after '#', so it never reaches a server's log. */
export const PARENT_PATH = '/foraelder';

/** The invitation's language (PA11): the chair's choice, Danish unless English. */
export type ParentMailLanguage = 'da' | 'en';

export interface ParentMailText {
  subject: string;
  text: string;
}

const dateOf = (lang: ParentMailLanguage) =>
  new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'da-DK', { timeZone: 'Europe/Copenhagen', day: 'numeric', month: 'long', year: 'numeric' });
const timeOf = (lang: ParentMailLanguage, at: Date) => {
  const clock = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'da-DK', { timeZone: 'Europe/Copenhagen', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
  return lang === 'en' ? `${dateOf(lang).format(at)} at ${clock}` : `${dateOf(lang).format(at)} kl. ${clock.replace(':', '.')}`;
};
const mail = (subject: string, paragraphs: string[]): ParentMailText => ({ subject, text: `${paragraphs.join('\n\n')}\n` });

export function invitationMailText(municipality: string, link: string, expiresAt: Date, lang: ParentMailLanguage = 'da'): ParentMailText {
  const until = dateOf(lang).format(expiresAt);
  if (lang === 'en') {
    return mail(`You are invited to a meeting about your child in Samråd – ${municipality}`, [
      `You are invited to a meeting about your child in Samråd – ${municipality}.`,
      `Open the link to sign in. When you have typed your e-mail address, you get a code by e-mail:\n${link}`,
      `The link works until and including ${until}.`,
      '--',
      'This e-mail holds nothing about your child; you find that only in Samråd, once you have signed in.',
      'If you did not expect this invitation, you can ignore it.',
    ]);
  }
  return mail(`Du er inviteret til et møde om jeres barn i Samråd – ${municipality}`, [
    `Du er inviteret til et møde om jeres barn i Samråd – ${municipality}.`,
    `Åbn linket for at logge ind. Du får en kode på e-mail, når du har skrevet din e-mailadresse:\n${link}`,
    `Linket virker til og med ${until}.`,
    '--',
    'E-mailen indeholder ingen oplysninger om jeres barn; dem finder du kun i Samråd, når du er logget ind.',
    'Har du ikke ventet denne invitation, kan du se bort fra den.',
  ]);
}

export function codeMailText(municipality: string, code: string, lang: ParentMailLanguage = 'da'): ParentMailText {
  if (lang === 'en') {
    return mail(`Your code for Samråd – ${municipality}`, [
      `Your code for Samråd is: ${code}`,
      'The code works for 10 minutes, and only once.',
      '--',
      'If you did not ask for a code, you can ignore this e-mail.',
    ]);
  }
  return mail(`Din kode til Samråd – ${municipality}`, [
    `Din kode til Samråd er: ${code}`,
    'Koden virker i 10 minutter, og kun én gang.',
    '--',
    'Har du ikke bedt om en kode, kan du se bort fra denne e-mail.',
  ]);
}

/** PA10: the first MitID sign-in with the invitation, told to the invited address (someone else may have the link). */
export function mitidMailText(municipality: string, at: Date, lang: ParentMailLanguage = 'da'): ParentMailText {
  if (lang === 'en') {
    return mail(`Someone signed in with MitID on your invitation – Samråd – ${municipality}`, [
      `On ${timeOf(lang, at)} someone signed in with MitID, using the link in your invitation to Samråd – ${municipality}. From now on only that person can sign in with MitID using the link.`,
      'If it was you, you need do nothing.',
      'If it was not you, contact the person who invited you at once: they can withdraw the invitation and send you a new one.',
      '--',
      'This e-mail holds nothing about your child.',
    ]);
  }
  return mail(`Der er logget ind med MitID på din invitation – Samråd – ${municipality}`, [
    `Den ${timeOf(lang, at)} loggede nogen ind med MitID med linket i din invitation til Samråd – ${municipality}. Fra nu af kan kun den person logge ind med MitID med linket.`,
    'Var det dig, skal du ikke gøre noget.',
    'Var det ikke dig, så kontakt straks den, der inviterede dig: de kan trække invitationen tilbage og sende dig en ny.',
    '--',
    'E-mailen indeholder ingen oplysninger om jeres barn.',
  ]);
}

export type ParentComposed = { to: string; path: string; mail: ParentMailText } | { skip: 'stale' };

export async function composeParentMail(db: Db, row: { kind: ParentMailKind; refId: string }, origin: string, now: Date): Promise<ParentComposed> {
  const municipalityOf = { case: { select: { forum: { select: { municipality: { select: { name: true } } } } } } } as const;
  const langOf = (l: string): ParentMailLanguage => (l === 'en' ? 'en' : 'da');
  if (row.kind === 'PARENT_INVITATION' || row.kind === 'PARENT_MITID') {
    const inv = await db.parentInvitation.findUnique({
      where: { id: row.refId },
      select: { email: true, mailToken: true, expiresAt: true, revokedAt: true, language: true, mitidBoundAt: true, ...municipalityOf },
    });
    if (!inv || inv.revokedAt || inv.expiresAt <= now) return { skip: 'stale' };
    const name = inv.case.forum.municipality.name;
    if (row.kind === 'PARENT_MITID') {
      if (!inv.mitidBoundAt) return { skip: 'stale' };
      return { to: inv.email, path: '', mail: mitidMailText(name, inv.mitidBoundAt, langOf(inv.language)) };
    }
    if (!inv.mailToken) return { skip: 'stale' };
    return { to: inv.email, path: PARENT_PATH, mail: invitationMailText(name, `${origin}${PARENT_PATH}#${inv.mailToken}`, inv.expiresAt, langOf(inv.language)) };
  }
  const code = await db.parentCode.findUnique({
    where: { id: row.refId },
    select: { mailCode: true, expiresAt: true, usedAt: true, voidAt: true, invitation: { select: { email: true, revokedAt: true, language: true, ...municipalityOf } } },
  });
  if (!code?.mailCode || code.usedAt || code.voidAt || code.expiresAt <= now || code.invitation.revokedAt) return { skip: 'stale' };
  return { to: code.invitation.email, path: '', mail: codeMailText(code.invitation.case.forum.municipality.name, code.mailCode, langOf(code.invitation.language)) };
}

/** The token or code in clear is forgotten once its mail is sent or skipped (in the row's transaction). */
export async function forgetParentMailSecret(client: Queryable, row: { kind: MailKind; refId: string }): Promise<void> {
  if (row.kind === 'PARENT_INVITATION') await client.query('UPDATE "ParentInvitation" SET "mailToken" = NULL WHERE id = $1', [row.refId]);
  if (row.kind === 'PARENT_CODE') await client.query('UPDATE "ParentCode" SET "mailCode" = NULL WHERE id = $1', [row.refId]);
}
