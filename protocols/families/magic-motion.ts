/** Shared prefix of the Magic Motion motor-control packets (reference: magic_motion_v1–v4). */
export const MAGIC_MOTION_MOTOR = [0x04, 0x08] as const;
