export type { ClientConnection, ConnectionAcceptor } from './connection.ts';
export {
  startWebSocketServer,
  PortInUseError,
  type WebSocketServerOptions,
  type RunningWebSocketServer,
} from './websocket-server.ts';
export { createInProcessPair, type InProcessClientEnd } from './in-process.ts';
export { InProcessClientConnector } from './in-process-connector.ts';
export { dialOut, type DialOut, type DialOutOptions } from './dial-out.ts';
export { MAX_FRAME_BYTES, BINARY_FRAME_REPLY } from './ws-connection.ts';
