/**
 * Fredorch rotary machines: setup subscribes to rx and sends four packets (handshake, password,
 * power up, stop), waiting up to 100 ms after each for a reply that may not come. The machine
 * has no "set speed": it takes one step up (0x01) or down (0x02) per packet, so a background
 * task steps from the current speed to the target; 0 is a direct stop (0x24). Packets are
 * `[0x55, 0x03, cmd, cmd + 3, 0xAA]` on tx (reference: fredorch_rotary). The reference's task
 * polls every 100 ms for a new target; here a new target starts the stepping at once.
 */
import type { Hardware } from '../src/hardware/types.ts';
import { deviceError } from '../src/errors.ts';
import { defineProtocol } from './kit/define.ts';
import { NotificationInbox } from './kit/notification-inbox.ts';
import type { HardwareCommand, Protocol, ProtocolHandler } from './kit/types.ts';
import { toByte, unsupportedOutput } from './kit/values.ts';

const NAME = 'fredorch-rotary';

export interface FredorchRotaryOptions {
  /** How long to wait for each setup reply before going on (reference: 100 ms). */
  readonly replyTimeoutMs: number;
}

export const FREDORCH_ROTARY_DEFAULTS: FredorchRotaryOptions = { replyTimeoutMs: 100 };

const COMMAND = { speedUp: 0x01, speedDown: 0x02, stop: 0x24 } as const;

export function fredorchRotaryPacket(command: number): Uint8Array {
  return Uint8Array.of(0x55, 0x03, command, (command + 3) & 0xff, 0xaa);
}

const SETUP_PACKETS: readonly (readonly number[])[] = [
  // Handshake.
  [0x55, 0x03, 0x99, 0x9c, 0xaa],
  // Password; the device goes quiet after it.
  [0x55, 0x09, 0x21, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x2a, 0xaa],
  // Power up.
  [...fredorchRotaryPacket(0x1f)],
  // Stop.
  [...fredorchRotaryPacket(COMMAND.stop)],
];

async function setUp(hardware: Hardware, { replyTimeoutMs }: FredorchRotaryOptions): Promise<void> {
  const inbox = new NotificationInbox(hardware);
  try {
    await hardware.subscribe('rx');
    for (const packet of SETUP_PACKETS) {
      await hardware.write('tx', Uint8Array.from(packet), false);
      // A reply is optional; only a disconnect ends setup.
      await inbox.next(replyTimeoutMs).catch(() => {
        throw deviceError(`${NAME}: the device disconnected during setup`);
      });
    }
  } finally {
    inbox.close();
  }
}

/** Steps the machine's speed toward the target, one packet per step, straight to the hardware. */
class SpeedStepper {
  private current = 0;
  private target = 0;
  private running = false;
  private disposed = false;
  /** Counts stops, so a step written while a stop came in does not count on top of it. */
  private stops = 0;

  constructor(private readonly hardware: Hardware) {}

  /** A new target; 0 stops at once and returns the stop packet for the pipeline to send. */
  set(target: number): Uint8Array | undefined {
    this.target = target;
    if (target === 0) {
      this.current = 0;
      this.stops += 1;
      return fredorchRotaryPacket(COMMAND.stop);
    }
    void this.run();
    return undefined;
  }

  dispose(): void {
    this.disposed = true;
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (!this.disposed && this.current !== this.target) {
        const up = this.target > this.current;
        const stops = this.stops;
        await this.hardware.write('tx', fredorchRotaryPacket(up ? COMMAND.speedUp : COMMAND.speedDown), false);
        if (stops === this.stops) this.current += up ? 1 : -1;
      }
    } catch {
      // The device is gone; like the reference's task, stepping ends.
      this.disposed = true;
    } finally {
      this.running = false;
    }
  }
}

function createHandler(hardware: Hardware): ProtocolHandler {
  const stepper = new SpeedStepper(hardware);
  return {
    keepalive: { kind: 'none' },
    dispose: () => stepper.dispose(),
    output(command): HardwareCommand[] {
      if (command.output !== 'Oscillate') throw unsupportedOutput(NAME, command);
      const stop = stepper.set(toByte(NAME, command.value));
      return stop ? [{ kind: 'write', endpoint: 'tx', data: stop, withResponse: false, commandId: command.featureId }] : [];
    },
  };
}

export function createFredorchRotaryProtocol(options: Partial<FredorchRotaryOptions> = {}): Protocol {
  const resolved = { ...FREDORCH_ROTARY_DEFAULTS, ...options };
  return defineProtocol({
    name: NAME,
    async initialize({ hardware }) {
      await setUp(hardware, resolved);
      return createHandler(hardware);
    },
  });
}

export const protocol = createFredorchRotaryProtocol();
