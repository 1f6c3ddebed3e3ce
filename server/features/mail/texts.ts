/**
 * The mails' text, Danish and English (docs/SPEC.md, ML6). A mail names the forum (or the municipality) and the
 * kind of notice, and links to a page of the app that carries no case data. It never holds a case's reference,
 * description, names, CPR number, address, concern note or action text: nothing about the case is passed in.
 */
import { TIME_ZONE } from '../../../shared/domain.js';
import type { MailKind, MailLanguage } from './kinds.js';

export interface MailFacts {
  /** The members' notices (the parents' mails are in parents.ts). */
  kind: Exclude<MailKind, 'PARENT_INVITATION' | 'PARENT_CODE' | 'PARENT_MITID'>;
  lang: MailLanguage;
  /** The forum's name; for a disabled account the municipality's. */
  place: string;
  /** DUE_TOMORROW, OVERDUE: whether it is an action or a follow-up. */
  task?: 'action' | 'followUp';
  /** DUE_TOMORROW, OVERDUE: the due date, YYYY-MM-DD. */
  dueDate?: string;
  /** AGENDA_PUBLISHED: when the meeting starts. */
  startsAt?: Date;
  /** ACCESS_REMOVED: the whole account (disabled) rather than one forum. */
  account?: boolean;
  /** PUBLIC_ORIGIN + the page, and PUBLIC_ORIGIN + the account page. */
  link: string | null;
  accountLink: string;
}

export interface MailText {
  subject: string;
  text: string;
}

const dateOf = (lang: MailLanguage, iso: string) =>
  new Intl.DateTimeFormat(lang === 'da' ? 'da-DK' : 'en-GB', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' }).format(
    new Date(`${iso}T12:00:00Z`),
  );
const timeOf = (lang: MailLanguage, at: Date) =>
  new Intl.DateTimeFormat(lang === 'da' ? 'da-DK' : 'en-GB', {
    timeZone: TIME_ZONE,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);

const da = {
  ACTION_ASSIGNED: (f: MailFacts) => ({
    subject: `Du har en ny opgave i Samråd – ${f.place}`,
    body: [`Du er blevet ansvarlig for en opgave i en sag i ${f.place}.`, 'Se dine opgaver i Samråd:'],
  }),
  DUE_TOMORROW: (f: MailFacts) => ({
    subject: `${f.task === 'followUp' ? 'Du har en opfølgning' : 'Du har en opgave'} med frist i morgen i Samråd – ${f.place}`,
    body: [
      `${f.task === 'followUp' ? 'En opfølgning' : 'En opgave'}, du er ansvarlig for i ${f.place}, har frist i morgen, ${dateOf('da', f.dueDate!)}.`,
      'Se dine opgaver i Samråd:',
    ],
  }),
  OVERDUE: (f: MailFacts) => ({
    subject: `${f.task === 'followUp' ? 'Du har en opfølgning' : 'Du har en opgave'} med overskredet frist i Samråd – ${f.place}`,
    body: [
      `Fristen for ${f.task === 'followUp' ? 'en opfølgning' : 'en opgave'}, du er ansvarlig for i ${f.place}, var ${dateOf('da', f.dueDate!)}.`,
      'Se dine opgaver i Samråd:',
    ],
  }),
  AGENDA_PUBLISHED: (f: MailFacts) => ({
    subject: `Dagsorden til mødet i Samråd – ${f.place}`,
    body: [`Mødet i ${f.place} ${timeOf('da', f.startsAt!)} har en dagsorden, som du kan læse i Samråd:`],
  }),
  REPORT_DUTY: (f: MailFacts) => ({
    subject: `Påmindelse om underretningspligt i Samråd – ${f.place}`,
    body: [
      `En sag, der blev drøftet på et møde i ${f.place}, er vurderet på et niveau, hvor du skal tage stilling til din personlige underretningspligt.`,
      'Åbn Samråd for at se påmindelsen og svare:',
    ],
  }),
  ACCESS_REMOVED: (f: MailFacts) =>
    f.account
      ? {
          subject: `Din adgang til Samråd er lukket – ${f.place}`,
          body: [`Din konto i Samråd (${f.place}) er lukket. Kontakt kommunens administrator, hvis det er en fejl.`],
        }
      : {
          subject: `Din adgang til ${f.place} i Samråd er fjernet`,
          body: [`Du er ikke længere medlem af ${f.place} i Samråd og kan ikke længere se forummets møder og sager. Kontakt kommunens administrator, hvis det er en fejl.`],
        },
  footer: (f: MailFacts) => [
    'E-mailen indeholder ingen oplysninger om sager; dem finder du kun i Samråd.',
    `Du kan vælge, hvilke e-mails du får, under Min konto: ${f.accountLink}`,
  ],
};

const en: typeof da = {
  ACTION_ASSIGNED: (f) => ({
    subject: `You have a new action in Samråd – ${f.place}`,
    body: [`You have been made responsible for an action in a case in ${f.place}.`, 'See your tasks in Samråd:'],
  }),
  DUE_TOMORROW: (f) => ({
    subject: `${f.task === 'followUp' ? 'You have a follow-up' : 'You have an action'} due tomorrow in Samråd – ${f.place}`,
    body: [`${f.task === 'followUp' ? 'A follow-up' : 'An action'} you are responsible for in ${f.place} is due tomorrow, ${dateOf('en', f.dueDate!)}.`, 'See your tasks in Samråd:'],
  }),
  OVERDUE: (f) => ({
    subject: `${f.task === 'followUp' ? 'You have a follow-up' : 'You have an action'} past its due date in Samråd – ${f.place}`,
    body: [`${f.task === 'followUp' ? 'A follow-up' : 'An action'} you are responsible for in ${f.place} was due ${dateOf('en', f.dueDate!)}.`, 'See your tasks in Samråd:'],
  }),
  AGENDA_PUBLISHED: (f) => ({
    subject: `Agenda for the meeting in Samråd – ${f.place}`,
    body: [`The meeting of ${f.place} on ${timeOf('en', f.startsAt!)} has an agenda, which you can read in Samråd:`],
  }),
  REPORT_DUTY: (f) => ({
    subject: `Reminder of the duty to report in Samråd – ${f.place}`,
    body: [
      `A case discussed at a meeting of ${f.place} was assessed at a level where you must consider your personal duty to report.`,
      'Open Samråd to see the reminder and answer:',
    ],
  }),
  ACCESS_REMOVED: (f) =>
    f.account
      ? {
          subject: `Your access to Samråd has been closed – ${f.place}`,
          body: [`Your Samråd account (${f.place}) has been closed. Contact the municipality's administrator if this is a mistake.`],
        }
      : {
          subject: `Your access to ${f.place} in Samråd has been removed`,
          body: [`You are no longer a member of ${f.place} in Samråd and can no longer see its meetings and cases. Contact the municipality's administrator if this is a mistake.`],
        },
  footer: (f) => ['This e-mail holds no information about cases; you find that in Samråd only.', `Choose which e-mails you get under My account: ${f.accountLink}`],
};

export function renderMail(f: MailFacts): MailText {
  const t = f.lang === 'en' ? en : da;
  const { subject, body } = t[f.kind](f);
  const lines = [...body];
  if (f.link) lines[lines.length - 1] += `\n${f.link}`;
  return { subject, text: [...lines, '--', ...t.footer(f)].join('\n\n') + '\n' };
}
