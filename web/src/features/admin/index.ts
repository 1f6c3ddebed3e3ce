export { AdminUsersPage } from './AdminUsersPage.js';
export { AdminForumsPage } from './AdminForumsPage.js';
export { AuditPage } from './AuditPage.js';
export { SettingsPage } from './SettingsPage.js';
