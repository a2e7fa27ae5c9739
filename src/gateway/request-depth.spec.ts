import { fieldNestedTooDeep, MAX_REQUEST_DEPTH } from './request-depth.js';

const arrays = (n: number): string => '['.repeat(n) + ']'.repeat(n);
const objects = (n: number): string => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
const parse = (text: string): Record<string, unknown> =>
  JSON.parse(text) as Record<string, unknown>;

describe('fieldNestedTooDeep', () => {
  it('accepts every protocol request', () => {
    expect(fieldNestedTooDeep(parse('{"op":"subscribe","id":1,"symbols":["A","B"]}'))).toBe(
      undefined,
    );
    expect(fieldNestedTooDeep(parse('{"op":"ping"}'))).toBe(undefined);
  });

  it('counts the request as level 1: 32 levels pass, 33 do not', () => {
    expect(MAX_REQUEST_DEPTH).toBe(32);
    expect(fieldNestedTooDeep(parse(`{"x":${arrays(31)}}`))).toBe(undefined);
    expect(fieldNestedTooDeep(parse(`{"x":${arrays(32)}}`))).toBe('x');
    expect(fieldNestedTooDeep(parse(`{"x":${objects(31)}}`))).toBe(undefined);
    expect(fieldNestedTooDeep(parse(`{"x":${objects(32)}}`))).toBe('x');
  });

  it('names the first field that is too deep, in request order', () => {
    const request = parse(`{"op":"ping","a":[1,[2]],"b":${arrays(40)},"c":${arrays(50)}}`);
    expect(fieldNestedTooDeep(request)).toBe('b');
  });

  it('finds deep nesting beside shallow siblings and under __proto__ keys', () => {
    expect(fieldNestedTooDeep(parse(`{"s":["A",{"k":[1]},${arrays(40)}]}`))).toBe('s');
    expect(fieldNestedTooDeep(parse(`{"__proto__":${objects(40)}}`))).toBe('__proto__');
  });

  it('walks 100,000 levels without recursion', () => {
    const deep = parse(`{"x":${arrays(100_000)}}`);
    expect(fieldNestedTooDeep(deep)).toBe('x');
    expect(fieldNestedTooDeep(deep, 200_000)).toBe(undefined);
  });
});
