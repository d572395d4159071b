/**
 * Serial ports through the serialport package, loaded on first use. While scanning, ports are listed
 * every few seconds and each one not yet offered is reported as `serial {port}`; it opens at the
 * matched specifier's baud rate, 8N1. Tests pass serialport's SerialPortMock as the port class.
 */
import type { EventEmitter } from 'node:events';
import { deviceError, describeError } from '../errors.ts';
import { HardwareBase } from './hardware-base.ts';
import type { Logger } from '../log/logger.ts';
import { PollingManager } from './polling-manager.ts';
import type { Endpoint, HardwareCandidate, ProtocolSpecifier } from './types.ts';

/** A listed serial port. */
export interface SerialPortInfo {
  readonly path: string;
}

/** How SerialManager opens a port (8N1 at the protocol's baud rate). */
export interface SerialPortOpenOptions {
  readonly path: string;
  readonly baudRate: number;
  readonly dataBits: 8;
  readonly stopBits: 1;
  readonly parity: 'none';
  readonly autoOpen: false;
}

/** The slice of a serialport stream this manager uses. */
export interface SerialPortLike extends EventEmitter {
  open(callback: (error: Error | null) => void): void;
  write(data: Buffer, callback: (error: Error | null | undefined) => void): boolean;
  close(callback: (error: Error | null) => void): void;
}

/** serialport's SerialPort, or SerialPortMock in tests. */
export interface SerialPortClass {
  new (options: SerialPortOpenOptions): SerialPortLike;
  list(): Promise<readonly SerialPortInfo[]>;
}

/** Options of a SerialManager. */
export interface SerialManagerOptions {
  /** Default: serialport's SerialPort (loaded on first use). */
  readonly portClass?: SerialPortClass;
  /** How often ports are listed while scanning; default 5000 ms. */
  readonly scanIntervalMs?: number;
  readonly logger?: Logger;
}

/** Bytes received while rx is not subscribed wait for a read, up to this many. */
const READ_BUFFER_BYTES = 4096;

/**
 * Serial-port devices through the serialport package (loaded on first use); ports are listed while
 * scanning and opened at the matched protocol's baud rate.
 */
export class SerialManager extends PollingManager<SerialPortClass, SerialPortInfo, SerialHardware> {
  constructor(private readonly options: SerialManagerOptions = {}) {
    super(
      { name: 'serial', unavailable: 'Serial unavailable', listFailed: 'serial: cannot list ports', defaultScanIntervalMs: 5000 },
      options,
    );
  }

  protected async loadLibrary(): Promise<SerialPortClass> {
    if (this.options.portClass) return this.options.portClass;
    const serialport = await import('serialport');
    return serialport.SerialPort as unknown as SerialPortClass;
  }

  protected list(portClass: SerialPortClass): Promise<readonly SerialPortInfo[]> {
    return portClass.list();
  }

  protected addressOf(port: SerialPortInfo): string {
    return port.path;
  }

  protected override listErrorText(error: unknown): string {
    return listErrorText(error);
  }

  protected override listUnavailableReason(listError: string): string {
    return `cannot list ports (${listError})`;
  }

  protected candidate(portClass: SerialPortClass, { path }: SerialPortInfo): HardwareCandidate {
    return {
      manager: this.name,
      name: path,
      address: path,
      specifier: { kind: 'serial', port: path },
      connect: (specifier) => this.connect(portClass, path, specifier),
    };
  }

  private async connect(portClass: SerialPortClass, path: string, specifier: ProtocolSpecifier): Promise<SerialHardware> {
    if (specifier.kind !== 'serial') throw deviceError(`${path} is a serial port; it cannot use a ${specifier.kind} specifier`);
    const open = async (): Promise<SerialHardware> => {
      // 8N1 whatever the specifier says, as the reference server does.
      const port = new portClass({ path, baudRate: specifier.baudRate, dataBits: 8, stopBits: 1, parity: 'none', autoOpen: false });
      await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
      return new SerialHardware(port, path, this.logger);
    };
    return this.openOnce(path, open, {
      busy: `serial port ${path} is already connected`,
      openFailed: `cannot open serial port ${path}`,
    });
  }
}

function listErrorText(error: unknown): string {
  const text = describeError(error);
  return /udevadm ENOENT/.test(text) ? `${text}; listing ports needs udevadm (the udev package)` : text;
}

interface WaitingRead {
  readonly resolve: (data: Uint8Array) => void;
  readonly reject: (error: Error) => void;
}

class SerialHardware extends HardwareBase {
  private waitingBytes: Buffer = Buffer.alloc(0);
  private readonly waitingReads: WaitingRead[] = [];

  constructor(
    private readonly port: SerialPortLike,
    path: string,
    logger: Logger,
  ) {
    super({ name: path, address: path, endpoints: ['tx', 'rx'] });
    port.on('data', (chunk: Buffer) => this.onData(chunk));
    port.on('close', () => this.markDisconnected());
    port.on('error', (error: Error) => logger.warn({ port: path, error: error.message }, 'serial: port error'));
    this.disconnected.subscribe(() => {
      for (const read of this.waitingReads.splice(0)) read.reject(deviceError(`${path} disconnected during a read`));
    });
  }

  private onData(chunk: Buffer): void {
    if (this.deliver('rx', chunk)) return;
    const read = this.waitingReads.shift();
    if (read) {
      read.resolve(Uint8Array.from(chunk));
      return;
    }
    this.waitingBytes = Buffer.concat([this.waitingBytes, chunk]).subarray(-READ_BUFFER_BYTES);
  }

  protected writeToDevice(_endpoint: Endpoint, data: Uint8Array): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.port.write(Buffer.from(data), (error) =>
        error ? reject(deviceError(`write to ${this.name} failed: ${error.message}`)) : resolve(),
      );
    });
  }

  /** Whatever bytes are waiting (up to length), or the next ones to arrive within timeoutMs. */
  protected readFromDevice(endpoint: Endpoint, length: number, timeoutMs: number): Promise<Uint8Array> {
    if (this.waitingBytes.length > 0) {
      const take = length > 0 ? Math.min(length, this.waitingBytes.length) : this.waitingBytes.length;
      const data = Uint8Array.from(this.waitingBytes.subarray(0, take));
      this.waitingBytes = this.waitingBytes.subarray(take);
      return Promise.resolve(data);
    }
    return new Promise<Uint8Array>((resolve, reject) => {
      const read: WaitingRead = {
        resolve: (data) => {
          clearTimeout(timer);
          resolve(data);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.waitingReads.splice(this.waitingReads.indexOf(read), 1);
        reject(deviceError(`read of ${endpoint} on ${this.name} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.waitingReads.push(read);
    });
  }

  // Subscriptions only gate notifications here; the port always streams.
  protected async subscribeOnDevice(): Promise<void> {}

  protected async unsubscribeOnDevice(): Promise<void> {}

  protected closeConnection(): Promise<void> {
    return new Promise<void>((resolve) => this.port.close(() => resolve()));
  }
}
