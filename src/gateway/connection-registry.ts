import { Injectable } from '@nestjs/common';
import type { WebSocket } from 'ws';
import type { Connection } from './connection.js';

/** Open connections by socket. */
@Injectable()
export class ConnectionRegistry {
  private readonly bySocket = new Map<WebSocket, Connection>();

  add(connection: Connection): void {
    this.bySocket.set(connection.socket, connection);
  }

  get(socket: WebSocket): Connection | undefined {
    return this.bySocket.get(socket);
  }

  remove(socket: WebSocket): Connection | undefined {
    const connection = this.bySocket.get(socket);
    this.bySocket.delete(socket);
    return connection;
  }

  get size(): number {
    return this.bySocket.size;
  }

  all(): IterableIterator<Connection> {
    return this.bySocket.values();
  }
}
