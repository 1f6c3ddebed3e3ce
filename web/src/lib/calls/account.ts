/** Signing in and out, the second factor, the user's own pages and settings (S1-S2, TF, WB9-WB15, T1-T5, ML2). */
import type { MailPreferencesInput } from '../../../../shared/contract/answers.js';
import { routeUrl, send } from '../http.js';

export const authCalls = {
  login: (email: string, password: string, code?: string) => send('POST /api/auth/login', { body: code ? { email, password, code } : { email, password } }),
  logout: () => send('POST /api/auth/logout'),
  me: () => send('GET /api/auth/me'),
  authConfig: () => send('GET /api/auth/config'),
};

export const accountCalls = {
  totp: () => send('GET /api/auth/totp'),
  setUpTotp: () => send('POST /api/auth/totp/setup'),
  enableTotp: (code: string) => send('POST /api/auth/totp/enable', { body: { code } }),
  disableTotp: (code: string) => send('POST /api/auth/totp/disable', { body: { code } }),
  logoutEverywhere: () => send('POST /api/auth/logout-all'),
  mailPreferences: () => send('GET /api/notifications/mail-preferences'),
  saveMailPreferences: (body: MailPreferencesInput) => send('PUT /api/notifications/mail-preferences', { body }),
};

export const meCalls = {
  home: () => send('GET /api/me/home'),
  /** The user's own language (WB15). */
  saveLanguage: (language: 'da' | 'en') => send('PUT /api/me/language', { body: { language } }),
  tasks: () => send('GET /api/me/tasks'),
  calendarFeed: () => send('POST /api/me/calendar-feed'),
  calendarUrl: () => routeUrl('GET /api/me/calendar.ics'),
  notifications: () => send('GET /api/notifications'),
  markRead: (id: string) => send('POST /api/notifications/:id/read', { params: { id } }),
  documents: () => send('GET /api/documents'),
  writers: (docName: string) => send('GET /api/documents/:docName/writers', { params: { docName } }),
  accessibility: () => send('GET /api/accessibility'),
};
