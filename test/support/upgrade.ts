import { WebSocket, type ClientOptions } from 'ws';

/** The HTTP status of a refused upgrade, or `101` when the upgrade succeeds. */
export function upgradeStatus(
  url: string,
  options: ClientOptions = {},
): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, options);
    socket.once('unexpected-response', (_request, response) => {
      resolve({ status: response.statusCode ?? 0, headers: response.headers });
      socket.terminate();
    });
    socket.once('open', () => {
      resolve({ status: 101, headers: {} });
      socket.close();
    });
    socket.once('error', (error) => reject(error));
  });
}
