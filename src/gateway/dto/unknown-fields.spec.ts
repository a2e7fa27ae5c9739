import { BareRequestDto } from './request.dto.js';
import { SubscribeDto } from './subscribe.dto.js';
import { UnsubscribeDto } from './unsubscribe.dto.js';
import { declaredFields, unknownFields } from './unknown-fields.js';

describe('unknownFields', () => {
  it('knows each DTO’s fields, inherited ones included', () => {
    expect([...declaredFields(BareRequestDto)].sort()).toEqual(['id', 'op']);
    expect([...declaredFields(UnsubscribeDto)].sort()).toEqual([
      'channel',
      'id',
      'interval',
      'op',
      'symbols',
    ]);
    expect([...declaredFields(SubscribeDto)].sort()).toEqual([
      'channel',
      'depth',
      'history',
      'id',
      'interval',
      'op',
      'since',
      'snapshot',
      'symbols',
      'throttleMs',
    ]);
  });

  it('finds the own keys JSON.parse made, prototype names included, in request order', () => {
    const request = JSON.parse(
      '{"op":"ping","__proto__":{"x":1},"id":1,"constructor":2,"prototype":3,"extra":4}',
    ) as object;
    expect(unknownFields(request, BareRequestDto)).toEqual([
      '__proto__',
      'constructor',
      'prototype',
      'extra',
    ]);
    expect(unknownFields({ op: 'subscribe', symbols: ['A'], throttleMs: 0 }, SubscribeDto)).toEqual(
      [],
    );
  });
});
