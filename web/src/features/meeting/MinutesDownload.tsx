/** "Hent referat (PDF)": streams the PDF with a progress bar and saves it via a short-lived blob URL. */
import { useState } from 'react';
import { useT } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { downloadFile } from '../../lib/download.js';

export function MinutesDownload({ meetingId }: { meetingId: string }) {
  const t = useT();
  const [progress, setProgress] = useState<{ received: number; total: number } | null>(null);
  const [state, setState] = useState<'idle' | 'busy' | 'done' | 'error'>('idle');

  const download = async () => {
    if (state === 'busy') return;
    setState('busy');
    setProgress({ received: 0, total: 0 });
    try {
      await downloadFile(api.minutesPdfUrl(meetingId), 'referat.pdf', (received, total) =>
        setProgress({ received, total }),
      );
      setState('done');
    } catch {
      setState('error');
    }
  };

  const pct = progress && progress.total > 0 ? Math.round((progress.received / progress.total) * 100) : null;

  return (
    <div className="minutes">
      <button type="button" className="button" data-testid="minutes-download" aria-disabled={state === 'busy'} onClick={() => void download()}>
        {t('minutes.download')}
      </button>
      {state === 'busy' && (
        <div className="minutes__progress">
          <label htmlFor="minutes-progress">{t('minutes.progress')}</label>
          <progress id="minutes-progress" max={100} value={pct ?? undefined}>
            {pct !== null ? `${pct} %` : ''}
          </progress>
        </div>
      )}
      <p role="status" className="status-text" data-testid="minutes-status">
        {state === 'done' ? t('minutes.done') : state === 'error' ? t('minutes.error') : ''}
      </p>
    </div>
  );
}
