// Types of load/lib/crc32.js, so TypeScript tests can import it under `strict` without allowJs.
export declare function crc32Utf8(text: string): number;
