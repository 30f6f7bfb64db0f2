import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  getMetadataStorage,
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
  ValidateBy,
  type ValidationArguments,
  type ValidationError,
} from 'class-validator';

const trim = Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/**
 * Characters no text field may hold (issue 11 item 5): NUL (PostgreSQL refuses it in text) and UTF-16
 * surrogates that are not part of a pair (SQLite would store U+FFFD instead, PostgreSQL refuses them).
 */
export function textProblem(value: string): string | null {
  if (value.includes('\u0000')) return 'must not contain NUL characters';
  if (!(value as string & { isWellFormed(): boolean }).isWellFormed()) return 'must not contain unpaired UTF-16 surrogates';
  return null;
}

/**
 * Also refused in single-line names (titles, region, unit and user names): control characters (line
 * breaks, tabs), zero-width characters and bidirectional controls, which make a name display as
 * something other than what it is.
 */
const NOT_IN_NAMES = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/u;

export function singleLineProblem(value: string): string | null {
  return textProblem(value) ?? (NOT_IN_NAMES.test(value) ? 'must not contain control, zero-width or bidirectional-override characters' : null);
}

const CleanText = (singleLine: boolean) =>
  ValidateBy({
    name: singleLine ? 'singleLineText' : 'cleanText',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || (singleLine ? singleLineProblem(value) : textProblem(value)) === null,
      defaultMessage: (args?: ValidationArguments) =>
        `${args?.property} ${(singleLine ? singleLineProblem : textProblem)(String(args?.value ?? '')) ?? 'has characters that are not allowed'}`,
    },
  });

interface TextOptions {
  min?: number;
  max: number;
  description?: string;
  example?: string;
  /** A name or title: no line breaks, control, zero-width or bidi-override characters. */
  singleLine?: boolean;
}

/** A required string, trimmed, with length bounds; never NUL or unpaired surrogates. */
export function Text(opts: TextOptions) {
  return applyDecorators(
    ApiProperty({ type: String, minLength: opts.min ?? 1, maxLength: opts.max, description: opts.description, example: opts.example }),
    trim,
    IsString(),
    IsNotEmpty(),
    MinLength(opts.min ?? 1),
    MaxLength(opts.max),
    CleanText(opts.singleLine === true),
  );
}

/** An optional string, trimmed, with length bounds; never NUL or unpaired surrogates. */
export function OptionalText(opts: TextOptions) {
  return applyDecorators(
    ApiPropertyOptional({ type: String, minLength: opts.min ?? 1, maxLength: opts.max, description: opts.description, example: opts.example }),
    trim,
    IsOptional(),
    IsString(),
    MinLength(opts.min ?? 1),
    MaxLength(opts.max),
    CleanText(opts.singleLine === true),
  );
}

/** Instants the application accepts: four-digit years only (a due in year 10000 broke every later event). */
export const EARLIEST_INSTANT_MS = Date.parse('1900-01-01T00:00:00Z');
export const LATEST_INSTANT_MS = Date.parse('9999-12-31T23:59:59.999Z');

const InstantInRange = ValidateBy({
  name: 'instantInRange',
  validator: {
    validate: (value: unknown) => {
      if (typeof value !== 'string') return true;
      const ms = Date.parse(value);
      return Number.isNaN(ms) || (ms >= EARLIEST_INSTANT_MS && ms <= LATEST_INSTANT_MS);
    },
    defaultMessage: (args?: ValidationArguments) => `${args?.property} must be between the years 1900 and 9999`,
  },
});

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
    InstantInRange,
  );
}

