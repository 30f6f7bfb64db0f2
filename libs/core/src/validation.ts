import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsDateString,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  type ValidationError,
} from 'class-validator';

const trim = Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** A required string, trimmed, with length bounds. */
export function Text(opts: { min?: number; max: number; description?: string; example?: string }) {
  return applyDecorators(
    ApiProperty({ type: String, minLength: opts.min ?? 1, maxLength: opts.max, description: opts.description, example: opts.example }),
    trim,
    IsString(),
    IsNotEmpty(),
    MinLength(opts.min ?? 1),
    MaxLength(opts.max),
  );
}

/** An optional string, trimmed, with length bounds. */
export function OptionalText(opts: { min?: number; max: number; description?: string; example?: string }) {
  return applyDecorators(
    ApiPropertyOptional({ type: String, minLength: opts.min ?? 1, maxLength: opts.max, description: opts.description, example: opts.example }),
    trim,
    IsOptional(),
    IsString(),
    MinLength(opts.min ?? 1),
    MaxLength(opts.max),
  );
}

/** An ISO-8601 instant with an explicit offset or Z (a date-time, not a bare date). */
export function Instant(opts: { optional?: boolean; description?: string } = {}) {
  const api = opts.optional ? ApiPropertyOptional : ApiProperty;
  return applyDecorators(
    api({ type: String, format: 'date-time', description: opts.description, example: '2026-12-31T15:59:59.999Z' }),
    trim,
    ...(opts.optional ? [IsOptional()] : []),
    IsString(),
    IsDateString({ strict: true, strictSeparator: true }),
    Matches(/T.*(Z|[+-]\d{2}:?\d{2})$/, { message: '$property must be an ISO instant with a time zone (Z or ±hh:mm)' }),
  );
}

/** An integer in [min, max], converted from a query string when needed. */
export function IntRange(min: number, max: number, opts: { optional?: boolean; description?: string } = {}) {
  const api = opts.optional ? ApiPropertyOptional : ApiProperty;
  return applyDecorators(
    api({ type: Number, minimum: min, maximum: max, description: opts.description }),
    Transform(({ value }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value)),
    ...(opts.optional ? [IsOptional()] : []),
    IsInt(),
    Min(min),
    Max(max),
  );
}

export const REGION_CODE = /^\d{6}$/;
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A 6-digit GB/T 2260 region code. */
export function RegionCode(opts: { optional?: boolean } = {}) {
  const api = opts.optional ? ApiPropertyOptional : ApiProperty;
  return applyDecorators(
    api({ type: String, pattern: '^\\d{6}$', example: '360000' }),
    trim,
    ...(opts.optional ? [IsOptional()] : []),
    IsString(),
    Matches(REGION_CODE, { message: '$property must be a 6-digit GB/T 2260 region code' }),
  );
}

/** A UUID id. */
export function Id(opts: { optional?: boolean; description?: string } = {}) {
  const api = opts.optional ? ApiPropertyOptional : ApiProperty;
  return applyDecorators(
    api({ type: String, format: 'uuid', description: opts.description }),
    trim,
    ...(opts.optional ? [IsOptional()] : []),
    IsString(),
    Matches(UUID_PATTERN, { message: '$property must be a UUID' }),
  );
}

/** class-validator's nested errors as flat messages, nested ones prefixed with their path. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    return [...Object.values(e.constraints ?? {}).map((m) => (prefix ? `${prefix}.${m}` : m)), ...flattenValidationErrors(e.children ?? [], path)];
  });
}

/** An optional list of distinct unit ids (co-units, 配合单位). */
export function UnitIds(opts: { max?: number; description?: string } = {}) {
  return applyDecorators(
    ApiPropertyOptional({ type: [String], description: opts.description ?? 'co-units (配合单位)' }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(opts.max ?? 20),
    ArrayUnique(),
    Matches(UUID_PATTERN, { each: true, message: 'each value in $property must be a UUID' }),
  );
}
