/**
 * "Hjemmel og databeskyttelse" for one case: legal basis, identity, duty to
 * report, health-only notes and (for the chair) closing, access log and
 * access request. Data from GET /api/cases/:id/privacy, fetched again when
 * `refreshKey` changes (bump it on the socket's `case:changed`).
 */
import { useCallback, useEffect, useRef, type ReactNode } from 'react';
import type { ForumType } from '../../../../shared/domain.js';
import { api } from '../../lib/api.js';
import { useLoad } from '../../lib/useLoad.js';
import { AccessLog } from './AccessLog.js';
import { AccessRequestDownload } from './AccessRequestDownload.js';
import { BasisSection } from './BasisSection.js';
import { CloseCase } from './CloseCase.js';
import { HealthNotes } from './HealthNotes.js';
import { IdentitySection } from './IdentitySection.js';
import { ReportDutySection } from './ReportDutySection.js';
import { errKey, usePrivacyText } from './text.js';

export interface CasePrivacyPanelProps {
  caseId: string;
  forumType: ForumType;
  isChair: boolean;
  canWrite: boolean;
  /** The viewer's name, shown with "Dit svar" on the duty to report. */
  meLabel?: string;
  /** Any value; a change refetches (e.g. a counter bumped on `case:changed`). */
  refreshKey?: number | string;
  /** The case is CLOSED: nothing is edited any more. */
  closed?: boolean;
  /** CaseDetail.latestLevel, for the duty-to-report text. */
  latestLevel?: number | null;
  /** CaseDetail.reference, for the JSON access-request file name. */
  reference?: string;
  /** Called after the chair closed the case (refetch the case). */
  onClosed?: () => void;
  /** Called after a change made here (basis, identity, …), e.g. to refetch the case too. */
  onChanged?: () => void;
  /** Renders the health-notes editor for its docName; default: a link to /d/:docName. */
  renderHealthNotes?: (docName: string) => ReactNode;
}

export function CasePrivacyPanel(props: CasePrivacyPanelProps) {
  const { caseId, forumType, isChair, canWrite, meLabel, refreshKey, closed = false } = props;
  const tx = usePrivacyText();
  const load = useLoad(() => api.privacy.privacy(caseId), caseId);
  const { reload } = load;

  // Refetch without flicker when the lead bumps refreshKey.
  const lastKey = useRef(refreshKey);
  useEffect(() => {
    if (lastKey.current === refreshKey) return;
    lastKey.current = refreshKey;
    reload();
  }, [refreshKey, reload]);

  const onChangedProp = props.onChanged;
  const changed = useCallback(() => {
    reload();
    onChangedProp?.();
  }, [reload, onChangedProp]);

  const data = load.data;
  return (
    <section className="panel" aria-labelledby="privacy-panel-h" data-testid="case-privacy">
      <h2 id="privacy-panel-h" className="panel__title">
        {tx('title')}
      </h2>
      {load.status === 'loading' && (
        <p className="status-text" role="status">
          {tx('loading')}
        </p>
      )}
      {load.status === 'error' && (
        <div className="alert alert--error" role="alert">
          <p>{load.error.status === 404 ? tx('err.not_found') : load.error.code === 'network' ? tx(errKey('network')) : tx('loadError')}</p>
          <p>
            <button type="button" className="button button--small button--secondary" onClick={reload}>
              {tx('retry')}
            </button>
          </p>
        </div>
      )}
      {data && (
        <>
          {data.reportDuty.required && (
            <ReportDutySection
              caseId={caseId}
              duty={data.reportDuty}
              latestLevel={props.latestLevel}
              meLabel={meLabel}
              canAnswer={!closed}
              onChanged={changed}
            />
          )}
          <BasisSection caseId={caseId} forumType={forumType} basis={data.basis} sspNotice={data.sspNotice} canManage={isChair && !closed} onChanged={changed} />
          <IdentitySection
            caseId={caseId}
            identity={data.identity}
            identityAllowed={data.identityAllowed}
            withheld={data.identityWithheld}
            basisKind={data.basis.kind}
            canEdit={canWrite && !closed}
            onChanged={changed}
          />
          <HealthNotes caseId={caseId} healthDocName={data.healthDocName} canCreate={data.canCreateHealthNotes && !closed} onChanged={changed} render={props.renderHealthNotes} />
          {isChair && (
            <section aria-labelledby="privacy-chair-h" data-testid="chair-privacy-tools">
              <h3 id="privacy-chair-h">{tx('chairHeading')}</h3>
              <CloseCase caseId={caseId} closed={closed} onClosed={props.onClosed} />
              <h4>{tx('accessLogHeading')}</h4>
              <AccessLog caseId={caseId} />
              <h4>{tx('exportHeading')}</h4>
              <AccessRequestDownload caseId={caseId} reference={props.reference} />
            </section>
          )}
        </>
      )}
    </section>
  );
}