/** An integer in [min, max], converted from a query string when needed. */
export function IntRange(min: number, max: number, opts: { optional?: boolean; description?: string } = {}) {
  const api = opts.optional ? ApiPropertyOptional : ApiProperty;
  return applyDecorators(
    api({ type: 'integer', minimum: min, maximum: max, description: opts.description }),
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

/** The most problems one error response lists; a hostile body with thousands stays a small answer. */
export const MAX_REPORTED_PROBLEMS = 10;

/**
 * class-validator's nested errors as flat messages, nested ones prefixed with their path; at most
 * {@link MAX_REPORTED_PROBLEMS}, then one message saying how many more there were.
 */
export function flattenValidationErrors(errors: ValidationError[]): string[] {
  const all = collectValidationMessages(errors, '');
  if (all.length <= MAX_REPORTED_PROBLEMS) return all;
  return [...all.slice(0, MAX_REPORTED_PROBLEMS), `… and ${all.length - MAX_REPORTED_PROBLEMS} more problems`];
}

function collectValidationMessages(errors: ValidationError[], prefix: string): string[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    return [...Object.values(e.constraints ?? {}).map((m) => (prefix ? `${prefix}.${m}` : m)), ...collectValidationMessages(e.children ?? [], path)];
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

// ------------------------------------------------------------------ validation without class-validator's per-call work

/** The options every validation here runs with (the global pipe's and the event DTOs'). */
export const STRICT_VALIDATION = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true } as const;

type Check = (object: object, value: unknown) => boolean;
interface ClassChecks {
  properties: Set<string>;
  checks: Array<{ property: string; conditions: Check[]; rules: Check[] }>;
}

const storage = getMetadataStorage();
/** Per class: its checks, or null when it uses something the fast path does not model (class-validator then decides). */
const compiled = new Map<Function, ClassChecks | null>();

function compile(target: Function): ClassChecks | null {
  // The same metadata, filtered and grouped the same way, as `validateSync(object, STRICT_VALIDATION)` reads on every call.
  const grouped = storage.groupByPropertyName(storage.getTargetValidationMetadatas(target, undefined as unknown as string, false, false, undefined));
  const checks: ClassChecks['checks'] = [];
  for (const [property, metadatas] of Object.entries(grouped)) {
    const conditions: Check[] = [];
    const rules: Check[] = [];
    for (const metadata of metadatas) {
      if (metadata.validateIf) return null;
      if (metadata.type === 'conditionalValidation') {
        const condition = metadata.constraints[0] as (object: object, value: unknown) => boolean;
        conditions.push((object, value) => Boolean(condition(object, value)));
      } else if (metadata.type === 'nestedValidation') {
        rules.push((_object, value) => nestedPasses(value));
      } else if (metadata.type === 'customValidation') {
        for (const constraint of storage.getTargetValidatorConstraints(metadata.constraintCls)) {
          if (constraint.async) return null;
          const instance = constraint.instance as { validate: (value: unknown, args: ValidationArguments) => unknown };
          const args = (object: object, value: unknown): ValidationArguments => ({
            targetName: object.constructor?.name,
            property,
            object,
            value,
            constraints: metadata.constraints,
          });
          // Only a literal `true` passes here (class-validator takes any truthy value, or awaits a promise).
          rules.push(
            metadata.each
              ? (object, value) => {
                  if (value instanceof Set || value instanceof Map) return false;
                  if (!Array.isArray(value)) return instance.validate(value, args(object, value)) === true;
                  const shared = args(object, value);
                  return value.every((item) => instance.validate(item, shared) === true);
                }
              : (object, value) => instance.validate(value, args(object, value)) === true,
          );
        }
      } else {
        return null; // isDefined, whitelist (@Allow), promises…: not modelled
      }
    }
    checks.push({ property, conditions, rules });
  }
  return checks.length === 0 ? null : { properties: new Set(Object.keys(grouped)), checks };
}

function nestedPasses(value: unknown): boolean {
  if (value === undefined) return true;
  if (Array.isArray(value)) return value.every((item) => !Array.isArray(item) && item instanceof Object && passesValidation(item));
  return !(value instanceof Set || value instanceof Map) && value instanceof Object && passesValidation(value);
}

/**
 * True when `validateSync(object, STRICT_VALIDATION)` would find nothing wrong, decided with checks
 * compiled once per class from the same decorators and run with the same constraint functions — not
 * the metadata lookup, grouping and error objects class-validator builds on every call. False means
 * "not sure": run class-validator, which also words the errors.
 */
export function passesValidation(object: object): boolean {
  if (typeof object.constructor !== 'function') return false;
  let checks = compiled.get(object.constructor);
  if (checks === undefined) {
    checks = compile(object.constructor);
    compiled.set(object.constructor, checks);
  }
  if (!checks) return false;
  for (const key of Object.keys(object)) if (!checks.properties.has(key)) return false;
  for (const { property, conditions, rules } of checks.checks) {
    const value = (object as Record<string, unknown>)[property];
    if (conditions.some((condition) => !condition(object, value))) continue;
    for (const rule of rules) if (!rule(object, value)) return false;
  }
  return true;
}

/**
 * The default and largest page of the lists that were read whole before they were paged (regions,
 * units, routing rules, calendar overrides, a case's history and returns): one page still holds all of
 * any real list; a client that meets `total > items.length` asks for the next page.
 */
export const WHOLE_LIST_PAGE_SIZE = 1000;

/** `?page=&pageSize=` of those lists (docs/api.md "Lists"). */
export class WholeListPageQuery {
  @IntRange(1, 1_000_000, { optional: true, description: 'from 1' })
  page?: number;

  @IntRange(1, WHOLE_LIST_PAGE_SIZE, { optional: true, description: `default and maximum ${WHOLE_LIST_PAGE_SIZE}` })
  pageSize?: number;
}
