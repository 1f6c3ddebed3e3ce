import { describe, expect, it } from 'vitest';
import type { ForumType, Role, Sector } from '../../shared/domain.js';
import type { BasisRow } from '../features/privacy/rules.js';
import { can, canParent, identityRefusalFor, type Actor, type MunicipalRole } from './policy.js';

const actor = (
  role: Role | null,
  opts: { sector?: Sector; forumType?: ForumType; municipalRoles?: MunicipalRole[] } = {},
): Actor => ({
  userId: 'u1',
  name: 'Test',
  municipalityId: 'm1',
  municipalRoles: opts.municipalRoles ?? [],
  memberships: new Map(
    role ? [['f1', { forumId: 'f1', forumType: opts.forumType ?? 'SSD', sector: opts.sector ?? 'SKOLE', role }]] : [],
  ),
});
const forum = { forumId: 'f1' };
const kase = { forumId: 'f1', isCase: true };

describe('policy', () => {
  it('[A1] without membership of the forum nothing is allowed', () => {
    for (const action of ['document:read', 'document:write', 'case:read', 'meeting:join', 'meeting:setCurrentItem'] as const) {
      expect(can(actor(null), action, forum)).toBe(false);
      expect(can(actor('CHAIR'), action, { forumId: 'other' })).toBe(false);
    }
  });

  it('[A2] a guest may read and join but not write', () => {
    expect(can(actor('GUEST'), 'document:read', forum)).toBe(true);
    expect(can(actor('GUEST'), 'meeting:join', forum)).toBe(true);
    expect(can(actor('GUEST'), 'document:write', forum)).toBe(false);
    expect(can(actor('GUEST'), 'case:create', kase)).toBe(false);
  });

  it('[A3] only the chair runs the meeting; members write', () => {
    expect(can(actor('MEMBER'), 'document:write', forum)).toBe(true);
    expect(can(actor('MEMBER'), 'meeting:setCurrentItem', forum)).toBe(false);
    expect(can(actor('CHAIR'), 'meeting:setCurrentItem', forum)).toBe(true);
    expect(can(actor('CHAIR'), 'case:setBasis', kase)).toBe(true);
    expect(can(actor('MEMBER'), 'case:setBasis', kase)).toBe(false);
  });

  it('[A4] police see cases only in SSP forums', () => {
    expect(can(actor('MEMBER', { sector: 'POLITI', forumType: 'SSD' }), 'case:read', kase)).toBe(false);
    expect(can(actor('MEMBER', { sector: 'POLITI', forumType: 'SSD' }), 'document:read', kase)).toBe(false);
    expect(can(actor('MEMBER', { sector: 'POLITI', forumType: 'SSP' }), 'case:read', kase)).toBe(true);
    expect(can(actor('MEMBER', { sector: 'SKOLE', forumType: 'SSD' }), 'case:read', kase)).toBe(true);
  });

  it('[A5] police never see health-only notes; only health visitors write them', () => {
    const health = { ...kase, healthOnly: true };
    expect(can(actor('MEMBER', { sector: 'POLITI', forumType: 'SSP' }), 'document:read', health)).toBe(false);
    expect(can(actor('MEMBER', { sector: 'SKOLE' }), 'document:read', health)).toBe(true);
    expect(can(actor('MEMBER', { sector: 'SKOLE' }), 'document:write', health)).toBe(false);
    expect(can(actor('MEMBER', { sector: 'SUNDHEDSPLEJE' }), 'document:write', health)).toBe(true);
  });

  it('[A6] a municipal admin manages their own municipality but cannot read cases without membership', () => {
    const admin = actor(null, { municipalRoles: ['ADMIN'] });
    expect(can(admin, 'admin:manage', { municipalityId: 'm1' })).toBe(true);
    expect(can(admin, 'admin:manage', { municipalityId: 'm2' })).toBe(false);
    expect(can(admin, 'audit:search', { municipalityId: 'm1' })).toBe(true);
    expect(can(admin, 'case:read', { ...kase, municipalityId: 'm1' })).toBe(false);
    expect(can(admin, 'document:read', { ...kase, municipalityId: 'm1' })).toBe(false);
    expect(can(actor('CHAIR'), 'admin:manage', { municipalityId: 'm1' })).toBe(false);
  });

  it('[A7] management sees key figures of its municipality and nothing else', () => {
    const management = actor(null, { municipalRoles: ['MANAGEMENT'] });
    expect(can(management, 'keyfigures:read', { forumId: 'f1', municipalityId: 'm1' })).toBe(true);
    expect(can(management, 'keyfigures:read', { forumId: 'f9', municipalityId: 'm2' })).toBe(false);
    expect(can(management, 'case:read', { ...kase, municipalityId: 'm1' })).toBe(false);
    expect(can(management, 'meeting:read', { forumId: 'f1', municipalityId: 'm1' })).toBe(false);
  });

  it('[VR2] the case history: members and chairs who may read the case, not guests; police only in SSP; no one outside the forum', () => {
    expect(can(actor('MEMBER'), 'case:history', kase)).toBe(true);
    expect(can(actor('CHAIR'), 'case:history', kase)).toBe(true);
    expect(can(actor('MEMBER', { sector: 'SUNDHEDSPLEJE', forumType: 'TRIVSEL_0_3' }), 'case:history', kase)).toBe(true);
    expect(can(actor('GUEST'), 'case:history', kase)).toBe(false);
    expect(can(actor('GUEST'), 'case:read', kase)).toBe(true); // a guest reads the case, not its history
    expect(can(actor('MEMBER', { sector: 'POLITI', forumType: 'SSD' }), 'case:history', kase)).toBe(false);
    // A4 holds even when the caller does not say it is a case.
    expect(can(actor('MEMBER', { sector: 'POLITI', forumType: 'SSD' }), 'case:history', forum)).toBe(false);
    expect(can(actor('MEMBER', { sector: 'POLITI', forumType: 'SSP' }), 'case:history', kase)).toBe(true);
    expect(can(actor('GUEST', { sector: 'POLITI', forumType: 'SSP' }), 'case:history', kase)).toBe(false);
    expect(can(actor('MEMBER'), 'case:history', { forumId: 'other', isCase: true })).toBe(false);
    // The municipality's roles read no case history without a membership (A6, A7).
    for (const role of ['ADMIN', 'MANAGEMENT'] as const) {
      expect(can(actor(null, { municipalRoles: [role] }), 'case:history', { ...kase, municipalityId: 'm1' })).toBe(false);
    }
  });

  it('[LB7] identity: a valid consent names the child to its sectors only, the chair included; guests never; statutory bases to every member', () => {
    const today = '2026-12-03';
    const basis = (over: Partial<BasisRow> = {}): BasisRow => ({
      kind: 'CONSENT',
      consentGivenOn: new Date('2026-11-01T00:00:00Z'),
      consentValidUntil: new Date('2027-11-01T00:00:00Z'),
      consentWithdrawnOn: null,
      consentSectors: ['SKOLE', 'SUNDHEDSPLEJE', 'SOCIAL'],
      ...over,
    });
    const at = (b: BasisRow | null) => ({ ...kase, identity: { basis: b, today } });
    expect(can(actor('MEMBER', { sector: 'SKOLE' }), 'case:identity', at(basis()))).toBe(true);
    expect(can(actor('CHAIR', { sector: 'SOCIAL' }), 'case:identity', at(basis()))).toBe(true);
    expect(identityRefusalFor(actor('MEMBER', { sector: 'DAGTILBUD' }), at(basis()))).toBe('sector');
    expect(identityRefusalFor(actor('CHAIR', { sector: 'DAGTILBUD' }), at(basis()))).toBe('sector');
    expect(identityRefusalFor(actor('GUEST', { sector: 'SKOLE' }), at(basis()))).toBe('guest');
    expect(identityRefusalFor(actor('MEMBER', { sector: 'SKOLE' }), at(basis({ consentWithdrawnOn: new Date('2026-12-03T00:00:00Z') })))).toBe('basis');
    expect(identityRefusalFor(actor('MEMBER', { sector: 'SKOLE' }), at(basis({ consentValidUntil: new Date('2026-12-02T00:00:00Z') })))).toBe('basis');
    expect(identityRefusalFor(actor('MEMBER', { sector: 'SKOLE' }), at(null))).toBe('basis');
    const ssd = basis({ kind: 'SSD_EXCHANGE', consentSectors: [] });
    expect(can(actor('MEMBER', { sector: 'DAGTILBUD' }), 'case:identity', at(ssd))).toBe(true);
    expect(identityRefusalFor(actor('GUEST', { sector: 'DAGTILBUD' }), at(ssd))).toBe('guest');
    // Without the basis, or without reading the case (police outside SSP, A4), never.
    expect(can(actor('MEMBER', { sector: 'SKOLE' }), 'case:identity', kase)).toBe(false);
    expect(can(actor('MEMBER', { sector: 'POLITI', forumType: 'SSD' }), 'case:identity', at(basis({ consentSectors: ['POLITI'] })))).toBe(false);
    // Access requests (IN1): a chair the basis names the child to, and the municipality's administrator.
    expect(can(actor('CHAIR', { sector: 'SOCIAL' }), 'case:exportIdentity', at(basis()))).toBe(true);
    expect(can(actor('MEMBER', { sector: 'SOCIAL' }), 'case:exportIdentity', at(basis()))).toBe(false);
    expect(can(actor('CHAIR', { sector: 'DAGTILBUD' }), 'case:exportIdentity', at(basis()))).toBe(false);
    expect(can(actor(null, { municipalRoles: ['ADMIN'] }), 'case:exportIdentity', { ...at(null), municipalityId: 'm1' })).toBe(true);
  });
});

describe('policy: parents', () => {
  const parent = { kind: 'parent' as const, invitationId: 'i1', caseId: 'c1', meetingId: 'm1' };
  it('[PA3] a parent acts on their own case only, and sees a meeting\'s item only for their invitation\'s meeting', () => {
    expect(canParent(parent, 'parent:read', { caseId: 'c1' })).toBe(true);
    expect(canParent(parent, 'parent:write', { caseId: 'c1' })).toBe(true);
    expect(canParent(parent, 'parent:read', { caseId: 'c2' })).toBe(false);
    expect(canParent(parent, 'parent:write', { caseId: 'c2' })).toBe(false);
    expect(canParent(parent, 'parent:meetingItem', { caseId: 'c1', meetingId: 'm1' })).toBe(true);
    expect(canParent(parent, 'parent:meetingItem', { caseId: 'c1', meetingId: 'm2' })).toBe(false);
    expect(canParent(parent, 'parent:meetingItem', { caseId: 'c1' })).toBe(false);
    expect(canParent({ ...parent, meetingId: null }, 'parent:meetingItem', { caseId: 'c1', meetingId: null })).toBe(false);
  });
});
