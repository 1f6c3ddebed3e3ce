/**
 * Every `error` code the server sends (docs/SPEC.md, H9): in an HTTP error body `{ error, ...details }` and in a
 * socket.io refusal `{ ok: false, error }`. The server's helpers accept only these (server/http/errors.ts,
 * DomainError), a check on every response logs any other as an error (which fails a test, G2), and the web keys
 * its handling and its Danish and English texts by them (web/src/i18n/errors.ts). A code is a stable machine word,
 * never user data.
 */
export const ERROR_CODES = [
  // Any request
  'invalid_input',
  'not_found',
  'forbidden',
  'unauthenticated',
  'origin_not_allowed',
  'body_too_large',
  'rate_limited',
  'refused',
  'internal',
  // Signing in: password, second factor, the municipality's identity provider
  'invalid_credentials',
  'too_many_attempts',
  'totp_required',
  'totp_already_enabled',
  'totp_not_set_up',
  'totp_not_enabled',
  'invalid_code',
  'not_local_account',
  'oidc_not_configured',
  'oidc_unavailable',
  'oidc_invalid_response',
  'oidc_no_account',
  // Administration
  'email_taken',
  'police_only_in_ssp',
  // Cases and meetings
  'case_closed',
  'case_not_in_forum',
  'case_already_on_agenda',
  'case_not_concluded',
  'ssd_exchange_exhausted',
  'item_already_discussed',
  'item_not_started',
  'agenda_mismatch',
  'participant_not_member',
  'responsible_not_member',
  'another_meeting_running',
  'no_running_meeting',
  'meeting_planned',
  'meeting_running',
  'meeting_closed',
  'meeting_not_closed',
  // Legal basis, identity, duty to report
  'basis_not_allowed_in_forum',
  'basis_does_not_allow_identity',
  'consent_does_not_cover_sector',
  'no_consent_in_force',
  'withdrawal_in_future',
  'no_assessment_for_meeting',
  'cpr_not_allowed',
  // The family's version, drawings, parents
  'stale_revision',
  'nothing_to_share',
  'image_too_large',
  'unsupported_image',
  'invalid_image',
  'invitation_invalid',
  'wrong_code',
  // Parents' MitID through the parents' broker (PA10)
  'mitid_not_configured',
  'mitid_unavailable',
  'mitid_invalid_response',
  'mitid_other_person',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The server's codes, plus the two a client knows by itself: no answer at all, and an answer without a known code. */
export type ApiErrorCode = ErrorCode | 'network' | 'unknown';

const KNOWN: ReadonlySet<string> = new Set(ERROR_CODES);
export const isErrorCode = (code: unknown): code is ErrorCode => typeof code === 'string' && KNOWN.has(code);

/** Every error body has this shape; extra fields are ids, field names or numbers, never user data. */
export interface ErrorBody {
  error: ErrorCode;
  /** With `invalid_input`: the failing fields by path (H4), never their values. */
  fields?: string[];
  /** A Danish explanation the server gives itself (e.g. `police_only_in_ssp`). */
  message?: string;
}
