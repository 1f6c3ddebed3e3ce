/**
 * A case: header (reference, anonymous description, latest level, follow-ups)
 * and its live Yjs document, one WebsocketProvider shared by every section.
 */
import 'prosemirror-view/style/prosemirror.css';
import { useEffect, useState } from 'react';
import type { CaseDetail, DocWriter, ForumMember } from '../../../../shared/api.js';
import { useForumRoom, useRealtimeEvent } from '../../app/realtime.js';
import { useMe, useSession } from '../../app/session.js';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import type { Collab } from '../../lib/collab.js';
import { formatDateTime, formatDay } from '../../lib/format.js';
import { sectorLabel } from '../../lib/labels.js';
import { useLoad } from '../../lib/useLoad.js';
import { CollabClosedAlert } from '../document/CollabClosedAlert.js';
import { ConnectionBadge } from '../document/ConnectionBadge.js';
import { PresenceList } from '../document/PresenceList.js';
import { useCollab, useWarnBeforeUnload } from '../document/useCollab.js';
import { CasePrivacyPanel, CprRefused, CprWarning } from '../privacy/index.js';
import { ActionPlan } from './ActionPlan.js';
import { HealthNotes } from './HealthNotes.js';
import { ConcernEditor } from './ConcernEditor.js';
import { AuthorshipContext, useAuthorship } from './useAuthorship.js';
import { SosMap } from './SosMap.js';
import { NetworkList, VoiceField } from './VoiceAndNetwork.js';
import { useYVersion } from './yjs.js';

interface Props {
  caseId: string;
  /** Heading level of the case title: 1 on its own page, 2 inside the meeting. */
  headingLevel?: 1 | 2;
  /** Joined by the meeting page already; the standalone page joins itself. */
  joinRoom?: boolean;
}

export function CaseWorkspace({ caseId, headingLevel = 1, joinRoom = true }: Props) {
  const t = useI18n().t;
  const kase = useLoad(() => api.case(caseId), `case-${caseId}`);
  const forumId = kase.data?.forum.id ?? null;
  // Bumped on every `case:changed`, so the privacy panel refetches too.
  const [changes, setChanges] = useState(0);
  // A case page follows the forum's pushes without showing its reader as present in the meeting.
  useForumRoom(joinRoom ? forumId : null, true);
  useRealtimeEvent('case:changed', (p) => {
    if (p.caseId !== caseId) return;
    kase.reload();
    setChanges((n) => n + 1);
  });

  if (kase.status === 'loading') {
    return (
      <p className="status-text" role="status">
        {t('app.loading')}
      </p>
    );
  }
  if (!kase.data) {
    return (
      <p className="alert alert--error" role="alert" data-testid="case-not-found">
        {kase.error?.status === 404 ? t('case.notFound') : t('app.loadError')}
      </p>
    );
  }
  return <CaseView detail={kase.data} headingLevel={headingLevel} changes={changes} reload={kase.reload} />;
}

