/**
 * A handler as a plain object with its methods bound, so wrappers can copy and override members
 * even when the protocol implemented the handler as a class.
 */
import type { ProtocolHandler } from './types.ts';

export function plainHandler(handler: ProtocolHandler): ProtocolHandler {
  const plain: { -readonly [K in keyof ProtocolHandler]: ProtocolHandler[K] } = {
    output: handler.output.bind(handler),
    keepalive: handler.keepalive,
  };
  if (handler.readInput) plain.readInput = handler.readInput.bind(handler);
  if (handler.subscribeInput) plain.subscribeInput = handler.subscribeInput.bind(handler);
  if (handler.unsubscribeInput) plain.unsubscribeInput = handler.unsubscribeInput.bind(handler);
  if (handler.readings) plain.readings = handler.readings;
  if (handler.dispose) plain.dispose = handler.dispose.bind(handler);
  return plain;
}
