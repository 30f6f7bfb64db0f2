/** Bounds a policy must stay within (PUT /policies). */
export const MAX_POLICY_WORKING_DAYS = 1000;
export const MAX_ESCALATION_LEVELS = 10;
export const MAX_EXTENSION_DAYS = 365;
export const MAX_EXTENSION_COUNT = 20;
export const MAX_RETURNS_LIMIT = 20;
export const MAX_REVISITS = 10;
export const MAX_REVISIT_AFTER_CLOSE_DAYS = 3650;
