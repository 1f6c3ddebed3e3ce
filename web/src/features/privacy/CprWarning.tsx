/**
 * "Teksten ser ud til at indeholde et CPR-nummer …": shown under a text field
 * while its text contains a CPR number. Give the field
 * `aria-describedby={id}` so screen readers read the warning with it.
 */
import { useCprWarning } from './useCprWarning.js';
import { usePrivacyText } from './text.js';

interface Props {
  /** The text to check; or pass `found` from useCprWarning yourself. */
  text?: string;
  found?: string[];
  /** Element id, for the field's aria-describedby. */
  id?: string;
  /** True (default) for anonymous cases; false gives the named-case wording. */
  anonymous?: boolean;
}

export function CprWarning({ text, found, id, anonymous = true }: Props) {
  const tx = usePrivacyText();
  const own = useCprWarning(found ? undefined : text);
  const hits = found ?? own;
  if (hits.length === 0) return null;
  return (
    <p id={id} className="alert alert--error" role="alert" data-testid="cpr-warning">
      {tx(anonymous ? 'cprWarning' : 'cprWarningNamed')}
    </p>
  );
}
