/**
 * Where the daemon listens (or dials out), from the parsed flags: the one place the default ports
 * and the all-interfaces switches turn into what the client listener and the device bridge get.
 */
import { DEFAULT_WEBSOCKET_PORT, type DaemonFlags } from './flags.ts';
import type { BridgeSettings } from './managers.ts';

/** How clients reach the server: a listener on a port, or a connection out to a listening client. */
type ClientEndpoint =
  | { readonly kind: 'listen'; readonly port: number; readonly allInterfaces: boolean }
  | { readonly kind: 'dial-out'; readonly url: string };

export function clientEndpoint(flags: DaemonFlags): ClientEndpoint {
  if (flags.websocketClientAddress !== undefined) return { kind: 'dial-out', url: flags.websocketClientAddress };
  return { kind: 'listen', port: flags.websocketPort ?? DEFAULT_WEBSOCKET_PORT, allInterfaces: flags.websocketUseAllInterfaces };
}

export function bridgeSettings(flags: DaemonFlags): BridgeSettings {
  return { port: flags.deviceWebsocketServerPort, allInterfaces: flags.deviceWebsocketServerUseAllInterfaces };
}
