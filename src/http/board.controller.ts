import {
  Controller,
  Get,
  Logger,
  NotFoundException,
  Param,
  Res,
  ServiceUnavailableException,
  StreamableFile,
  UseInterceptors,
} from '@nestjs/common';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SecurityHeadersInterceptor } from './security-headers.interceptor.js';

/** The part of the HTTP response the controller touches. */
interface HeaderSink {
  setHeader(name: string, value: string): unknown;
}

interface Asset {
  readonly type: string;
  readonly body: Buffer;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

const INDEX = 'web/index.html';

/**
 * Serves the ticker board (`web/`, built into `dist/board` by `npm run build`):
 * `GET /` is the page, `GET /board/…` its modules and styles. The few small
 * files are read once at boot and served from memory, so no request path ever
 * reaches the file system. Every response, whatever its URL, carries the
 * board's security headers (the page is also reachable as `/board/web/index.html`).
 */
@Controller()
@UseInterceptors(SecurityHeadersInterceptor)
export class BoardController {
  private readonly logger = new Logger(BoardController.name);
  private readonly assets: ReadonlyMap<string, Asset>;

  constructor() {
    const root = findBoardRoot();
    this.assets = root ? loadAssets(root) : new Map();
    if (!this.assets.has(INDEX)) {
      this.logger.warn('ticker board not built (dist/board missing): run `npm run build`');
    }
  }

  @Get()
  index(@Res({ passthrough: true }) response: HeaderSink): StreamableFile {
    if (!this.assets.has(INDEX)) {
      throw new ServiceUnavailableException('The ticker board is not built: run `npm run build`.');
    }
    return this.serve(INDEX, response);
  }

  @Get('board/*path')
  asset(
    @Param('path') path: string | string[],
    @Res({ passthrough: true }) response: HeaderSink,
  ): StreamableFile {
    return this.serve(Array.isArray(path) ? path.join('/') : path, response);
  }

  private serve(path: string, response: HeaderSink): StreamableFile {
    const asset = this.assets.get(path);
    if (!asset) throw new NotFoundException();
    response.setHeader('Cache-Control', 'no-cache');
    return new StreamableFile(asset.body, { type: asset.type, length: asset.body.length });
  }
}

/**
 * `dist/board` next to the compiled service (`dist/http/…`), or, when the
 * service runs from sources (tests), the built one under the project root.
 */
function findBoardRoot(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  return [join(here, '..', 'board'), join(here, '..', '..', 'dist', 'board')].find((dir) =>
    existsSync(join(dir, INDEX)),
  );
}

/** Every servable file under `root`, keyed by its `/`-separated relative path. */
function loadAssets(root: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    const type = CONTENT_TYPES[extname(entry.name)];
    if (!entry.isFile() || !type) continue;
    const file = join(entry.parentPath, entry.name);
    assets.set(relative(root, file).split(sep).join('/'), { type, body: readFileSync(file) });
  }
  return assets;
}
