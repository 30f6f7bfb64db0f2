import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Id, RegionCode, Text } from '@rectify/core';
import { ROLES, type Role } from '@rectify/workflows';
import { REGION_LEVELS, type RegionLevel } from '../identity.repository.js';

export class LoginDto {
  @Text({ max: 64, example: 'jx-supervisor' })
  username: string;

  @ApiProperty({ example: 'rectify-demo-2026' })
  @Text({ max: 200 })
  password: string;
}

export class CreateRegionDto {
  @RegionCode()
  code: string;

  @Text({ max: 100, example: '南昌市' })
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
  @Text({ max: 200, example: '南昌市生态环境局' })
  name: string;

  @RegionCode()
  regionCode: string;
}

export class UnitQueryDto {
  @RegionCode({ optional: true })
  regionCode?: string;
}

export class CreateUserDto {
  @Text({ min: 3, max: 64, example: 'nc-bureau' })
  username: string;

  @Text({ min: 1, max: 200, description: 'at least 10 characters, not a common password, not the username (see docs/security.md)' })
  password: string;

  @Text({ max: 100, example: '南昌市生态环境局 张三' })
  displayName: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @RegionCode()
  regionCode: string;

  @Id({ optional: true, description: 'required for bureau users: their unit' })
  unitId?: string;
}

export class UserResponse {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty() regionCode: string;
  @ApiPropertyOptional({ nullable: true, type: String }) unitId: string | null;
  @ApiProperty() createdAt: string;
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
}): UserResponse => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  regionCode: u.regionCode,
  unitId: u.unitId,
  createdAt: u.createdAt,
});

