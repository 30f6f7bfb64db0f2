import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, ValidateIf } from 'class-validator';
import { Id, IntRange, OptionalText, RegionCode, Text, UUID_PATTERN } from '@rectify/core';
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

export class RegionQueryDto {
  @RegionCode({ optional: true })
  parentCode?: string;
}

export class CreateUnitDto {
  @Text({ max: 200, example: '南昌市生态环境局', singleLine: true })
  name: string;

  @RegionCode()
  regionCode: string;
}

export class UnitQueryDto {
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
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty() regionCode: string;
  @ApiPropertyOptional({ nullable: true, type: String }) unitId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ description: 'a disabled user cannot log in; their tokens are refused' }) disabled: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) disabledAt: string | null;
}

export class UserPage {
  @ApiProperty({ type: [UserResponse] }) items: UserResponse[];
  @ApiProperty({ type: 'integer' }) total: number;
  @ApiProperty({ type: 'integer' }) page: number;
  @ApiProperty({ type: 'integer' }) pageSize: number;
}

export class LoginResponse {
  @ApiProperty() accessToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty({ description: 'seconds' }) expiresIn: number;
  @ApiProperty({ type: UserResponse }) user: UserResponse;
}

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

