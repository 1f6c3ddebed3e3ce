/**
 * Municipal administration (docs/SPEC.md, A6, A8): users, forums and
 * memberships of the admin's own municipality. Admins never read cases
 * through this role. Ending or changing access takes effect at once: the
 * affected sockets are closed or leave the forum, and the next request is
 * refused because every request loads memberships fresh.
 */
import type { AdminForum, AdminUser, MunicipalitySettings } from '../../../shared/api.js';
import { CloseCode } from '../../../shared/protocol.js';
import type { z } from 'zod';
import type { createForumSchema, createUserSchema, membershipSchema, municipalitySettingsSchema, updateUserSchema } from '../../../shared/schemas/admin.js';
import type { LiveConnections } from '../../auth/live-connections.js';
import { hashPassword } from '../../auth/passwords.js';
import type { Db } from '../../db/client.js';
import { Prisma } from '../../db/generated/client.js';
import { log } from '../../observability/log.js';
import { can, membershipAllowed, type Actor } from '../../policy/policy.js';
import type { RealtimeHub } from '../../realtime/hub.js';
import { ERROR_MESSAGES_DA } from '../../../shared/labels.js';
import { DomainError, notFound } from '../meetings/errors.js';
import { levelLabelsFor } from '../overview/levels.js';
import { queueMailsWith } from '../mail/outbox.js';
import { todayInCopenhagen } from '../tasks/dates.js';

export class AdminService {
  constructor(
    private readonly db: Db,
    private readonly live: LiveConnections,
    private readonly hub: RealtimeHub,
  ) {}

  /** A8, A11: the user's sockets close on the forum's documents and leave its socket.io rooms, on every instance. */
  private revoke(userId: string, forumId: string, reason: string): number {
    this.hub.leaveForum(userId, forumId);
    return this.live.revokeForum(userId, forumId, CloseCode.FORBIDDEN, reason);
  }

  private require(actor: Actor): string {
    if (!can(actor, 'admin:manage', { municipalityId: actor.municipalityId })) throw new DomainError('forbidden', 403);
    return actor.municipalityId;
  }

  async listUsers(actor: Actor): Promise<AdminUser[]> {
    const municipalityId = this.require(actor);
    const users = await this.db.user.findMany({
      where: { municipalityId },
      orderBy: { name: 'asc' },
      include: { memberships: { include: { forum: { select: { name: true } } } } },
    });
    return users.map((u) => ({
      id: u.id,
      email: u.email,
      name: u.name,
      municipalRoles: u.municipalRoles,
      disabled: u.disabledAt !== null,
      totpEnabled: u.totpEnabledAt !== null,
      memberships: u.memberships.map((m) => ({ forumId: m.forumId, forumName: m.forum.name, sector: m.sector, role: m.role })),
    }));
  }

  async createUser(actor: Actor, input: z.infer<typeof createUserSchema>): Promise<{ id: string }> {
    const municipalityId = this.require(actor);
    try {
      const user = await this.db.user.create({
        data: {
          municipalityId,
          email: input.email,
          name: input.name,
          municipalRoles: input.municipalRoles,
          passwordHash: input.password ? await hashPassword(input.password) : null,
        },
      });
      log.info('admin_user_created', { by: actor.userId, user: user.id });
      return { id: user.id };
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') throw new DomainError('email_taken', 409);
      throw err;
    }
  }

