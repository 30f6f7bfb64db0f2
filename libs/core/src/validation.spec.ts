import 'reflect-metadata';
import { plainToInstance, Transform, Type } from 'class-transformer';
import { Allow, ArrayMinSize, IsBoolean, IsDefined, IsIn, IsOptional, ValidateIf, ValidateNested, validateSync } from 'class-validator';
import { Id, Instant, IntRange, OptionalText, passesValidation, RegionCode, STRICT_VALIDATION, Text, UnitIds } from './validation.js';

class Item {
  @IsIn(['a', 'b']) kind: string;
  @Text({ max: 5 }) title: string;
}

class Everything {
  @Text({ min: 2, max: 10 }) name: string;
  @OptionalText({ max: 3 }) note?: string;
  @Instant({ optional: true }) at?: string;
  @IntRange(1, 9, { optional: true }) n?: number;
  @RegionCode({ optional: true }) region?: string;
  @Id({ optional: true }) id?: string;
  @UnitIds({ max: 2 }) units?: string[];
  @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean() flag?: boolean;
  @IsOptional() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => Item) items?: Item[];
  @IsOptional() @ValidateNested() @Type(() => Item) one?: Item;
}

class WithDefined {
  @IsDefined() x: unknown;
}
class WithAllow {
  @Allow() x: unknown;
}
class WithValidateIf {
  @ValidateIf((o: { y?: unknown }) => o.y !== undefined) @IsIn([1]) x: unknown;
  @IsOptional() @IsIn([0]) y?: number;
}
class NoRules {
  x: unknown;
}

const UUID = '6f1c2a43-1d0e-4c43-9f0b-5b3f5d8b2a10';
const VALUES: unknown[] = [
  undefined, null, '', ' ', 'ab', ' ab ', 'abcdefghijk', 'abcd', 0, 1, 5, 10, '5', 1.5, true, 'true', 'false', [], [UUID], [UUID, UUID],
  [UUID, UUID.toUpperCase()], ['x'], [UUID, UUID, UUID], UUID, '360000', '36000', '2026-01-01T00:00:00Z', '2026-01-01', '2026-02-30T00:00:00Z',
  {}, { kind: 'a', title: 't' }, { kind: 'c', title: 't' }, { kind: 'a', title: 't', extra: 1 }, [{ kind: 'a', title: 't' }],
  [{ kind: 'a', title: 'toolong' }], [{ kind: 'a', title: 't' }, 'x'], [[{ kind: 'a', title: 't' }]], [null], [undefined],
];
const FIELDS = ['name', 'note', 'at', 'n', 'region', 'id', 'units', 'flag', 'items', 'one', 'other'];

describe('passesValidation', () => {
  test('true only where validateSync finds nothing, over every field × value', () => {
    const leftToClassValidator: unknown[] = [];
    for (const field of FIELDS) {
      for (const value of VALUES) {
        const plain: Record<string, unknown> = { name: 'valid', [field]: value };
        const dto = plainToInstance(Everything, plain);
        const errors = validateSync(dto, STRICT_VALIDATION).length;
        if (passesValidation(dto)) expect({ plain, errors }).toEqual({ plain, errors: 0 });
        else if (errors === 0) leftToClassValidator.push(plain);
      }
    }
    // Valid, but nested shapes the fast path does not take on (class-validator decides them).
    const nested = [[{ kind: 'a', title: 't' }]];
    expect(leftToClassValidator).toEqual([
      { name: 'valid', items: nested },
      { name: 'valid', items: [undefined] },
      { name: 'valid', one: nested },
      { name: 'valid', one: [undefined] },
    ]);
  });

  test('a valid object of every rule passes', () => {
    const dto = plainToInstance(Everything, {
      name: ' name ', note: 'abc', at: '2026-01-01T00:00:00+08:00', n: '3', region: '360000', id: UUID, units: [UUID], flag: 'true',
      items: [{ kind: 'a', title: 't' }], one: { kind: 'b', title: 'u' },
    });
    expect(validateSync(dto, STRICT_VALIDATION)).toEqual([]);
    expect(passesValidation(dto)).toBe(true);
  });

  test('leaves to class-validator what it does not model', () => {
    expect(passesValidation(plainToInstance(WithDefined, { x: 1 }))).toBe(false);
    expect(passesValidation(plainToInstance(WithAllow, { x: 1 }))).toBe(false);
    // @ValidateIf is a condition, like @IsOptional: modelled.
    for (const plain of [{ x: 1 }, { x: 2 }, { x: 2, y: 0 }, { x: 1, y: 0 }]) {
      const dto = plainToInstance(WithValidateIf, plain);
      expect(passesValidation(dto)).toBe(validateSync(dto, STRICT_VALIDATION).length === 0);
    }
    expect(passesValidation(plainToInstance(NoRules, { x: 1 }))).toBe(false);
    expect(passesValidation({})).toBe(false);
    expect(passesValidation(Object.create(null) as object)).toBe(false);
    expect(passesValidation({ constructor: Everything, name: 'valid' })).toBe(false);
  });
});
