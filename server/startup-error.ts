// A reason the hub cannot start that an operator can fix (a missing build, a bad
// setting): main.ts prints its message as one line, without a stack trace.
export class StartupError extends Error {
  override readonly name = 'StartupError';
}
