import type { workspace as es } from '../es/workspace';

export const workspace: Record<keyof typeof es, string> = {
  'workspace.field.assignee': 'That user does not exist or is not active.',
  'workspace.field.cursor': 'The pagination cursor is not valid.',
  'workspace.field.date': 'Use a YYYY-MM-DD date or an ISO date and time.',
};