  async updateUser(actor: Actor, userId: string, input: z.infer<typeof updateUserSchema>): Promise<void> {
    const municipalityId = this.require(actor);
    const user = await this.db.user.findUnique({ where: { id: userId } });
    if (!user || user.municipalityId !== municipalityId) throw notFound();
    await this.db.$transaction(async (tx) => {
      await tx.user.update({
        where: { id: userId },
        data: {
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.municipalRoles !== undefined ? { municipalRoles: input.municipalRoles } : {}),
          ...(input.disabled !== undefined ? { disabledAt: input.disabled ? (user.disabledAt ?? new Date()) : null } : {}),
        },
      });
      // ML1: the user is told by mail that their access ended (queued with the change, sent by the mail job).
      if (input.disabled && !user.disabledAt) {
        await queueMailsWith(tx, [{ userId, kind: 'ACCESS_REMOVED', refId: userId, day: todayInCopenhagen(), forumId: null }]);
      }
    });
    if (input.disabled) {
      await this.db.session.deleteMany({ where: { userId } });
      this.live.closeUser(userId, CloseCode.UNAUTHORIZED, 'user disabled');
    }
    log.info('admin_user_updated', { by: actor.userId, user: userId });
  }

  async settings(actor: Actor): Promise<MunicipalitySettings> {
    const municipalityId = this.require(actor);
    const m = await this.db.municipality.findUniqueOrThrow({ where: { id: municipalityId } });
    return {
      name: m.name,
      levelLabels: await levelLabelsFor(this.db, municipalityId),
      reportDutyThreshold: m.reportDutyThreshold,
      wasToolUrl: m.wasToolUrl,
      accessibilityContact: m.accessibilityContact,
    };
  }

  /** Each municipality names the five Børnelinealen levels its own way; the 1-5 scale stays. */
  async updateSettings(actor: Actor, input: z.infer<typeof municipalitySettingsSchema>): Promise<void> {
    const municipalityId = this.require(actor);
    await this.db.municipality.update({
      where: { id: municipalityId },
      data: {
        levelLabels: input.levelLabels,
        reportDutyThreshold: input.reportDutyThreshold,
        ...(input.wasToolUrl !== undefined ? { wasToolUrl: input.wasToolUrl || null } : {}),
        ...(input.accessibilityContact !== undefined ? { accessibilityContact: input.accessibilityContact || null } : {}),
      },
    });
    log.info('admin_settings_updated', { by: actor.userId });
  }

  async listForums(actor: Actor): Promise<AdminForum[]> {
    const municipalityId = this.require(actor);
    const forums = await this.db.forum.findMany({
      where: { municipalityId },
      orderBy: { name: 'asc' },
      include: { _count: { select: { memberships: true } } },
    });
    return forums.map((f) => ({ id: f.id, name: f.name, type: f.type, memberCount: f._count.memberships, journalNumber: f.journalNumber }));
  }

  async createForum(actor: Actor, input: z.infer<typeof createForumSchema>): Promise<AdminForum> {
    const municipalityId = this.require(actor);
    const f = await this.db.forum.create({ data: { municipalityId, name: input.name, type: input.type } });
    return { id: f.id, name: f.name, type: f.type, memberCount: 0, journalNumber: f.journalNumber };
  }

  /** Adds or changes a membership; a changed role takes effect on open documents at once (they reconnect). */
  async setMembership(actor: Actor, forumId: string, userId: string, input: z.infer<typeof membershipSchema>): Promise<void> {
    const municipalityId = this.require(actor);
    const [forum, user] = await Promise.all([
      this.db.forum.findUnique({ where: { id: forumId } }),
      this.db.user.findUnique({ where: { id: userId } }),
    ]);
    if (!forum || forum.municipalityId !== municipalityId || !user || user.municipalityId !== municipalityId) throw notFound();
    // A10: police are members of SSP forums only.
    if (!membershipAllowed({ forumType: forum.type, sector: input.sector })) {
      throw new DomainError('police_only_in_ssp', 409, { message: ERROR_MESSAGES_DA.police_only_in_ssp });
    }
    const existing = await this.db.membership.findUnique({ where: { userId_forumId: { userId, forumId } } });
    await this.db.membership.upsert({
      where: { userId_forumId: { userId, forumId } },
      create: { userId, forumId, ...input },
      update: input,
    });
    if (existing && (existing.role !== input.role || existing.sector !== input.sector)) {
      this.revoke(userId, forumId, 'membership changed');
    }
    log.info('admin_membership_set', { by: actor.userId, user: userId, forum: forumId });
  }

  /** A8, A11: removing a membership closes the user's sockets on the forum's documents and takes them out of its rooms at once. */
  async removeMembership(actor: Actor, forumId: string, userId: string): Promise<void> {
    const municipalityId = this.require(actor);
    const forum = await this.db.forum.findUnique({ where: { id: forumId } });
    if (!forum || forum.municipalityId !== municipalityId) throw notFound();
    const { count } = await this.db.$transaction(async (tx) => {
      const removed = await tx.membership.deleteMany({ where: { forumId, userId } });
      // ML1: the user is told by mail that their access to the forum ended.
      if (removed.count) await queueMailsWith(tx, [{ userId, kind: 'ACCESS_REMOVED', refId: forumId, day: todayInCopenhagen(), forumId }]);
      return removed;
    });
    if (!count) throw notFound();
    const closed = this.revoke(userId, forumId, 'membership removed');
    log.info('admin_membership_removed', { by: actor.userId, user: userId, forum: forumId, closedSockets: closed });
  }
}
