/**
 * Lets a test's event loop turn. A test that computes for a minute without awaiting anything holds
 * up Vitest's own messages from its worker (the reply to "onTaskUpdate"), and on a loaded 2-core CI
 * machine the whole run then fails with "Timeout calling onTaskUpdate" although every test passed
 * (see child.ts for the same with child processes). Long loops await this every so often.
 */
export function breathe(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
