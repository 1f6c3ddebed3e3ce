/** /c/:caseId — a case on its own (between meetings, or on a phone in the field). */
import { usePageTitle } from '../../app/AppShell.js';
import { useT } from '../../i18n/index.js';
import { CaseWorkspace } from './CaseWorkspace.js';
import { CaseTimeline } from '../versions/Timeline.js';

export default function CasePage({ caseId }: { caseId: string }) {
  const t = useT();
  // Never the case's description: the title lands in browser history.
  usePageTitle(t('case.pageTitle'));
  return (
    <div className="page page--wide">
      <CaseWorkspace key={caseId} caseId={caseId} />
      <CaseTimeline key={`timeline-${caseId}`} caseId={caseId} />
    </div>
  );
}
