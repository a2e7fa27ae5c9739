import type { IncomingMessage } from 'node:http';
import { Inject, UseFilters, UsePipes } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
} from '@nestjs/websockets';
import type { WebSocket } from 'ws';
import {
  Op,
  STREAM_PATH,
  type PongMessage,
  type SubscriptionsMessage,
} from '../protocol/messages.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { CLOCK, type Clock } from '../shared/clock.js';
import type { Connection } from './connection.js';
import { ConnectionRegistry } from './connection-registry.js';
import { ConnectionService } from './connection.service.js';
import { BareRequestDto } from './dto/request.dto.js';
import { SubscribeDto } from './dto/subscribe.dto.js';
import { UnsubscribeDto } from './dto/unsubscribe.dto.js';
import { ProtocolError } from './protocol-error.js';
import { ProtocolExceptionFilter } from './protocol-exception.filter.js';
import { protocolValidationPipe } from './protocol-validation.pipe.js';
import { SubscriptionService } from './subscription.service.js';

/** Protocol v1 on `/v1/stream` (docs/protocol.md). */
@WebSocketGateway({ path: STREAM_PATH })
@UseFilters(ProtocolExceptionFilter)
@UsePipes(protocolValidationPipe())
export class MarketStreamGateway
  implements OnGatewayConnection<WebSocket>, OnGatewayDisconnect<WebSocket>
{
  constructor(
    private readonly connections: ConnectionService,
    private readonly registry: ConnectionRegistry,
    private readonly subscriptions: SubscriptionService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  handleConnection(client: WebSocket, request: IncomingMessage): void {
    this.connections.open(client, request);
  }

  handleDisconnect(client: WebSocket): void {
    this.connections.close(client);
  }

  @SubscribeMessage(Op.SUBSCRIBE)
  subscribe(@ConnectedSocket() client: WebSocket, @MessageBody() request: SubscribeDto): void {
    this.subscriptions.subscribe(this.connectionOf(client), request);
  }

  @SubscribeMessage(Op.UNSUBSCRIBE)
  unsubscribe(@ConnectedSocket() client: WebSocket, @MessageBody() request: UnsubscribeDto): void {
    this.subscriptions.unsubscribe(this.connectionOf(client), request);
  }

  @SubscribeMessage(Op.LIST)
  list(
    @ConnectedSocket() client: WebSocket,
    @MessageBody() request: BareRequestDto,
  ): SubscriptionsMessage {
    const subscriptions = this.subscriptions.list(this.connectionOf(client));
    return { type: 'subscriptions', ...idOf(request), subscriptions };
  }

  @SubscribeMessage(Op.PING)
  ping(@MessageBody() request: BareRequestDto): PongMessage {
    return { type: 'pong', ...idOf(request), serverTime: this.clock.now() };
  }

  private connectionOf(client: WebSocket): Connection {
    const connection = this.registry.get(client);
    if (!connection) throw new ProtocolError(ErrorCode.INTERNAL, 'Connection is closing');
    return connection;
  }
}

function idOf(request: BareRequestDto): Pick<BareRequestDto, 'id'> {
  return request.id === undefined ? {} : { id: request.id };
}
