import type { TextFileReader } from '../read-auth-config.js';

/** A {@link TextFileReader} over an in-memory map; missing paths fail like `fs` (ENOENT). */
export function fakeFiles(files: Readonly<Record<string, string>>): TextFileReader {
  return (path) => {
    const content = files[path];
    if (content === undefined) {
      throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    }
    return content;
  };
}
