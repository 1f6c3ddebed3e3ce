/** The kinds of e-mail notice and who gets them by default (docs/SPEC.md, ML1-ML2). */
import type { MailKind } from '../../db/generated/client.js';

export type { MailKind };

/** In the order the account page lists them. A new user gets all but DUE_TOMORROW (User.mailKinds' default). */
export const MAIL_KINDS = ['ACTION_ASSIGNED', 'DUE_TOMORROW', 'OVERDUE', 'AGENDA_PUBLISHED', 'REPORT_DUTY', 'ACCESS_REMOVED'] as const satisfies readonly MailKind[];

export const MAIL_LANGUAGES = ['da', 'en'] as const;
export type MailLanguage = (typeof MAIL_LANGUAGES)[number];

/** How long before a meeting its agenda is announced (AGENDA_PUBLISHED), in days. */
export const AGENDA_NOTICE_DAYS = 7;
