import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, ValidateIf } from 'class-validator';
import { ApiInstant, ApiInt, Id, IntRange, OptionalText, PageOf, RegionCode, Text, UUID_PATTERN, WholeListPageQuery } from '@rectify/core';
import { ROLES, type Role } from '@rectify/workflows';
import { REGION_LEVELS, type RegionLevel } from '../identity.repository.js';

export class LoginDto {
  @Text({ max: 64, example: 'jx-supervisor', singleLine: true })
  username: string;

  @ApiProperty({ example: 'rectify-demo-2026' })
  @Text({ max: 200 })
  password: string;
}

export class CreateRegionDto {
  @RegionCode()
  code: string;

  @Text({ max: 100, example: '南昌市', singleLine: true })
  name: string;

  @ApiProperty({ enum: REGION_LEVELS })
  @IsIn(REGION_LEVELS)
  level: RegionLevel;

  @RegionCode({ optional: true })
  parentCode?: string;
}

export class RegionQueryDto extends WholeListPageQuery {
  @RegionCode({ optional: true })
  parentCode?: string;
}

export class CreateUnitDto {
  @Text({ max: 200, example: '南昌市生态环境局', singleLine: true })
  name: string;

  @RegionCode()
  regionCode: string;
}

export class UnitQueryDto extends WholeListPageQuery {
  @RegionCode({ optional: true })
  regionCode?: string;
}

export class CreateUserDto {
  @Text({ min: 3, max: 64, example: 'nc-bureau', singleLine: true })
  username: string;

  @Text({ min: 1, max: 200, description: 'at least 10 characters, not a common password, not the username (see docs/security.md)' })
  password: string;

  @Text({ max: 100, example: '南昌市生态环境局 张三', singleLine: true })
  displayName: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @RegionCode()
  regionCode: string;

  @Id({ optional: true, description: 'required for bureau users: their unit' })
  unitId?: string;
}

export class UserQueryDto {
  @RegionCode({ optional: true })
  regionCode?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @OptionalText({ max: 64, description: 'text in the username or display name' })
  q?: string;

  @IntRange(1, 1_000_000, { optional: true })
  page?: number;

  @IntRange(1, 200, { optional: true, description: 'default 50' })
  pageSize?: number;
}

export class ChangePasswordDto {
  @Text({ max: 200, description: 'the password you log in with now' })
  currentPassword: string;

  @Text({ min: 1, max: 200, description: 'meets the password policy (at least 10 characters, not a common password, not the username); every session ends' })
  newPassword: string;
}

export class ResetPasswordDto {
  @Text({ min: 1, max: 200, description: "the user's new password, meeting the password policy (tell it to them); their sessions end" })
  newPassword: string;
}

/** `PATCH /users/:id`: only the fields given change. */
export class UpdateUserDto {
  @OptionalText({ max: 100, singleLine: true })
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @RegionCode({ optional: true })
  regionCode?: string;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid', description: 'the unit (bureau users); null removes it' })
  @ValidateIf((_o, v) => v !== null)
  @IsOptional()
  @IsString()
  @Matches(UUID_PATTERN, { message: '$property must be a UUID' })
  unitId?: string | null;
}

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'jx-supervisor' }) username: string;
  @ApiProperty({ example: '江西省督察办 王五' }) displayName: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
  @ApiProperty({ pattern: '^\\d{6}$', example: '360000' }) regionCode: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'bureau users: their unit' }) unitId: string | null;
  @ApiInstant() createdAt: string;
  @ApiProperty({ description: 'a disabled user cannot log in; their tokens are refused' }) disabled: boolean;
  @ApiInstant({ nullable: true }) disabledAt: string | null;
}

export class UserPage {
  @ApiProperty({ type: [UserResponse] }) items: UserResponse[];
  @ApiProperty({ type: 'integer', minimum: 0 }) total: number;
  @ApiProperty({ type: 'integer', minimum: 1 }) page: number;
  @ApiProperty({ type: 'integer', minimum: 1 }) pageSize: number;
}

export class LoginResponse {
  @ApiProperty() accessToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiInt({ description: 'seconds until the token expires', example: 28800 }) expiresIn: number;
  @ApiProperty({ type: UserResponse }) user: UserResponse;
}

export class RegionView {
  @ApiProperty({ pattern: '^\\d{6}$', example: '360400' }) code: string;
  @ApiProperty({ example: '九江市' }) name: string;
  @ApiProperty({ enum: REGION_LEVELS, enumName: 'RegionLevel' }) level: RegionLevel;
  @ApiProperty({ type: String, nullable: true, pattern: '^\\d{6}$', description: 'null for the nation' }) parentCode: string | null;
}

export class UnitView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '九江市生态环境局' }) name: string;
  @ApiProperty({ pattern: '^\\d{6}$', example: '360400' }) regionCode: string;
  @ApiInstant() createdAt: string;
}

export const RegionPage = PageOf(RegionView, 'RegionPage');
export type RegionPage = InstanceType<typeof RegionPage>;
export const UnitPage = PageOf(UnitView, 'UnitPage');
export type UnitPage = InstanceType<typeof UnitPage>;

export const toUserResponse = (u: {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  regionCode: string;
  unitId: string | null;
  createdAt: string;
  disabledAt?: string | null;
}): UserResponse => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  regionCode: u.regionCode,
  unitId: u.unitId,
  createdAt: u.createdAt,
  disabled: Boolean(u.disabledAt),
  disabledAt: u.disabledAt ?? null,
});

