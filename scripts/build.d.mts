/** True when an output in dist/ is missing or older than a source. */
export function isStale(): boolean;
/** Builds dist/ from scratch (tsup); throws when the build fails. */
export function build(): void;
