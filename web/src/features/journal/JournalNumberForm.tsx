/**
 * MN3: edit a journal number (a forum's in the administration, a meeting's on the meeting page). Checked here as
 * on the server (shared/schemas/journal.ts) before anything is sent; empty clears it.
 */
import { useId, useState, type FormEvent } from 'react';
import { journalNumberProblem } from '../../../../shared/schemas/journal.js';
import { FormMessage, TextField } from '../privacy/fields.js';
import { useJournalText } from './text.js';

interface Props {
  /** Saves the number (null clears it): the forum's or the meeting's call of lib/api.ts. */
  save: (journalNumber: string | null) => Promise<unknown>;
  value: string | null;
  hint?: string;
  onSaved: () => void;
  testId: string;
}

export function JournalNumberForm({ save, value, hint, onSaved, testId }: Props) {
  const tx = useJournalText();
  const id = useId();
  const [text, setText] = useState(value ?? '');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setStatus(null);
    const problem = journalNumberProblem(text);
    setFieldError(problem ? tx(`err.${problem}`) : null);
    if (problem) return;
    setBusy(true);
    setError(null);
    try {
      await save(text.trim() || null);
      setStatus(tx('saved'));
      onSaved();
    } catch {
      setError(tx('err.save'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form form--inline" onSubmit={(e) => void submit(e)} noValidate data-testid={testId}>
      <div className="form--row">
        <TextField id={`${id}-jnr`} label={tx('label')} hint={hint ?? tx('hint')} value={text} onChange={setText} error={fieldError} testId={`${testId}-input`} />
        <button type="submit" className="button button--secondary" aria-disabled={busy} data-testid={`${testId}-submit`}>
          {tx('save')}
        </button>
      </div>
      <FormMessage error={error} status={status} />
    </form>
  );
}
