import { DomainError } from './domain-error.js';
import { textProblem } from './validation.js';
import { MAX_JSON_ARRAY_LENGTH, MAX_JSON_DEPTH, MAX_JSON_KEYS_PER_OBJECT } from './json-body-limits.js';

export interface JsonLimits {
  maxDepth: number;
  maxKeysPerObject: number;
  maxArrayLength: number;
}

export const DEFAULT_JSON_LIMITS: JsonLimits = {
  maxDepth: MAX_JSON_DEPTH,
  maxKeysPerObject: MAX_JSON_KEYS_PER_OBJECT,
  maxArrayLength: MAX_JSON_ARRAY_LENGTH,
};

const OPEN_OBJECT = 0x7b; // {
const CLOSE_OBJECT = 0x7d; // }
const OPEN_ARRAY = 0x5b; // [
const CLOSE_ARRAY = 0x5d; // ]
const COMMA = 0x2c;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Checks the shape of JSON text in one linear pass, before `JSON.parse` builds anything: nesting depth,
 * members per object and items per array (counted by the commas at each level). Throws a 400 naming the
 * first limit crossed. Malformed text is left to JSON.parse. A scan of 1 MB takes a few milliseconds,
 * so a flood of hostile bodies cannot hold the event loop.
 */
export function assertJsonWithinLimits(text: string, limits: JsonLimits = DEFAULT_JSON_LIMITS): void {
  const counts: number[] = [];
  const isObject: boolean[] = [];
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) inString = true;
    else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > limits.maxDepth) throw DomainError.validation(`The body is nested more than ${limits.maxDepth} levels deep`);
      counts[depth] = 0;
      isObject[depth] = c === OPEN_OBJECT;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      if (depth > 0) depth--;
    } else if (c === COMMA && depth > 0) {
      const n = ++counts[depth]!; // the commas seen: one less than the members
      if (isObject[depth] && n >= limits.maxKeysPerObject) {
        throw DomainError.validation(`An object in the body has more than ${limits.maxKeysPerObject} members`);
      }
      if (!isObject[depth] && n >= limits.maxArrayLength) {
        throw DomainError.validation(`A list in the body has more than ${limits.maxArrayLength} items`);
      }
    }
  }
}

/**
 * Every string of a parsed body, keys included, checked for what no text field may hold (NUL, unpaired
 * surrogates): one place for fields that are not declared `Text` too. Throws a 400 naming the path.
 */
export function assertCleanStrings(value: unknown, path = 'body'): void {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    if (problem) throw DomainError.validation(`${path} ${problem}`);
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) assertCleanStrings(value[i], `${path}[${i}]`);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const problem = textProblem(key);
      if (problem) throw DomainError.validation(`A key in ${path} ${problem}`);
      assertCleanStrings(item, `${path}.${key}`);
    }
  }
}
