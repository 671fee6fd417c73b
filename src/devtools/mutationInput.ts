import type { PendingMutation } from '../store/pendingMutation.js';

/**
 * What a pending mutation carries besides its operation and group, in words:
 * only names, locations and options, read field by field (a field this
 * function does not name is never shown). A mutation carries no secret, and
 * a minted token is never in one: it is the command's answer.
 */
export function describeInput(mutation: PendingMutation): string {
  switch (mutation.operation) {
    case 'create': {
      const extensions = mutation.extensions === undefined ? '' : `, extensions ${mutation.extensions === 'all' ? 'all' : mutation.extensions.join(', ')}`;
      return `location ${mutation.location}${extensions}`;
    }
    case 'addLocation':
    case 'removeLocation':
      return `location ${mutation.location}`;
    case 'mintToken': {
      const { expiration, authorization, permissions } = mutation.options;
      const parts = [`expiration ${expiration ?? 'never'}`, `authorization ${authorization ?? 'full-access'}`];
      const databases = permissions?.read_attach?.databases;
      if (databases !== undefined) parts.push(`read_attach ${databases.length === 0 ? 'none' : databases.join(', ')}`);
      return parts.join(', ');
    }
    case 'updateConfiguration':
      return `delete protection ${mutation.deleteProtection ? 'on' : 'off'}`;
    case 'transfer':
      return `to organization ${mutation.organization}`;
    case 'delete':
    case 'invalidateTokens':
    case 'unarchive':
      return '';
  }
}
