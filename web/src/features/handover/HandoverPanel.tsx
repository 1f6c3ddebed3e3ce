/**
 * The closed meeting's hand-over (docs/SPEC.md, HO7-HO10): a member downloads their sector's packet per case (PDF or
 * JSON) and marks it filed ("journaliseret af … den …", with their own system's number if they like); the chair
 * sees for every case and sector whether it has been downloaded and filed. Nothing is shown to a member without
 * packets (a guest, ANDET).
 */
import { useId, useState, type FormEvent } from 'react';
import type { MeetingDetail } from '../../../../shared/api.js';
import { journalNumberProblem } from '../../../../shared/schemas/journal.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { sectorLabel } from '../../lib/labels.js';
import { useLoad } from '../../lib/useLoad.js';
import { FormMessage, TextField } from '../privacy/fields.js';
import { api } from '../../lib/api.js';
import { downloadFile, statusOf } from '../privacy/http.js';
import { useHandoverText } from './text.js';
import type { HandoverFilingView, HandoverOverview, HandoverPacketView } from '../../../../shared/api.js';

export function HandoverPanel({ meeting }: { meeting: MeetingDetail }) {
  if (meeting.status !== 'CLOSED') return null;
  return <Handover meetingId={meeting.id} />;
}

const addressOf = (meetingId: string, p: HandoverPacketView) => ({ meetingId, caseId: p.caseId, sector: p.sector });

function Handover({ meetingId }: { meetingId: string }) {
  const tx = useHandoverText();
  const { t } = useI18n();
  const load = useLoad(() => api.handover.overview(meetingId), `handover-${meetingId}`);

  if (load.status === 'loading') return null;
  if (!load.data) {
    // 404/409: nothing to hand over here (not a member, not closed).
    if (statusOf(load.error) === 404 || statusOf(load.error) === 409) return null;
    return (
      <div className="alert alert--error" role="alert" data-testid="handover-error">
        <p>{tx('loadError')}</p>
        <button type="button" className="button button--secondary" onClick={load.reload}>
          {tx('retry')}
        </button>
      </div>
    );
  }
  const { mine, all, sector } = load.data;
  if (mine.length === 0 && !all) return null;

  return (
    <section aria-labelledby="handover-title" className="case-section" data-testid="handover">
      <h3 id="handover-title">{tx('title')}</h3>
      {mine.length > 0 && (
        <>
          <p className="muted">{tx('intro', { sector: sectorLabel(t, sector) })}</p>
          <ul className="action-list" data-testid="handover-mine">
            {mine.map((p) => (
              <PacketRow key={`${p.caseId}-${p.sector}`} meetingId={meetingId} packet={p} onChanged={load.reload} />
            ))}
          </ul>
        </>
      )}
      {all && <StatusTable all={all} onRefresh={load.reload} />}
    </section>
  );
}

function FilingText({ filing }: { filing: HandoverFilingView }) {
  const tx = useHandoverText();
  const { lang } = useI18n();
  const date = formatDateTime(lang, filing.filedAt);
  return (
    <>
      {filing.filedBy ? tx('filedBy', { name: filing.filedBy.name, date }) : tx('filedByUnknown', { date })}
      {filing.externalReference && ` (${tx('filedRef', { ref: filing.externalReference })})`}
    </>
  );
}

