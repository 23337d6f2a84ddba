/** A problem with an input as a whole (unreadable, unknown format): the run stops with its message. */
export class InputError extends Error {
  override name = 'InputError';
}
