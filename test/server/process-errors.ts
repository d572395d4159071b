/** Records uncaught exceptions and unhandled rejections while a test runs. */
export function watchProcessErrors() {
  const errors: unknown[] = [];
  const record = (error: unknown) => void errors.push(error);
  process.on('uncaughtException', record);
  process.on('unhandledRejection', record);
  return {
    errors,
    dispose() {
      process.off('uncaughtException', record);
      process.off('unhandledRejection', record);
    },
  };
}
