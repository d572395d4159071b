/** Shared by the Mizz Zee generations (reference: mizzzee, mizzzee_v2): every packet opens with this magic. */
export const MIZZZEE_MAGIC = [0x69, 0x96] as const;
