/** Texts of the privacy feature (legal basis, identity, duty to report, closing, access log, access request). */
import { da, en, type Key } from './dictionary.js';
import { makeUseText } from '../../i18n/feature-text.js';
import { auditPurposeLabel, type LabelLang } from '../../../../shared/labels.js';

export type PrivacyKey = Key;
export const usePrivacyText = makeUseText<Key>({ da, en });

const ERR = new Set(['forbidden', 'not_found', 'network', 'invalid_input', 'basis_not_allowed_in_forum', 'no_consent_in_force', 'basis_does_not_allow_identity', 'consent_does_not_cover_sector', 'withdrawal_in_future', 'no_assessment_for_meeting']);
/** The message key for an error code. */
export const errKey = (code: string): Key => (ERR.has(code) ? (`err.${code}` as Key) : 'err.unknown');

const ACTIONS = new Set(['READ', 'CREATE', 'UPDATE', 'DELETE', 'EXPORT', 'SEARCH', 'LOGIN', 'LOGIN_FAILED', 'DENIED']);
/** An audit action's label; unknown codes are shown as they are. */
export function actionLabel(tx: (k: Key) => string, action: string): string {
  return ACTIONS.has(action) ? tx(`action.${action}` as Key) : action;
}
/** A purpose code's label from shared/labels.ts (WB17, LBL1); unknown codes are shown as they are. */
export function purposeLabel(lang: LabelLang, purpose: string | null): string {
  return auditPurposeLabel(lang, purpose);
}
