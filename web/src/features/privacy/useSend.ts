/**
 * A privacy form's request: busy while it runs (the forms ignore a second submit meanwhile) and a refusal shown in
 * words, the server's error code through errKey. `invalid()` is the message when the form's own checks fail first.
 */
import { useState } from 'react';
import { codeOf } from './http.js';
import { errKey, usePrivacyText } from './text.js';

export function useSend() {
  const tx = usePrivacyText();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = async (call: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await call();
    } catch (err) {
      setError(tx(errKey(codeOf(err))));
    } finally {
      setBusy(false);
    }
  };
  const invalid = () => setError(tx('err.invalid_input'));
  return { busy, error, send, invalid };
}
