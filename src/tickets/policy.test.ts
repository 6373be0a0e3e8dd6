import { describe, expect, it } from 'vitest';
import { canAddNote, canAssign, canChangePriority, canChangeQueueSettings, canChangeServiceLevels, canChangeStatus } from './policy';

const tech = { userId: 7, role: 'technician' as const };
const admin = { userId: 1, role: 'admin' as const };

describe('ticket policy', () => {
  it('lets a technician assign a ticket to themselves only', () => {
    expect(canAssign(tech, 7)).toBe(true);
    expect(canAssign(tech, 8)).toBe(false);
  });

  it('lets an admin assign a ticket to anyone', () => {
    expect(canAssign(admin, 7)).toBe(true);
    expect(canAssign(admin, 1)).toBe(true);
  });

  it('lets only the assignee or an admin change a ticket’s status', () => {
    expect(canChangeStatus(tech, { assigneeId: 7 })).toBe(true);
    expect(canChangeStatus(tech, { assigneeId: 8 })).toBe(false);
    expect(canChangeStatus(tech, { assigneeId: null })).toBe(false);
    expect(canChangeStatus(admin, { assigneeId: 8 })).toBe(true);
  });

  it('lets any staff member write in the work log', () => {
    expect(canAddNote(tech)).toBe(true);
    expect(canAddNote(admin)).toBe(true);
  });

  it('lets only admins change the queue settings', () => {
    expect(canChangeQueueSettings(admin)).toBe(true);
    expect(canChangeQueueSettings(tech)).toBe(false);
  });

  it('lets any staff member set a ticket’s priority (audited with its author)', () => {
    expect(canChangePriority(tech)).toBe(true);
    expect(canChangePriority(admin)).toBe(true);
  });

  it('lets only admins change the business calendar and the SLA targets', () => {
    expect(canChangeServiceLevels(admin)).toBe(true);
    expect(canChangeServiceLevels(tech)).toBe(false);
  });
});
