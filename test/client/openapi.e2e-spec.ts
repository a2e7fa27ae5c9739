import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ManualTickSource } from '../support/manual-tick.source.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface Parameter {
  name: string;
  in: 'path' | 'query';
  required?: boolean;
  example?: string;
}

interface Operation {
  operationId: string;
  parameters?: Parameter[];
  responses: Record<string, { content?: Record<string, unknown> }>;
}

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, { get?: Operation }>;
}

const SPEC = new URL('../../docs/openapi.yaml', import.meta.url);
const spec = parse(readFileSync(SPEC, 'utf8')) as OpenApiDocument;

/** The routes the service serves over HTTP; each must be documented. */
const ROUTES = [
  '/v1/symbols',
  '/v1/tickers',
  '/v1/tickers/{symbol}',
  '/v1/trades/{symbol}',
  '/v1/candles/{symbol}',
  '/v1/book/{symbol}',
  '/health/live',
  '/health/ready',
  '/metrics',
  '/',
];

/** `path` with each path parameter replaced by `values[name]` or its example, URL-encoded. */
function fill(path: string, operation: Operation, values: Record<string, string> = {}): string {
  let url = path;
  const query = new URLSearchParams();
  for (const parameter of operation.parameters ?? []) {
    const value = values[parameter.name] ?? parameter.example;
    if (value === undefined) throw new Error(`${path}: no example for ${parameter.name}`);
    if (parameter.in === 'path') {
      // A multi-segment path parameter keeps its slashes; a symbol's "/" is encoded.
      const encoded = parameter.name === 'path' ? value : encodeURIComponent(value);
      url = url.replace(`{${parameter.name}}`, encoded);
    } else if (parameter.required || values[parameter.name] !== undefined) {
      query.set(parameter.name, value);
    }
  }
  const search = query.toString();
  return search ? `${url}?${search}` : url;
}

describe('docs/openapi.yaml', () => {
  let source: ManualTickSource;
  let service: TestApp;

  beforeAll(async () => {
    source = new ManualTickSource(new Set(['AAPL', 'EUR/USD']));
    service = await startTestApp({}, source);
    source.emit('AAPL', 189.13);
    source.emit('EUR/USD', 1.0845);
  });
  afterAll(() => service.close());

  /** Requests `url` and checks its status and media type against the operation's documented responses. */
  async function expectDocumented(operation: Operation, url: string): Promise<number> {
    const response = await fetch(service.baseUrl + url);
    const documented = operation.responses[String(response.status)];
    expect({ url, status: response.status, documented: documented !== undefined }).toEqual({
      url,
      status: response.status,
      documented: true,
    });
    const mediaTypes = Object.keys(documented?.content ?? {});
    const contentType = response.headers.get('content-type') ?? '';
    if (mediaTypes.length > 0) {
      expect(mediaTypes.some((type) => contentType.startsWith(type))).toBe(true);
    }
    await response.arrayBuffer();
    return response.status;
  }

  it('is OpenAPI 3.1 and documents every REST route with an operationId', () => {
    expect(spec.openapi).toMatch(/^3\.1\./);
    for (const route of ROUTES) {
      expect({ route, get: spec.paths[route]?.get?.operationId }).toEqual({
        route,
        get: expect.any(String),
      });
    }
  });

  it.each(Object.keys(spec.paths))(
    'GET %s answers on the running app with a documented status and media type',
    async (path) => {
      const operation = spec.paths[path]!.get!;
      const status = await expectDocumented(operation, fill(path, operation));
      expect(status).toBeLessThan(500);
    },
  );

  it.each([
    ['/v1/tickers', { symbols: 'AAPL,NOPE' }, 404],
    ['/v1/tickers', { symbols: 'aapl' }, 400],
    ['/v1/tickers/{symbol}', { symbol: 'NOPE' }, 404],
    ['/v1/tickers/{symbol}', { symbol: 'bad' }, 400],
    ['/v1/tickers/{symbol}', { symbol: 'EUR/USD' }, 200],
    ['/board/{path}', { path: 'web/nope.js' }, 404],
  ] as const)('GET %s with %j answers the documented %i', async (path, values, expected) => {
    const operation = spec.paths[path]!.get!;
    expect(operation.responses[String(expected)]).toBeDefined();
    expect(await expectDocumented(operation, fill(path, operation, values))).toBe(expected);
  });
});
