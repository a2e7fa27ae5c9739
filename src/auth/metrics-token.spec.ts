import { inspect } from 'node:util';
import { MetricsToken } from './metrics-token.js';

const TOKEN = 'metrics-token-0123456789-0123456789-abcdef';

describe('MetricsToken', () => {
  it('matches only the configured token', () => {
    const token = MetricsToken.parse(TOKEN);
    if (!(token instanceof MetricsToken)) throw new Error(token.problem);
    expect(token.matches(TOKEN)).toBe(true);
    expect(token.matches(`${TOKEN}x`)).toBe(false);
    expect(token.matches('')).toBe(false);
  });

  it.each(['short', 'x'.repeat(513), `${'a'.repeat(32)} b`, `${'a'.repeat(32)}+`])(
    'refuses %j without quoting it',
    (value) => {
      const parsed = MetricsToken.parse(value);
      expect(parsed).not.toBeInstanceOf(MetricsToken);
      expect(JSON.stringify(parsed)).not.toContain(value);
    },
  );

  it('never prints the token or its digest', () => {
    const token = MetricsToken.parse(TOKEN);
    expect(JSON.stringify({ token })).toBe('{"token":"[REDACTED]"}');
    expect(inspect({ token }, { depth: 5 })).toBe('{ token: MetricsToken [REDACTED] }');
  });
});
