/** "Hent referat (PDF)": streams the PDF with a progress bar and saves it via a short-lived blob URL. */
import { useState } from 'react';
import { useT } from '../../i18n/index.js';

export function MinutesDownload({ meetingId }: { meetingId: string }) {
  const t = useT();
  const [progress, setProgress] = useState<{ received: number; total: number } | null>(null);
  const [state, setState] = useState<'idle' | 'busy' | 'done' | 'error'>('idle');

  const download = async () => {
    if (state === 'busy') return;
    setState('busy');
    setProgress({ received: 0, total: 0 });
    try {
      const res = await fetch(`/api/meetings/${encodeURIComponent(meetingId)}/minutes.pdf`, { credentials: 'same-origin', cache: 'no-store' });
      if (!res.ok || !res.body) throw new Error(`http_${res.status}`);
      const total = Number(res.headers.get('Content-Length')) || 0;
      const reader = res.body.getReader();
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      let received = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value as Uint8Array<ArrayBuffer>);
        received += value.length;
        setProgress({ received, total });
      }
      const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? 'referat.pdf';
      const url = URL.createObjectURL(new Blob(chunks, { type: 'application/pdf' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.append(a);
      a.click();
      a.remove();
      // Give the browser a moment to start the download, then let the data go.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
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
