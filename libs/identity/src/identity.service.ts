import { Inject, Injectable } from '@nestjs/common';
import { Clock, DomainError, ErrorCode, newId } from '@rectify/core';
import { Role } from '@rectify/workflows';
import type { AuthUser } from './auth-user.js';
import { CreateRegionDto, CreateUnitDto, CreateUserDto, LoginResponse, toUserResponse, UserPage, UserResponse } from './dto/identity.dto.js';
import { IdentityRepository, REGION_LEVELS, type Region, type Unit } from './identity.repository.js';
import { hashPassword, verifyPassword } from './password-hasher.js';
import { RegionTreeService } from './region-tree.service.js';
import { TokenService } from './token.service.js';

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
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async login(username: string, password: string): Promise<LoginResponse> {
    const user = await this.repository.userByUsername(username);
    const ok = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH));
    if (!user || !ok) throw new DomainError(ErrorCode.Unauthorized, 'Wrong username or password');
    const auth: AuthUser = { id: user.id, username: user.username, role: user.role, regionCode: user.regionCode, unitId: user.unitId };
    return { accessToken: this.tokens.sign(auth), tokenType: 'Bearer', expiresIn: this.tokens.expiresInSeconds, user: toUserResponse(user) };
  }

  async me(auth: AuthUser): Promise<UserResponse> {
    const user = await this.repository.userById(auth.id);
    if (!user) throw new DomainError(ErrorCode.Unauthorized, 'This user no longer exists');
    return toUserResponse(user);
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
    } else {
      if (!dto.parentCode) throw DomainError.validation(`A ${dto.level} needs a parentCode`);
      parent = await this.regions.get(dto.parentCode);
      if (!parent) throw DomainError.validation(`parentCode ${dto.parentCode} is not a known region`);
      if (REGION_LEVELS.indexOf(dto.level) <= REGION_LEVELS.indexOf(parent.level)) {
        throw DomainError.validation(`A ${dto.level} cannot sit below a ${parent.level}`);
      }
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

  /** A page of users, by username (the same paged shape as every list: docs/api.md "Lists"). */
  async listUsers(auth: AuthUser, query: { page?: number; pageSize?: number } = {}): Promise<UserPage> {
    requireRole(auth, [Role.Admin], 'list users');
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const all = await this.repository.users(null);
    return { items: all.slice((page - 1) * pageSize, page * pageSize).map(toUserResponse), total: all.length, page, pageSize };
  }

  async createUser(auth: AuthUser, dto: CreateUserDto): Promise<UserResponse> {
    requireRole(auth, [Role.Admin], 'create users');
    return this.addUser(dto);
  }

  /** Also used by the seeder and the ADMIN_PASSWORD bootstrap; never replaces an existing user. */
  async addUser(dto: CreateUserDto, opts: { ignoreExisting?: boolean } = {}): Promise<UserResponse> {
    if (!(await this.regions.get(dto.regionCode))) throw DomainError.validation(`regionCode ${dto.regionCode} is not a known region`);
    if (dto.role === Role.Bureau && !dto.unitId) throw DomainError.validation('A bureau user needs a unitId');
    if (dto.unitId) {
      const [unit] = await this.repository.unitsByIds([dto.unitId]);
      if (!unit) throw DomainError.validation(`unitId ${dto.unitId} is not a known unit`);
      if (!(await this.regions.contains(dto.regionCode, unit.regionCode))) {
        throw DomainError.validation(`The unit ${unit.name} is not in region ${dto.regionCode}`);
      }
    }
    const existing = await this.repository.userByUsername(dto.username);
    if (existing) {
      if (opts.ignoreExisting) return toUserResponse(existing);
      throw new DomainError(ErrorCode.Duplicate, `Username ${dto.username} is taken`, { existingId: existing.id });
    }
    const user = {
      id: newId(),
      username: dto.username,
      passwordHash: await hashPassword(dto.password),
      displayName: dto.displayName,
      role: dto.role,
      regionCode: dto.regionCode,
      unitId: dto.unitId ?? null,
      createdAt: this.clock.now().toISOString(),
    };
    if (!(await this.repository.insertUser(user))) {
      if (opts.ignoreExisting) return toUserResponse((await this.repository.userByUsername(dto.username))!);
      throw new DomainError(ErrorCode.Duplicate, `Username ${dto.username} is taken`);
    }
    return toUserResponse(user);
  }
}
