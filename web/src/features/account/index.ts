export { AccountPage } from './AccountPage.js';
export { LoginExtras, TotpField, normaliseTotp, useAuthConfig } from './LoginExtras.js';
