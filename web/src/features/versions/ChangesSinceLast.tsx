/**
 * "Ændret siden sidste møde" (VR3): the case now compared with the version
 * kept at its latest meeting. Concern text added (by whom) and removed (whose
 * text it was), SoS points, the child's voice, the network, actions added,
 * done and overdue, and level, scale and basis then and now.
 */
import type { ActionChange, CaseChanges } from '../../../../shared/api.js';
import { useI18n } from '../../i18n/index.js';
import { formatDay } from '../../lib/format.js';
import { api } from '../../lib/api.js';
import { useLoad } from '../../lib/useLoad.js';
import { basisLabel, meetingDate, personWithSector, writerName } from './people.js';
import { useVersionsText, type VersionsKey } from './text.js';

export function ChangesSinceLast({ caseId, refreshKey }: { caseId: string; refreshKey: number }) {
  const tx = useVersionsText();
  const changes = useLoad(() => api.versions.changes(caseId), `changes-${caseId}-${refreshKey}`);
  return (
    <section className="case-section" aria-labelledby="sec-changes" data-testid="changes-since-last">
      <div className="page-head">
        <h2 id="sec-changes">{tx('changesTitle')}</h2>
        <button type="button" className="button button--secondary button--small" onClick={changes.reload} data-testid="changes-refresh">
          {tx('refresh')}
        </button>
      </div>
      {changes.status === 'loading' ? (
        <p className="status-text" role="status">
          {tx('loading')}
        </p>
      ) : !changes.data ? (
        <p className="alert alert--error" role="alert">
          {tx('changesError')}
        </p>
      ) : (
        <ChangesBody changes={changes.data} />
      )}
    </section>
  );
}

function isEmpty(c: CaseChanges): boolean {
  const lists = [c.concern, c.sos.added, c.sos.removed, c.sos.changed, c.network.added, c.network.removed, ...Object.values(c.actions)];
  return lists.every((l) => l.length === 0) && c.voice === null;
}

