/** The hardware layer: one HardwareManager per bus, plus the pretend-device tools. */
export type * from './types.ts';
export { SimulatorManager, SimulatedDevice } from './simulator.ts';
export type { SimulatorOptions, SimulatedDeviceOptions, SimulatedDeviceEvent, AnnouncedInfo } from './simulator.ts';
export { BridgeManager, DEFAULT_BRIDGE_PORT } from './bridge.ts';
export type { BridgeManagerOptions, BridgeAddress } from './bridge.ts';
export { BridgeHardware } from './bridge-hardware.ts';
export { connectBridgeDevice, BridgeDevice } from './bridge-client.ts';
export type { BridgeServerFrame, BridgeCommand, BridgeReadRequest, BridgeClose } from './bridge-client.ts';
export type { BridgeHello, BridgeHelloV0, BridgeHelloV1 } from './bridge-frames.ts';
export { BtleManager, canonicalUuid } from './btle.ts';
export type { BtleManagerOptions, NobleLike, NoblePeripheral, NobleService, NobleCharacteristic } from './btle.ts';
export { SerialManager } from './serial.ts';
export type { SerialManagerOptions, SerialPortClass, SerialPortLike, SerialPortInfo, SerialPortOpenOptions } from './serial.ts';
export { HidManager } from './hid.ts';
export type { HidManagerOptions, HidModule, HidHandle, HidDeviceInfo } from './hid.ts';
export type { DeviceCommand } from './device-command.ts';
export type { ReadAnswer, ReadHandler, ReadRequest } from './read-answers.ts';
export type { Transport } from './device-description.ts';
