import type { Role } from '@rectify/workflows';

/** The caller, as the bearer token says. */
export interface AuthUser {
  id: string;
  username: string;
  role: Role;
  regionCode: string;
  unitId: string | null;
}
