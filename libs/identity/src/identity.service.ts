import { Inject, Injectable } from '@nestjs/common';
import { Clock, DomainError, ErrorCode, isUuid, newId } from '@rectify/core';
import { Role } from '@rectify/workflows';
import type { AuthUser } from './auth-user.js';
import {
  ChangePasswordDto,
  CreateRegionDto,
  CreateUnitDto,
  CreateUserDto,
  LoginResponse,
  ResetPasswordDto,
  toUserResponse,
  UpdateUserDto,
  UserPage,
  UserQueryDto,
  UserResponse,
} from './dto/identity.dto.js';
import { IdentityRepository, REGION_LEVELS, type AccountChange, type Region, type Unit, type UserRecord } from './identity.repository.js';
import { hashPassword, verifyPassword } from './password-hasher.js';
import { passwordProblem } from './password-policy.util.js';
import { JurisdictionService } from './jurisdiction.service.js';
import { LoginThrottle } from './login-throttle.js';
import { RegionTreeService } from './region-tree.service.js';
import { TokenService } from './token.service.js';
import { UserSessionCache } from './user-session.cache.js';

/** A hash to compare against when the username is unknown, so both paths take the same time. */
const DUMMY_HASH = hashPassword('not-a-real-password');

export function requireRole(user: AuthUser, roles: readonly Role[], action: string): void {
  if (!roles.includes(user.role)) {
    throw DomainError.forbidden(`Only ${roles.join(' or ')} users may ${action}`);
  }
}

