/** The municipality's administration (A6, LV1, MN3, AU3, O8) and its key figures (KF). */
import type { z } from 'zod';
import type { YearQuery } from '../../../../shared/contract/answers.js';
import type { createForumSchema, createUserSchema, membershipSchema, municipalitySettingsSchema, updateUserSchema } from '../../../../shared/schemas/admin.js';
import type { auditSearchSchema } from '../../../../shared/schemas/audit.js';
import { routeUrl, send } from '../http.js';

export type AuditQuery = z.input<typeof auditSearchSchema>;

export const adminCalls = {
  users: () => send('GET /api/admin/users'),
  createUser: (body: z.input<typeof createUserSchema>) => send('POST /api/admin/users', { body }),
  updateUser: (userId: string, body: z.input<typeof updateUserSchema>) => send('PATCH /api/admin/users/:userId', { params: { userId }, body }),
  settings: () => send('GET /api/admin/settings'),
  saveSettings: (body: z.input<typeof municipalitySettingsSchema>) => send('PUT /api/admin/settings', { body }),
  forums: () => send('GET /api/admin/forums'),
  createForum: (body: z.input<typeof createForumSchema>) => send('POST /api/admin/forums', { body }),
  setForumJournalNumber: (forumId: string, journalNumber: string | null) =>
    send('PUT /api/admin/forums/:forumId/journal-number', { params: { forumId }, body: { journalNumber } }),
  setMembership: (forumId: string, userId: string, body: z.input<typeof membershipSchema>) =>
    send('PUT /api/admin/forums/:forumId/members/:userId', { params: { forumId, userId }, body }),
  removeMembership: (forumId: string, userId: string) => send('DELETE /api/admin/forums/:forumId/members/:userId', { params: { forumId, userId } }),
  audit: (query: AuditQuery) => send('GET /api/admin/audit', { query }),
  jobs: () => send('GET /api/admin/jobs'),
};

export const keyFigureCalls = {
  scopes: () => send('GET /api/forums/keyfigures/scopes'),
  year: (query: YearQuery) => send('GET /api/forums/keyfigures/year', { query }),
  yearCsvUrl: (query: YearQuery) => routeUrl('GET /api/forums/keyfigures/year.csv', { query }),
};
