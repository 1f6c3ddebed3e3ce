/** The key figures' answers: one definition in shared/keyfigures.ts. */
export type * from '../../../../shared/keyfigures.js';
