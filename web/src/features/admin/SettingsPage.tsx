/**
 * /admin/indstillinger: the municipality's names for Børnelinealen levels 1-5
 * and the level from which the duty to report is put to every participant
 * (docs/SPEC.md, LV1, RD1). Municipal ADMIN only.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { usePageTitle } from '../../app/AppShell.js';
import { api } from '../../lib/api.js';
import { useLoad } from '../../lib/useLoad.js';
import { FormMessage, TextField } from '../privacy/fields.js';
import { statusOf } from '../privacy/http.js';
import { LoadState, NoAccess } from './common.js';
import { useAdminText } from './text.js';

export function SettingsPage() {
  const tx = useAdminText();
  usePageTitle(tx('settingsTitle'));
  const load = useLoad(() => api.admin.settings(), 'admin-settings');
  const [labels, setLabels] = useState<string[]>([]);
  const [threshold, setThreshold] = useState(4);
  const [wasToolUrl, setWasToolUrl] = useState('');
  const [a11yContact, setA11yContact] = useState('');
  const [message, setMessage] = useState<{ error?: string; status?: string }>({});

  useEffect(() => {
    if (!load.data) return;
    setLabels(load.data.levelLabels);
    setThreshold(load.data.reportDutyThreshold);
    setWasToolUrl(load.data.wasToolUrl ?? '');
    setA11yContact(load.data.accessibilityContact ?? '');
  }, [load.data]);

  if (load.error && statusOf(load.error) === 403) return <NoAccess />;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api.admin.saveSettings({
        levelLabels: labels.map((l) => l.trim()),
        reportDutyThreshold: threshold,
        wasToolUrl: wasToolUrl.trim() || null,
        accessibilityContact: a11yContact.trim() || null,
      });
      setMessage({ status: tx('settingsSaved') });
    } catch (err) {
      setMessage({ error: statusOf(err) === 400 ? tx('a11yInvalid') : tx('settingsFailed') });
    }
  };

  return (
    <div className="page" data-testid="admin-settings-page">
      <h1>{tx('settingsTitle')}</h1>
      {!load.data ? (
        <LoadState status={load.status} error={load.error} reload={load.reload} />
      ) : (
        <form className="form" onSubmit={(e) => void save(e)} noValidate>
          <fieldset>
            <legend>{tx('levelsLegend')}</legend>
            <p className="hint">{tx('levelsHint')}</p>
            {labels.map((label, i) => (
              <TextField
                key={i}
                id={`level-label-${i + 1}`}
                label={tx('levelLabel', { n: i + 1 })}
                value={label}
                maxLength={60}
                required
                onChange={(v) => setLabels((all) => all.map((l, j) => (j === i ? v : l)))}
              />
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor="report-threshold">{tx('threshold')}</label>
            <select id="report-threshold" value={threshold} onChange={(e) => setThreshold(Number(e.target.value))}>
              {[1, 2, 3, 4, 5].map((n) => (
                <option key={n} value={n}>
                  {n} · {labels[n - 1] ?? ''}
                </option>
              ))}
            </select>
          </div>
          <fieldset>
            <legend>{tx('a11yLegend')}</legend>
            <p className="hint">{tx('a11yHint')}</p>
            <TextField id="was-tool-url" label={tx('wasToolUrl')} value={wasToolUrl} maxLength={500} testId="admin-wastool-url" onChange={setWasToolUrl} />
            <TextField id="a11y-contact" label={tx('a11yContact')} value={a11yContact} maxLength={200} testId="admin-a11y-contact" onChange={setA11yContact} />
          </fieldset>
          <FormMessage error={message.error ?? null} status={message.status ?? null} />
          <button type="submit" className="button" data-testid="admin-settings-save">
            {tx('settingsSave')}
          </button>
        </form>
      )}
    </div>
  );
}
