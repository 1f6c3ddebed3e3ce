/** Applies every update to a fresh Y.Doc in one transaction and returns its encoded state. */
export function mergeToState(updates: Uint8Array[]): Uint8Array;
