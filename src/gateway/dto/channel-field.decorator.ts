import {
  IsDefined,
  ValidateBy,
  ValidateIf,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';
import { WILDCARD_SYMBOL } from '../../market/symbol.js';
import { Channel, TICKER_CHANNEL } from '../../protocol/messages.js';
import { requestChannel } from './request-channel.js';

/**
 * The field belongs to `channels`: present on any other channel of the protocol,
 * it is refused (`interval` outside candles, `depth` outside book, …). Put it
 * nearest the property, so that is the problem reported.
 */
export function OnlyOnChannels(...channels: Channel[]): PropertyDecorator {
  return ValidateBy({
    name: 'onlyOnChannels',
    validator: {
      validate: (_value: unknown, args?: ValidationArguments) => {
        const channel = args ? requestChannel(args.object) : undefined;
        return channel === undefined || channels.includes(channel);
      },
      defaultMessage: (args?: ValidationArguments) =>
        `${args?.property ?? 'field'} is not taken by channel ${String(
          args ? requestChannel(args.object) : undefined,
        )}; only by ${channels.join(', ')}`,
    },
  });
}

/**
 * Required on `channel`, optional elsewhere (where {@link OnlyOnChannels} refuses
 * it); `null` is never absent. Replaces `@IsOmittable()` on such a field.
 */
export function RequiredOnChannel(channel: Channel, what: string): PropertyDecorator {
  return (target: object, property: string | symbol): void => {
    ValidateIf(
      (request: object, value: unknown) =>
        value !== undefined || requestChannel(request) === channel,
    )(target, property);
    IsDefined({ message: `${String(property)} is required on channel ${channel}: ${what}` })(
      target,
      property,
    );
  };
}

/** On `channel` the field may only be 0 (`throttleMs` on trades, which are never throttled). */
export function ZeroOnChannel(channel: Channel, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'zeroOnChannel',
      validator: {
        validate: (value: unknown, args?: ValidationArguments) =>
          value === 0 || !args || requestChannel(args.object) !== channel,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'field'} must be 0 on channel ${channel}`,
      },
    },
    options,
  );
}

/** `"*"` is a symbol of the ticker channel only. */
export function WildcardOnlyOnTicker(): PropertyDecorator {
  return ValidateBy({
    name: 'wildcardOnlyOnTicker',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => {
        if (!Array.isArray(value) || !value.includes(WILDCARD_SYMBOL) || !args) return true;
        const channel = requestChannel(args.object);
        return channel === undefined || channel === TICKER_CHANNEL;
      },
      defaultMessage: (args?: ValidationArguments) =>
        `"*" is allowed on channel ${TICKER_CHANNEL} only, not on ${String(
          args ? requestChannel(args.object) : undefined,
        )}`,
    },
  });
}
