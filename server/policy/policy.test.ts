import { describe, expect, it } from 'vitest';
import type { ForumType, Role, Sector } from '../../shared/domain.js';
import { can, type Actor, type MunicipalRole } from './policy.js';

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
});
