/** Texts of the privacy feature (legal basis, identity, duty to report, closing, access log, access request). */
import { da, en, type Key } from './dictionary.js';
import { makeUseText } from '../../i18n/feature-text.js';
import type { ApiErrorCode } from '../../../../shared/errors.js';
import { auditPurposeLabel, type LabelLang } from '../../../../shared/labels.js';

export type PrivacyKey = Key;
export const usePrivacyText = makeUseText<Key>({ da, en });

/** The message key for an error code: every code has a text (i18n/errors.ts); this feature says more for some. */
export const errKey = (code: ApiErrorCode): Key => `err.${code}`;

const ACTIONS = new Set(['READ', 'CREATE', 'UPDATE', 'DELETE', 'EXPORT', 'SEARCH', 'LOGIN', 'LOGIN_FAILED', 'DENIED']);
/** An audit action's label; unknown codes are shown as they are. */
export function actionLabel(tx: (k: Key) => string, action: string): string {
  return ACTIONS.has(action) ? tx(`action.${action}` as Key) : action;
}
/** A purpose code's label from shared/labels.ts (WB17, LBL1); unknown codes are shown as they are. */
export function purposeLabel(lang: LabelLang, purpose: string | null): string {
  return auditPurposeLabel(lang, purpose);
}
