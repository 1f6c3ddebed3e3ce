/** A forum's cases and meetings, the agenda and the live meeting (CS, MT, FU), the hand-over (HO). */
import type { z } from 'zod';
import type { concludeItemSchema, createMeetingSchema } from '../../../../shared/schemas/meetings.js';
import { routeUrl, send } from '../http.js';

export type ConcludeInput = z.input<typeof concludeItemSchema>;
export type CreateMeetingInput = z.input<typeof createMeetingSchema>;

const m = (meetingId: string) => ({ meetingId });
const item = (meetingId: string, itemId: string) => ({ meetingId, itemId });

export const forumCalls = {
  overview: (forumId: string) => send('GET /api/forums/:forumId/overview', { params: { forumId } }),
  members: (forumId: string) => send('GET /api/forums/:forumId/members', { params: { forumId } }),
  cases: (forumId: string) => send('GET /api/forums/:forumId/cases', { params: { forumId } }),
  createCase: (forumId: string, description: string) => send('POST /api/forums/:forumId/cases', { params: { forumId }, body: { description } }),
  meetings: (forumId: string) => send('GET /api/forums/:forumId/meetings', { params: { forumId } }),
  createMeeting: (forumId: string, body: CreateMeetingInput) => send('POST /api/forums/:forumId/meetings', { params: { forumId }, body }),
  keyFigures: (forumId: string, from?: string, to?: string) => send('GET /api/forums/:forumId/keyfigures', { params: { forumId }, query: { from, to } }),
};

export const meetingCalls = {
  meeting: (id: string) => send('GET /api/meetings/:meetingId', { params: m(id) }),
  addAgendaItem: (id: string, caseId: string, timeboxMinutes: number) =>
    send('POST /api/meetings/:meetingId/agenda', { params: m(id), body: { caseId, timeboxMinutes } }),
  reorderAgenda: (id: string, itemIds: string[]) => send('POST /api/meetings/:meetingId/agenda/reorder', { params: m(id), body: { itemIds } }),
  updateAgendaItem: (id: string, itemId: string, patch: { timeboxMinutes?: number }) =>
    send('PATCH /api/meetings/:meetingId/agenda/:itemId', { params: item(id, itemId), body: patch }),
  removeAgendaItem: (id: string, itemId: string) => send('DELETE /api/meetings/:meetingId/agenda/:itemId', { params: item(id, itemId) }),
  setParticipants: (id: string, userIds: string[], guestLabels: string[]) =>
    send('PUT /api/meetings/:meetingId/participants', { params: m(id), body: { userIds, guestLabels } }),
  setJournalNumber: (id: string, journalNumber: string | null) => send('PUT /api/meetings/:meetingId/journal-number', { params: m(id), body: { journalNumber } }),
  start: (id: string) => send('POST /api/meetings/:meetingId/start', { params: m(id) }),
  setCurrent: (id: string, itemId: string | null) => send('POST /api/meetings/:meetingId/current', { params: m(id), body: { itemId } }),
  conclude: (id: string, itemId: string, body: ConcludeInput) => send('POST /api/meetings/:meetingId/items/:itemId/conclude', { params: item(id, itemId), body }),
  close: (id: string) => send('POST /api/meetings/:meetingId/close', { params: m(id) }),
  minutesPdfUrl: (id: string) => routeUrl('GET /api/meetings/:meetingId/minutes.pdf', { params: m(id) }),
};

/** One sector's packet of one case of a closed meeting (HO7-HO10). */
export interface PacketAddress {
  meetingId: string;
  caseId: string;
  sector: string;
}

export const handoverCalls = {
  overview: (meetingId: string) => send('GET /api/meetings/:meetingId/handover', { params: m(meetingId) }),
  packetUrl: (a: PacketAddress, format: 'pdf' | 'json') =>
    format === 'pdf'
      ? routeUrl('GET /api/meetings/:meetingId/handover/:caseId/:sector/packet.pdf', { params: { ...a } })
      : routeUrl('GET /api/meetings/:meetingId/handover/:caseId/:sector/packet.json', { params: { ...a } }),
  file: (a: PacketAddress, externalReference: string | null) =>
    send('PUT /api/meetings/:meetingId/handover/:caseId/:sector/filing', { params: { ...a }, body: { externalReference } }),
  unfile: (a: PacketAddress) => send('DELETE /api/meetings/:meetingId/handover/:caseId/:sector/filing', { params: { ...a } }),
};
