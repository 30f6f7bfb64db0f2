import { DomainError } from './domain-error.js';
import { assertJsonWithinLimits } from './bounded-json.util.js';

const limits = { maxDepth: 4, maxKeysPerObject: 3, maxArrayLength: 3 };
const refused = (text: string) => {
  try {
    assertJsonWithinLimits(text, limits);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).message;
  }
};

describe('assertJsonWithinLimits', () => {
  it('accepts bodies within every limit', () => {
    expect(refused('{"a":[1,2,3],"b":{"c":{"d":1}},"e":"x,y,{[[[[["}')).toBeNull();
    expect(refused('[]')).toBeNull();
  });

  it('refuses nesting past the depth limit, however the brackets mix', () => {
    expect(refused('[[[[[1]]]]]')).toMatch(/nested more than 4/);
    expect(refused('{"a":{"b":[{"c":[]}]}}')).toMatch(/nested/);
    expect(refused('['.repeat(10_000))).toMatch(/nested/);
  });

  it('refuses too many members in an object and too many items in a list', () => {
    expect(refused('{"a":1,"b":2,"c":3,"d":4}')).toMatch(/more than 3 members/);
    expect(refused('[1,2,3,4]')).toMatch(/more than 3 items/);
    expect(refused('{"a":[1,2],"b":[1,2],"c":[1,2]}')).toBeNull();
  });

  it('ignores brackets and commas inside strings, escaped quotes included', () => {
    expect(refused('{"a":"\\",,,,[[[[[[","b":1}')).toBeNull();
  });
});
