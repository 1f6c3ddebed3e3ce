import { describe, expect, it } from 'vitest';
import type { Role } from '../../shared/domain.js';
import { can, type Actor } from './policy.js';

const actor = (role: Role | null): Actor => ({
  userId: 'u1',
  name: 'Test',
  municipalityId: 'm1',
  memberships: new Map(role ? [['f1', { forumId: 'f1', sector: 'SKOLE', role }]] : []),
});
const forum = { forumId: 'f1' };

describe('policy', () => {
  it('[A1] without membership of the forum nothing is allowed', () => {
    for (const action of ['document:read', 'document:write', 'meeting:join', 'meeting:setCurrentItem'] as const) {
      expect(can(actor(null), action, forum)).toBe(false);
      expect(can(actor('CHAIR'), action, { forumId: 'other' })).toBe(false);
    }
  });

  it('[A2] a guest may read and join but not write', () => {
    expect(can(actor('GUEST'), 'document:read', forum)).toBe(true);
    expect(can(actor('GUEST'), 'meeting:join', forum)).toBe(true);
    expect(can(actor('GUEST'), 'document:write', forum)).toBe(false);
  });

  it('[A3] only the chair sets the current item; members write', () => {
    expect(can(actor('MEMBER'), 'document:write', forum)).toBe(true);
    expect(can(actor('MEMBER'), 'meeting:setCurrentItem', forum)).toBe(false);
    expect(can(actor('CHAIR'), 'meeting:setCurrentItem', forum)).toBe(true);
  });
});
