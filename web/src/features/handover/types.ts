/**
 * The answers of the meeting's hand-over (docs/SPEC.md, HO7-HO10). The server's own types are in
 * server/features/handover/types.ts; the web keeps this copy because it never imports server/.
 */
import type { Sector } from '../../../../shared/domain.js';

export interface HandoverFilingView {
  filedAt: string;
  filedBy: { name: string; sector: Sector | null } | null;
  externalReference: string | null;
}

export interface HandoverPacketView {
  caseId: string;
  reference: string;
  sector: Sector;
  firstDownloadedAt: string | null;
  filing: HandoverFilingView | null;
}

export interface HandoverOverview {
  meetingId: string;
  sector: Sector | null;
  mine: HandoverPacketView[];
  all: Array<{ caseId: string; reference: string; packets: HandoverPacketView[] }> | null;
}
