/** Helpers of the privacy, admin and account features on top of the one client (lib/api.ts), which makes every call. */
import { errorCode, errorStatus } from '../../lib/api.js';

/** The error code of a failed call ('unknown' for anything else). */
export const codeOf = errorCode;
export const statusOf = errorStatus;

export { downloadFile } from '../../lib/download.js';
