/** The part of a `ws` WebSocket the heartbeat uses; small so tests can drive it with a fake. */
interface PingableSocket {
  ping(): void;
  on(event: 'pong', listener: () => void): unknown;
  off(event: 'pong', listener: () => void): unknown;
}

/**
 * Pings every `intervalMs`; when a tick finds that no pong arrived since the previous ping, calls
 * `onDead` once and stops. A dead peer is therefore found between one and two intervals after it
 * went silent. Returns a function that stops the heartbeat.
 */
export function startHeartbeat(socket: PingableSocket, intervalMs: number, onDead: () => void): () => void {
  let answeredSinceLastPing = true;
  const onPong = () => {
    answeredSinceLastPing = true;
  };
  const stop = () => {
    clearInterval(timer);
    socket.off('pong', onPong);
  };
  const timer = setInterval(() => {
    if (!answeredSinceLastPing) {
      stop();
      onDead();
      return;
    }
    answeredSinceLastPing = false;
    try {
      socket.ping();
    } catch {
      // The socket is already closing; its close event stops this heartbeat.
    }
  }, intervalMs);
  // The socket keeps the process alive while it is open; the heartbeat alone should not.
  timer.unref?.();
  socket.on('pong', onPong);
  return stop;
}