function ChangesBody({ changes: c }: { changes: CaseChanges }) {
  const { t, lang } = useI18n();
  const tx = useVersionsText();
  if (!c.since) return <p className="muted">{tx('changesNoVersion')}</p>;
  const unknown = tx('unknownWriter');
  const who = (id: string | null) => writerName(t, c.writers, id, unknown);
  const level = (n: number | null) => (n === null ? tx('notAssessed') : tx('levelValue', { level: n, label: c.levelLabels[n - 1] ?? '' }));
  const scale = (n: number | null) => (n === null ? tx('notAssessed') : `${n}/10`);

  const actionList = (key: VersionsKey, actions: ActionChange[], testId: string) =>
    actions.length > 0 && (
      <div data-testid={testId}>
        <h4>{tx(key)}</h4>
        <ul className="plain-list">
          {actions.map((a) => (
            <li key={a.id}>
              <strong>{a.title}</strong> – {a.responsibleUserId ? personWithSector(t, c.writers[a.responsibleUserId], unknown) : tx('noResponsible')}
              {a.dueDate ? `, ${tx('due', { date: formatDay(lang, a.dueDate) })}` : ''} – {t(`status.${a.status}`)}
            </li>
          ))}
        </ul>
      </div>
    );

  return (
    <>
      <p className="hint">{tx('changesSince', { date: meetingDate(lang, c.since.meetingStartsAt) })}</p>

      <h3>{tx('assessment')}</h3>
      <dl className="facts" data-testid="changes-assessment">
        {(
          [
            ['level', c.level && { then: level(c.level.then), now: level(c.level.now) }],
            ['scale', c.sosScale && { then: scale(c.sosScale.then), now: scale(c.sosScale.now) }],
            ['basis', c.basis && { then: basisLabel(lang, c.basis.then), now: basisLabel(lang, c.basis.now) }],
          ] as const
        ).map(([key, v]) =>
          v ? (
            <div key={key}>
              <dt>{tx(key)}</dt>
              <dd>{v.then === v.now ? tx('unchanged', { value: v.now }) : tx('changed', { then: v.then, now: v.now })}</dd>
            </div>
          ) : null,
        )}
      </dl>

      {isEmpty(c) ? (
        <p className="muted" data-testid="changes-none">
          {tx('changesNone')}
        </p>
      ) : (
        <>
          {c.concern.length > 0 && (
            <div data-testid="changes-concern">
              <h3>{tx('concern')}</h3>
              <ul className="plain-list">
                {c.concern.flatMap((w) => [
                  ...w.added.map((text, i) => (
                    <li key={`${w.writerId}-a${i}`} data-testid="changes-concern-added">
                      <ins>{text}</ins> <span className="muted">— {tx('addedBy', { writer: who(w.writerId) })}</span>
                    </li>
                  )),
                  ...w.removed.map((text, i) => (
                    <li key={`${w.writerId}-r${i}`} data-testid="changes-concern-removed">
                      <del>{text}</del> <span className="muted">— {tx('removedFrom', { writer: who(w.writerId) })}</span>
                    </li>
                  )),
                ])}
              </ul>
            </div>
          )}

          {c.sos.added.length + c.sos.removed.length + c.sos.changed.length > 0 && (
            <div data-testid="changes-sos">
              <h3>{tx('sos')}</h3>
              {c.sos.added.length > 0 && (
                <>
                  <h4>{tx('sosAdded')}</h4>
                  <ul className="plain-list">
                    {c.sos.added.map((p, i) => (
                      <li key={i}>
                        {t(`sos.${p.column}`)} <ins>{p.text}</ins> <span className="muted">— {who(p.addedById)}</span>
                      </li>
                    ))}
                  </ul>
                </>
              )}
              {c.sos.removed.length > 0 && (
                <>
                  <h4>{tx('sosRemoved')}</h4>
                  <ul className="plain-list">
                    {c.sos.removed.map((p, i) => (
                      <li key={i}>
                        {t(`sos.${p.column}`)} <del>{p.text}</del> <span className="muted">— {who(p.addedById)}</span>
                      </li>
                    ))}
                  </ul>
                </>
              )}
              {c.sos.changed.length > 0 && (
                <>
                  <h4>{tx('sosChanged')}</h4>
                  <ul className="plain-list">
                    {c.sos.changed.map((p, i) => (
                      <li key={i}>
                        {t(`sos.${p.column}`)} <del>{p.before}</del> → <ins>{p.after}</ins> <span className="muted">— {who(p.changedById)}</span>
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </div>
          )}

          {c.voice && (
            <div data-testid="changes-voice">
              <h3>{tx('voiceChanged')}</h3>
              <p>
                {tx('then')}: <del>{c.voice.then || tx('none')}</del>
              </p>
              <p>
                {tx('now')}: <ins>{c.voice.now || tx('none')}</ins>
              </p>
            </div>
          )}

          {c.network.added.length + c.network.removed.length > 0 && (
            <div data-testid="changes-network">
              <h3>{tx('network')}</h3>
              <ul className="plain-list">
                {c.network.added.map((e, i) => (
                  <li key={`a${i}`}>
                    {tx('networkAdded')}: <ins>{e.relation ? `${e.name} (${e.relation})` : e.name}</ins>
                  </li>
                ))}
                {c.network.removed.map((e, i) => (
                  <li key={`r${i}`}>
                    {tx('networkRemoved')}: <del>{e.relation ? `${e.name} (${e.relation})` : e.name}</del>
                  </li>
                ))}
              </ul>
            </div>
          )}

          {Object.values(c.actions).some((l) => l.length > 0) && (
            <div data-testid="changes-actions">
              <h3>{tx('actions')}</h3>
              {actionList('actionsAdded', c.actions.added, 'changes-actions-added')}
              {actionList('actionsDone', c.actions.done, 'changes-actions-done')}
              {actionList('actionsOverdue', c.actions.overdue, 'changes-actions-overdue')}
              {actionList('actionsRemoved', c.actions.removed, 'changes-actions-removed')}
            </div>
          )}
        </>
      )}
    </>
  );
}