@Injectable()
export class IdentityService {
  constructor(
    @Inject(IdentityRepository) private readonly repository: IdentityRepository,
    @Inject(RegionTreeService) private readonly regions: RegionTreeService,
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(JurisdictionService) private readonly jurisdiction: JurisdictionService,
    @Inject(UserSessionCache) private readonly sessions: UserSessionCache,
    @Inject(LoginThrottle) private readonly throttle: LoginThrottle,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** `POST /auth/login`: 429 while the username or the address is locked out (docs/administration.md). */
  async login(username: string, password: string, address = 'unknown'): Promise<LoginResponse> {
    this.throttle.check(username, address);
    const user = await this.repository.userByUsername(username);
    const ok = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH));
    if (!user || !ok) {
      this.throttle.failed(username, address);
      throw new DomainError(ErrorCode.Unauthorized, 'Wrong username or password');
    }
    this.throttle.succeeded(username);
    // Said only to whoever knows the password.
    if (user.disabledAt) throw new DomainError(ErrorCode.Unauthorized, 'This account is disabled: ask an admin of your region');
    const auth: AuthUser = { id: user.id, username: user.username, role: user.role, regionCode: user.regionCode, unitId: user.unitId };
    return {
      accessToken: this.tokens.sign(auth, user.tokenGeneration),
      tokenType: 'Bearer',
      expiresIn: this.tokens.expiresInSeconds,
      user: toUserResponse(user),
    };
  }

  async me(auth: AuthUser): Promise<UserResponse> {
    const user = await this.repository.userById(auth.id);
    if (!user) throw new DomainError(ErrorCode.Unauthorized, 'This user no longer exists');
    return toUserResponse(user);
  }

  /** `POST /auth/logout`: ends every session of the caller (all their tokens, on every instance). */
  async logout(auth: AuthUser): Promise<void> {
    await this.change(auth.id, {});
  }

  /** `POST /auth/password`: the caller's own password, the current one required; every session ends. */
  async changePassword(auth: AuthUser, dto: ChangePasswordDto): Promise<void> {
    const user = await this.repository.userById(auth.id);
    if (!user) throw new DomainError(ErrorCode.Unauthorized, 'This user no longer exists');
    this.checkNewPassword(dto.newPassword, user.username);
    if (!(await verifyPassword(dto.currentPassword, user.passwordHash))) throw DomainError.validation('currentPassword is not your current password');
    if (dto.newPassword === dto.currentPassword) throw DomainError.validation('The new password must differ from the current one');
    await this.change(user.id, { passwordHash: await hashPassword(dto.newPassword), passwordChangedAt: this.clock.now().toISOString() });
  }

  /** `GET /users/:id` (admin of the user's region). */
  async getUser(auth: AuthUser, id: string): Promise<UserResponse> {
    return toUserResponse(await this.managedUser(auth, id, 'see users'));
  }

  /** `PATCH /users/:id`: name, role, region, unit; a change of role, region or unit ends the user's sessions. */
  async updateUser(auth: AuthUser, id: string, dto: UpdateUserDto): Promise<UserResponse> {
    const user = await this.managedUser(auth, id, 'change users');
    const role = dto.role ?? user.role;
    const regionCode = dto.regionCode ?? user.regionCode;
    const unitId = dto.unitId !== undefined ? dto.unitId : user.unitId;
    if (dto.regionCode !== undefined && dto.regionCode !== user.regionCode) {
      if (!(await this.regions.get(regionCode))) throw DomainError.validation(`regionCode ${regionCode} is not a known region`);
      await this.jurisdiction.requireAdminOf(auth, regionCode, 'move users');
    }
    await this.checkUnitOf(role, regionCode, unitId);
    if (user.id === auth.id && (role !== user.role || regionCode !== user.regionCode)) {
      throw DomainError.forbidden('You may not change your own role or region: ask another admin');
    }
    const change: AccountChange = {};
    if (dto.displayName !== undefined && dto.displayName !== user.displayName) change.displayName = dto.displayName;
    if (role !== user.role) change.role = role;
    if (regionCode !== user.regionCode) change.regionCode = regionCode;
    if (unitId !== user.unitId) change.unitId = unitId;
    if (Object.keys(change).length > 0) await this.change(user.id, change);
    return toUserResponse((await this.repository.userById(user.id))!);
  }

  /** `POST /users/:id/password`: an admin sets a new password (the user's sessions end). */
  async resetPassword(auth: AuthUser, id: string, dto: ResetPasswordDto): Promise<UserResponse> {
    const user = await this.managedUser(auth, id, 'reset passwords');
    this.checkNewPassword(dto.newPassword, user.username);
    await this.change(user.id, { passwordHash: await hashPassword(dto.newPassword), passwordChangedAt: this.clock.now().toISOString() });
    return toUserResponse((await this.repository.userById(user.id))!);
  }

  /** `POST /users/:id/disable` / `enable`: a disabled user cannot log in and their tokens stop working at once. */
  async setDisabled(auth: AuthUser, id: string, disabled: boolean): Promise<UserResponse> {
    const user = await this.managedUser(auth, id, disabled ? 'disable users' : 'enable users');
    if (disabled && user.id === auth.id) throw DomainError.forbidden('You may not disable your own account');
    if (Boolean(user.disabledAt) !== disabled) await this.change(user.id, { disabledAt: disabled ? this.clock.now().toISOString() : null });
    return toUserResponse((await this.repository.userById(user.id))!);
  }

  /** A user the caller administers: 404 when unknown or outside the caller's subtree (as for cases), 403 for non-admins. */
  private async managedUser(auth: AuthUser, id: string, action: string): Promise<UserRecord> {
    requireRole(auth, [Role.Admin], action);
    const user = isUuid(id) ? await this.repository.userById(id) : undefined;
    if (!user || !(await this.jurisdiction.coversRegion(auth, user.regionCode))) throw DomainError.notFound('User');
    return user;
  }

  private checkNewPassword(password: string, username: string): void {
    // The one password policy of every account (issue 11).
    const problem = passwordProblem(password, username);
    if (problem) throw DomainError.validation(problem, { errors: [`newPassword: ${problem}`] });
  }

  /** Writes the change (bumping the token generation) and forgets this instance's view of the user at once. */
  private async change(userId: string, change: AccountChange): Promise<void> {
    const changed = await this.repository.changeAccount(userId, change);
    this.sessions.invalidate(userId);
    if (!changed) throw DomainError.notFound('User');
  }

  private async checkUnitOf(role: Role, regionCode: string, unitId: string | null): Promise<void> {
    if (role === Role.Bureau && !unitId) throw DomainError.validation('A bureau user needs a unitId');
    if (!unitId) return;
    const [unit] = await this.repository.unitsByIds([unitId]);
    if (!unit) throw DomainError.validation(`unitId ${unitId} is not a known unit`);
    if (!(await this.regions.contains(regionCode, unit.regionCode))) throw DomainError.validation(`The unit ${unit.name} is not in region ${regionCode}`);
  }

  async listRegions(parentCode?: string): Promise<Region[]> {
    const all = await this.regions.all();
    const list = parentCode ? all.filter((r) => r.parentCode === parentCode) : all;
    return list.sort((a, b) => (a.code < b.code ? -1 : 1));
  }

  async createRegion(auth: AuthUser, dto: CreateRegionDto): Promise<Region> {
    requireRole(auth, [Role.Admin], 'create regions');
    let parent: Region | undefined;
    if (dto.level === 'nation') {
      if (dto.parentCode) throw DomainError.validation('A nation-level region has no parent');
      await this.jurisdiction.requireNationalAdmin(auth, 'create a nation-level region');
    } else {
      if (!dto.parentCode) throw DomainError.validation(`A ${dto.level} needs a parentCode`);
      parent = await this.regions.get(dto.parentCode);
      if (!parent) throw DomainError.validation(`parentCode ${dto.parentCode} is not a known region`);
      if (REGION_LEVELS.indexOf(dto.level) <= REGION_LEVELS.indexOf(parent.level)) {
        throw DomainError.validation(`A ${dto.level} cannot sit below a ${parent.level}`);
      }
      // A new region joins the parent's subtree: the parent must be the caller's.
      await this.jurisdiction.requireAdminOf(auth, parent.code, 'create regions');
    }
    const region: Region = { code: dto.code, name: dto.name, level: dto.level, parentCode: parent?.code ?? null };
    if (!(await this.repository.insertRegion(region, this.clock.now().toISOString()))) {
      throw new DomainError(ErrorCode.Duplicate, `Region ${dto.code} already exists`);
    }
    await this.regions.refresh();
    return region;
  }

  async listUnits(regionCode?: string): Promise<Unit[]> {
    return this.repository.units(regionCode ? await this.regions.subtree(regionCode) : null);
  }

  async createUnit(auth: AuthUser, dto: CreateUnitDto): Promise<Unit> {
    requireRole(auth, [Role.Admin], 'create units');
    if (!(await this.regions.get(dto.regionCode))) throw DomainError.validation(`regionCode ${dto.regionCode} is not a known region`);
    await this.jurisdiction.requireAdminOf(auth, dto.regionCode, 'create units');
    if (await this.repository.unitByRegionAndName(dto.regionCode, dto.name)) {
      throw new DomainError(ErrorCode.Duplicate, `A unit named ${dto.name} already exists in ${dto.regionCode}`);
    }
    const unit: Unit = { id: newId(), name: dto.name, regionCode: dto.regionCode, createdAt: this.clock.now().toISOString() };
    await this.repository.insertUnit(unit);
    return unit;
  }

  async unitsByIds(ids: readonly string[]): Promise<Unit[]> {
    return this.repository.unitsByIds(ids);
  }

  /** `GET /users` (admin): the users of the caller's subtree, narrowed to `regionCode`'s subtree when given. */
  async listUsers(auth: AuthUser, query: UserQueryDto): Promise<UserPage> {
    requireRole(auth, [Role.Admin], 'list users');
    if (query.regionCode) {
      if (!(await this.regions.get(query.regionCode))) throw DomainError.notFound('Region');
      await this.jurisdiction.requireAdminOf(auth, query.regionCode, 'list users');
    }
    const { regionCodes } = await this.jurisdiction.listScope(auth, query.regionCode);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const { items, total } = await this.repository.userPage({
      regionCodes,
      role: query.role,
      q: query.q,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return { items: items.map(toUserResponse), total, page, pageSize };
  }

  async createUser(auth: AuthUser, dto: CreateUserDto): Promise<UserResponse> {
    requireRole(auth, [Role.Admin], 'create users');
    if (await this.regions.get(dto.regionCode)) await this.jurisdiction.requireAdminOf(auth, dto.regionCode, 'create users');
    return this.addUser(dto);
  }

  /**
   * Also used by the seeder and the ADMIN_PASSWORD bootstrap; never replaces an existing user. Every
   * password meets the policy except the demo seed's public one (`demoPassword`, SEED=demo only).
   */
  async addUser(dto: CreateUserDto, opts: { ignoreExisting?: boolean; demoPassword?: boolean } = {}): Promise<UserResponse> {
    const problem = opts.demoPassword ? null : passwordProblem(dto.password, dto.username);
    if (problem) throw DomainError.validation(problem, { errors: [`password: ${problem}`] });
    if (!(await this.regions.get(dto.regionCode))) throw DomainError.validation(`regionCode ${dto.regionCode} is not a known region`);
    await this.checkUnitOf(dto.role, dto.regionCode, dto.unitId ?? null);
    const existing = await this.repository.userByUsername(dto.username);
    if (existing) {
      if (opts.ignoreExisting) return toUserResponse(existing);
      throw new DomainError(ErrorCode.Duplicate, `Username ${dto.username} is taken`, { existingId: existing.id });
    }
    const user: UserRecord = {
      id: newId(),
      username: dto.username,
      passwordHash: await hashPassword(dto.password),
      displayName: dto.displayName,
      role: dto.role,
      regionCode: dto.regionCode,
      unitId: dto.unitId ?? null,
      createdAt: this.clock.now().toISOString(),
      tokenGeneration: 0,
      disabledAt: null,
    };
    if (!(await this.repository.insertUser(user))) {
      if (opts.ignoreExisting) return toUserResponse((await this.repository.userByUsername(dto.username))!);
      throw new DomainError(ErrorCode.Duplicate, `Username ${dto.username} is taken`);
    }
    return toUserResponse(user);
  }
}
