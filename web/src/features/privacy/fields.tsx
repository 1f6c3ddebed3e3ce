/** Labelled form fields with hint and error wired to aria-describedby (WCAG 1.3.1, 3.3.1). */
import type { ReactNode } from 'react';

interface FieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | null;
  hint?: string;
  type?: 'text' | 'date' | 'email' | 'password';
  multiline?: boolean;
  maxLength?: number;
  required?: boolean;
  /** Defaults to "off": nothing about a child may land in the browser's form memory. */
  autoComplete?: string;
  inputMode?: 'text' | 'numeric' | 'email';
  testId?: string;
  /** Extra ids to describe the field by (e.g. a CprWarning). */
  describedBy?: string;
}

export function TextField(p: FieldProps) {
  const hintId = p.hint ? `${p.id}-hint` : undefined;
  const errId = p.error ? `${p.id}-error` : undefined;
  const describedBy = [hintId, errId, p.describedBy].filter(Boolean).join(' ') || undefined;
  const common = {
    id: p.id,
    value: p.value,
    maxLength: p.maxLength,
    required: p.required,
    autoComplete: p.autoComplete ?? 'off',
    'aria-invalid': p.error ? true : undefined,
    'aria-describedby': describedBy,
    'data-testid': p.testId,
  } as const;
  return (
    <div className="field">
      <label htmlFor={p.id}>
        {p.label}
        {p.required && <span aria-hidden="true"> *</span>}
      </label>
      {p.hint && (
        <p id={hintId} className="hint">
          {p.hint}
        </p>
      )}
      {p.multiline ? (
        <textarea {...common} rows={3} onChange={(e) => p.onChange(e.target.value)} />
      ) : (
        <input {...common} type={p.type ?? 'text'} inputMode={p.inputMode} onChange={(e) => p.onChange(e.target.value)} />
      )}
      <FieldError id={errId} error={p.error} />
    </div>
  );
}

export function FieldError({ id, error }: { id?: string; error?: string | null }) {
  if (!error) return null;
  return (
    <p id={id} className="field-error">
      {error}
    </p>
  );
}

/** A form-level error (role="alert") or a status message (role="status"). */
export function FormMessage({ id, error, status }: { id?: string; error?: string | null; status?: string | null }): ReactNode {
  return (
    <>
      {error && (
        <p id={id} className="alert alert--error" role="alert">
          {error}
        </p>
      )}
      <p className="status-text" role="status">
        {!error && status ? status : ''}
      </p>
    </>
  );
}

export const isIsoDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(new Date(`${v}T12:00:00Z`).getTime());
