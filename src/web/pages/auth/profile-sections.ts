/**
 * Extra sections of the profile page, added by other areas (e.g. "Vincular Telegram" from the
 * notifications area): call `registerProfileSection` from your page plugin. Sections render in
 * `order`, after the account, password and API-token sections; registering the same id again
 * replaces the earlier one (each test app registers its plugins anew).
 */
import type { FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { StaffPageContext } from '../../staff-layout';

export interface ProfileSection {
  id: string;
  order: number;
  render(request: FastifyRequest, page: StaffPageContext): VNode | null | Promise<VNode | null>;
}

export const profileSections: ProfileSection[] = [];

export function registerProfileSection(section: ProfileSection): void {
  const i = profileSections.findIndex((s) => s.id === section.id);
  if (i >= 0) profileSections.splice(i, 1, section);
  else profileSections.push(section);
  profileSections.sort((a, b) => a.order - b.order);
}