function PacketRow({ meetingId, packet, onChanged }: { meetingId: string; packet: HandoverPacketView; onChanged: () => void }) {
  const tx = useHandoverText();
  const id = useId();
  const ref = packet.reference;
  const [number, setNumber] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const address = addressOf(meetingId, packet);

  const download = async (format: 'pdf' | 'json') => {
    if (busy) return;
    setBusy(true);
    setError(null);
    setStatus(tx('downloading'));
    try {
      await downloadFile(api.handover.packetUrl(address, format), `overlevering.${format}`, () => {});
      setStatus(tx('downloaded'));
      onChanged();
    } catch {
      setStatus(null);
      setError(tx('downloadError'));
    } finally {
      setBusy(false);
    }
  };

  const file = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const problem = number.trim() ? journalNumberProblem(number) : null;
    setFieldError(problem ? tx(`err.${problem}`) : null);
    if (problem) return;
    setBusy(true);
    setError(null);
    try {
      await api.handover.file(address, number.trim() || null);
      setStatus(tx('saved', { ref }));
      setNumber('');
      onChanged();
    } catch {
      setError(tx('saveError'));
    } finally {
      setBusy(false);
    }
  };

  const undo = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await api.handover.unfile(address);
      setStatus(tx('undone', { ref }));
      onChanged();
    } catch {
      setError(tx('saveError'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="form--card" data-testid="handover-packet" data-case={ref}>
      <p>
        <strong>{tx('case', { ref })}</strong>
      </p>
      <div className="inline">
        <button type="button" className="button button--secondary" aria-label={tx('pdfFor', { ref })} aria-disabled={busy} onClick={() => void download('pdf')} data-testid="handover-pdf">
          {tx('pdf')}
        </button>
        <button type="button" className="button button--secondary" aria-label={tx('jsonFor', { ref })} aria-disabled={busy} onClick={() => void download('json')} data-testid="handover-json">
          {tx('json')}
        </button>
      </div>
      <p data-testid="handover-filing">
        {packet.filing ? (
          <span className="tag tag--ok">
            <FilingText filing={packet.filing} />
          </span>
        ) : (
          <span className="tag">{tx('notFiled')}</span>
        )}
      </p>
      {packet.filing ? (
        <button type="button" className="button button--secondary button--small" aria-label={tx('undoFor', { ref })} aria-disabled={busy} onClick={() => void undo()} data-testid="handover-undo">
          {tx('undo')}
        </button>
      ) : (
        <form className="form form--inline" onSubmit={(e) => void file(e)} noValidate data-testid="handover-file-form">
          <div className="form--row">
            <TextField
              id={`${id}-number`}
              label={tx('externalRef')}
              hint={tx('externalRefHint')}
              value={number}
              onChange={setNumber}
              error={fieldError}
              testId="handover-external-ref"
            />
            <button type="submit" className="button" aria-label={tx('markFiledFor', { ref })} aria-disabled={busy} data-testid="handover-mark-filed">
              {tx('markFiled')}
            </button>
          </div>
        </form>
      )}
      <FormMessage error={error} status={status} />
    </li>
  );
}

function StatusTable({ all, onRefresh }: { all: NonNullable<HandoverOverview['all']>; onRefresh: () => void }) {
  const tx = useHandoverText();
  const { t, lang } = useI18n();
  return (
    <div data-testid="handover-status">
      <div className="page-head">
        <h4 id="handover-status-title">{tx('statusTitle')}</h4>
        <button type="button" className="button button--secondary button--small" onClick={onRefresh} data-testid="handover-refresh">
          {tx('refresh')}
        </button>
      </div>
      <p className="muted">{tx('statusIntro')}</p>
      {all.length === 0 ? (
        <p>{tx('none')}</p>
      ) : (
        <table className="table" aria-labelledby="handover-status-title">
          <thead>
            <tr>
              <th scope="col">{tx('colCase')}</th>
              <th scope="col">{tx('colSector')}</th>
              <th scope="col">{tx('colStatus')}</th>
            </tr>
          </thead>
          <tbody>
            {all.flatMap((c) =>
              c.packets.map((p) => (
                <tr key={`${c.caseId}-${p.sector}`} data-testid="handover-status-row" data-case={c.reference} data-sector={p.sector}>
                  <td>{tx('case', { ref: c.reference })}</td>
                  <td>{sectorLabel(t, p.sector)}</td>
                  <td>
                    {p.filing ? (
                      <span className="tag tag--ok">
                        <FilingText filing={p.filing} />
                      </span>
                    ) : p.firstDownloadedAt ? (
                      tx('fetchedNotFiled', { date: formatDateTime(lang, p.firstDownloadedAt) })
                    ) : (
                      <span className="tag tag--muted">{tx('notFetched')}</span>
                    )}
                  </td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      )}
    </div>
  );
}
