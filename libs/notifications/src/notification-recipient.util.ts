/**
 * Recipients as stored keys. A notification goes to a group (a unit, or one role in one region) and
 * is matched to users when they read: a transition writes one row per group, not one per user.
 */
export const unitRecipient = (unitId: string): string => `unit:${unitId}`;
export const regionRecipient = (regionCode: string, role: 'supervisor' | 'inspector'): string => `region:${regionCode}:${role}`;
export const userRecipient = (userId: string): string => `user:${userId}`;

/** Every key that names this user: the user, their unit (bureaus), and their role in their region. */
export function recipientKeysOf(user: { id: string; role: string; regionCode: string; unitId: string | null }): string[] {
  const keys = [userRecipient(user.id), `region:${user.regionCode}:${user.role}`];
  if (user.unitId) keys.push(unitRecipient(user.unitId));
  return keys;
}
