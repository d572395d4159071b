/** Text of any thrown value, for log fields and error messages. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