function CaseView({ detail, headingLevel, changes, reload }: { detail: CaseDetail; headingLevel: 1 | 2; changes: number; reload: () => void }) {
  const { t, lang } = useI18n();
  const me = useMe();
  const { sessionEnded } = useSession();
  const members = useLoad(() => api.members(detail.forum.id), `members-${detail.forum.id}`);
  const { collab, snapshot } = useCollab(detail.docName, {
    hasAccess: () => api.case(detail.id).then(
      () => true,
      () => false,
    ),
  });
  useEffect(() => {
    if (snapshot.closed === 'unauthorized') sessionEnded();
  }, [snapshot.closed, sessionEnded]);
  useWarnBeforeUnload(snapshot.dirty && snapshot.closed === null);
  // CS3: the case was closed while open here: fetch it again (status, canWrite).
  useEffect(() => {
    if (snapshot.readOnly) reload();
  }, [snapshot.readOnly, reload]);

  const membership = me.memberships.find((m) => m.forumId === detail.forum.id);
  const accessLost = snapshot.closed === 'forbidden' || snapshot.closed === 'unauthorized';
  const closed = detail.status === 'CLOSED' || snapshot.readOnly;
  const canWrite = detail.canWrite && !accessLost && !closed;
  const H = headingLevel === 1 ? 'h1' : 'h2';
  const S = headingLevel === 1 ? 'h2' : 'h3';
  const latestLevel = detail.latestLevel;
  const planned = detail.followUps.filter((f) => f.status === 'PLANNED');
  const latest = detail.assessments[detail.assessments.length - 1];

  return (
    <article className="case" aria-labelledby="case-title" data-testid="case-workspace" data-case-id={detail.id}>
      <div className="case-head">
        <div>
          <H id="case-title" className="case-head__title">
            {t('case.refLabel', { ref: detail.reference })}
          </H>
          <p className="case-head__desc" data-testid="case-description">
            {detail.description}
          </p>
        </div>
        <ConnectionBadge snapshot={snapshot} />
      </div>
      <dl className="facts">
        <div>
          <dt>{t('case.level')}</dt>
          <dd data-testid="case-level">
            {latestLevel ? (
              <>
                <span className={`level-chip level-chip--${latestLevel}`}>{latestLevel}</span> {detail.levelLabels[latestLevel - 1]}
              </>
            ) : (
              t('case.noLevel')
            )}
          </dd>
        </div>
        <div>
          <dt>{t('case.sosScale')}</dt>
          <dd>{detail.latestSosScale ?? '–'}</dd>
        </div>
        <div>
          <dt>{t('case.nextFollowUp')}</dt>
          <dd data-testid="case-followup">
            {planned.length === 0
              ? '–'
              : planned.map((f) => (
                  <span key={f.id} className="facts__line">
                    {formatDay(lang, f.dueDate)} · {f.responsible.name}
                    {f.responsible.sector ? ` (${sectorLabel(t, f.responsible.sector)})` : ''}
                  </span>
                ))}
          </dd>
        </div>
        {latest && (
          <div>
            <dt>{t('case.lastAssessed')}</dt>
            <dd data-testid="case-last-assessed">{formatDateTime(lang, latest.recordedAt)}</dd>
          </div>
        )}
      </dl>

      {(!detail.canWrite || closed) && (
        <p id="case-readonly" className="notice" data-testid="read-only-notice">
          {closed ? t('case.closedReadOnly') : t('case.readOnly')}
        </p>
      )}
      <CollabClosedAlert snapshot={snapshot} collab={collab} id="case-closed" />

      {collab && (
        <CaseDocument
          collab={collab}
          canWrite={canWrite}
          members={members.data ?? []}
          self={membership ? { userId: me.id, name: me.name, sector: membership.sector } : null}
          S={S}
          describedBy={!detail.canWrite || closed ? 'case-readonly' : accessLost ? 'case-closed' : undefined}
          anonymous={detail.anonymous}
        />
      )}
      <section className="case-section" aria-labelledby="sec-privacy">
        <S id="sec-privacy">{t('case.privacy')}</S>
        <CasePrivacyPanel
          caseId={detail.id}
          forumType={detail.forum.type}
          isChair={membership?.role === 'CHAIR'}
          canWrite={detail.canWrite}
          meLabel={me.name}
          refreshKey={changes}
          closed={detail.status === 'CLOSED'}
          latestLevel={detail.latestLevel}
          reference={detail.reference}
          onClosed={reload}
          onChanged={reload}
          renderHealthNotes={(docName) => (
            <HealthNotes
              docName={docName}
              canWrite={detail.canWrite && membership?.sector === 'SUNDHEDSPLEJE'}
              self={membership ? { userId: me.id, name: me.name, sector: membership.sector } : null}
            />
          )}
        />
      </section>
      {collab && (
        <aside className="case-presence">
          <PresenceList collab={collab} self={{ id: me.id, name: me.name, sector: membership?.sector ?? null }} />
        </aside>
      )}
    </article>
  );
}

interface DocProps {
  collab: Collab;
  canWrite: boolean;
  members: ForumMember[];
  self: Omit<DocWriter, 'clientId'> | null;
  S: 'h2' | 'h3';
  describedBy: string | undefined;
  anonymous: boolean;
}

function CaseDocument({ collab, canWrite, members, self, S, describedBy, anonymous }: DocProps) {
  const t = useI18n().t;
  useYVersion(collab.ydoc);
  // LB2: warn as soon as a CPR number appears in the note (tags stripped from the XML).
  const concernText = collab.ydoc.getXmlFragment('prosemirror').toString().replace(/<[^>]*>/g, ' ');
  // LB2: the editor did not apply a change that would have added a CPR number; said until the note changes.
  const [cprRefused, setCprRefused] = useState(false);
  useEffect(() => setCprRefused(false), [concernText]);
  const authorship = useAuthorship(collab.provider.roomname, collab.ydoc, self);
  return (
    <AuthorshipContext.Provider value={authorship}>
    <div className="case-doc">
      <section className="case-section case-section--concern" aria-labelledby="sec-concern">
        <S id="sec-concern">{t('case.concern')}</S>
        <p className="hint" id="concern-hint">
          {t('case.concernHint')}
        </p>
        <ConcernEditor
          collab={collab}
          editable={canWrite}
          authorship={authorship}
          labelledBy="sec-concern"
          describedBy={describedBy ?? 'concern-hint'}
          onCprRefused={() => setCprRefused(true)}
        />
        <CprRefused refused={cprRefused} />
        <CprWarning text={concernText} id="concern-cpr" anonymous={anonymous} />
      </section>
      <section className="case-section" aria-labelledby="sec-sos">
        <S id="sec-sos">{t('case.sos')}</S>
        <SosMap ydoc={collab.ydoc} canWrite={canWrite} />
      </section>
      <div className="grid-2">
        <section className="case-section" aria-labelledby="sec-voice">
          <S id="sec-voice">{t('case.voice')}</S>
          <VoiceField ydoc={collab.ydoc} canWrite={canWrite} />
        </section>
        <section className="case-section" aria-labelledby="sec-network">
          <S id="sec-network">{t('case.network')}</S>
          <NetworkList ydoc={collab.ydoc} canWrite={canWrite} />
        </section>
      </div>
      <section className="case-section" aria-labelledby="sec-actions">
        <S id="sec-actions">{t('case.actions')}</S>
        <ActionPlan ydoc={collab.ydoc} canWrite={canWrite} members={members} />
      </section>
    </div>
    </AuthorshipContext.Provider>
  );
}
