/** Small fakes for pipeline tests: hardware that records what reached it, and two protocols. */
import { Subject } from 'rxjs';
import type {
  HardwareCommand,
  HardwareOutput,
  InputReadingEvent,
  KeepaliveStrategy,
  ProtocolHandler,
} from '../../protocols/kit/types.ts';
import type { DeviceDefinition, InputType } from '../../src/devices/features.ts';
import type { Endpoint, Hardware, Notification } from '../../src/hardware/types.ts';
import { deviceError } from '../../src/errors.ts';

export interface HardwareOp {
  readonly at: number;
  readonly kind: 'write' | 'subscribe' | 'unsubscribe' | 'read';
  readonly endpoint: Endpoint;
  /** Writes: the data as text (the text protocol) or as comma-separated bytes (binary). */
  readonly data?: string;
}

interface Deferred {
  resolve(): void;
  reject(error: Error): void;
}

export class FakeHardware implements Hardware {
  readonly name = 'Fake Toy';
  readonly address = 'fake-address';
  readonly ops: HardwareOp[] = [];
  readonly notifications = new Subject<Notification>();
  readonly disconnected = new Subject<void>();
  /** Writes whose data is in this set are rejected. */
  readonly failingData = new Set<string>();
  /** When true, writes stay in flight until `releaseWrite()`. */
  holdWrites = false;
  /** Data returned by `read` (undefined: the read rejects like a timeout). */
  readResult: Uint8Array | undefined = Uint8Array.of(87);
  readonly reads: { endpoint: Endpoint; length: number; timeoutMs: number }[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private readonly held: Deferred[] = [];

  constructor(
    private readonly now: () => number,
    readonly endpoints: readonly Endpoint[] = ['tx', 'rx', 'rxblebattery'],
    private readonly binary = false,
  ) {}

  write(endpoint: Endpoint, data: Uint8Array): Promise<void> {
    const text = this.binary ? [...data].join(',') : new TextDecoder().decode(data);
    this.ops.push({ at: this.now(), kind: 'write', endpoint, data: text });
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const done = new Promise<void>((resolve, reject) => {
      if (this.failingData.has(text)) reject(new Error(`write of ${text} refused`));
      else if (this.holdWrites) this.held.push({ resolve, reject });
      else resolve();
    });
    return done.finally(() => (this.inFlight -= 1));
  }

  /** Lets the oldest held write complete. */
  releaseWrite(): void {
    this.held.shift()?.resolve();
  }

  read(endpoint: Endpoint, length: number, timeoutMs: number): Promise<Uint8Array> {
    this.reads.push({ endpoint, length, timeoutMs });
    this.ops.push({ at: this.now(), kind: 'read', endpoint });
    return this.readResult ? Promise.resolve(this.readResult) : Promise.reject(new Error('read timed out'));
  }

  subscribe(endpoint: Endpoint): Promise<void> {
    this.ops.push({ at: this.now(), kind: 'subscribe', endpoint });
    return Promise.resolve();
  }

  unsubscribe(endpoint: Endpoint): Promise<void> {
    this.ops.push({ at: this.now(), kind: 'unsubscribe', endpoint });
    return Promise.resolve();
  }

  disconnect(): Promise<void> {
    this.disconnected.next();
    this.disconnected.complete();
    return Promise.resolve();
  }

  /** The data of every write so far, in order. */
  writes(): string[] {
    return this.ops.filter((op) => op.kind === 'write').map((op) => op.data ?? '');
  }
}

export function textWrite(text: string, commandId: string, endpoint = 'tx'): HardwareCommand {
  return { kind: 'write', endpoint, data: new TextEncoder().encode(text), withResponse: false, commandId };
}

/** Encodes `V<feature>:<value>;` per feature, keyed by feature id; refuses negative non-rotate values. */
export class TextProtocol implements ProtocolHandler {
  readonly outputs: HardwareOutput[] = [];
  readonly readingsSubject = new Subject<InputReadingEvent>();
  readonly readings = this.readingsSubject.asObservable();
  readonly subscribeCalls: string[] = [];
  readonly unsubscribeCalls: string[] = [];
  disposed = false;

  constructor(readonly keepalive: KeepaliveStrategy = { kind: 'none' }) {}

  output(command: HardwareOutput): HardwareCommand[] {
    if (command.value < 0 && command.output !== 'Rotate' && command.output !== 'Temperature') {
      throw deviceError(`${command.output} cannot take the negative value ${command.value}`);
    }
    this.outputs.push(command);
    return [textWrite(`V${command.featureIndex}:${command.value};`, command.featureId)];
  }

  async subscribeInput(hardware: Hardware, featureIndex: number, input: InputType): Promise<void> {
    this.subscribeCalls.push(`${featureIndex}/${input}`);
    await hardware.subscribe('rx');
  }

  async unsubscribeInput(hardware: Hardware, featureIndex: number, input: InputType): Promise<void> {
    this.unsubscribeCalls.push(`${featureIndex}/${input}`);
    await hardware.unsubscribe('rx');
  }

  dispose(): void {
    this.disposed = true;
  }
}

export const WHOLE_DEVICE_ID = 'whole-device';

/** Keeps every feature's level and writes all of them as one packet under one constant commandId. */
export class WholeDeviceProtocol implements ProtocolHandler {
  private readonly levels = new Map<number, number>();

  constructor(
    private readonly featureCount: number,
    readonly keepalive: KeepaliveStrategy = { kind: 'none' },
  ) {}

  output(command: HardwareOutput): HardwareCommand[] {
    this.levels.set(command.featureIndex, command.value);
    const packet = Array.from({ length: this.featureCount }, (_, index) => this.levels.get(index) ?? 0);
    return [{ kind: 'write', endpoint: 'tx', data: Uint8Array.from(packet), withResponse: false, commandId: WHOLE_DEVICE_ID }];
  }
}

/**
 * Feature 0: Vibrate [0,20] with a user range [5,20] (so client step v ≠ 0 becomes 5+v);
 * feature 1: Rotate [-20,20] and Vibrate; feature 2: Position only; feature 3: Battery and Pressure inputs.
 */
export const toyDefinition: DeviceDefinition = {
  protocol: 'fake',
  name: 'Fake Toy',
  id: 'toy',
  features: [
    { index: 0, id: 'f0', description: '', outputs: { Vibrate: { value: [0, 20], userRange: [5, 20] } }, inputs: {} },
    {
      index: 1,
      id: 'f1',
      description: '',
      outputs: { Rotate: { value: [-20, 20] }, Vibrate: { value: [0, 10] } },
      inputs: {},
    },
    { index: 2, id: 'f2', description: '', outputs: { Position: { value: [0, 100] } }, inputs: {} },
    {
      index: 3,
      id: 'f3',
      description: '',
      outputs: {},
      inputs: {
        Battery: { value: [[0, 100]], commands: ['Read'] },
        Pressure: { value: [[0, 1000]], commands: ['Subscribe', 'Unsubscribe'] },
      },
    },
  ],
};

/** Two plain vibrators, for the whole-device protocol. */
export const twoMotorDefinition: DeviceDefinition = {
  protocol: 'fake-whole',
  name: 'Two Motors',
  id: 'two',
  features: [
    { index: 0, id: 'm0', description: '', outputs: { Vibrate: { value: [0, 100] } }, inputs: {} },
    { index: 1, id: 'm1', description: '', outputs: { Vibrate: { value: [0, 100] } }, inputs: {} },
  ],
};
