/** Said where a CPR number was not written into a case field (useCprRefusal). */
import { usePrivacyText } from './text.js';

export function CprRefused({ refused }: { refused: boolean }) {
  const tx = usePrivacyText();
  if (!refused) return null;
  return (
    <p className="alert alert--error" role="alert" data-testid="cpr-refused">
      {tx('cprRefused')}
    </p>
  );
}
